# access-pr server image: build with the dev toolchain, run with production
# dependencies only, as a non-root user.
#   docker build -t access-pr .
#   docker run -e APP_ID=… -e PRIVATE_KEY_PATH=/secrets/app.pem -e WEBHOOK_SECRET=… \
#     -v /path/to/secrets:/secrets:ro -p 3000:3000 access-pr

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && rm -rf dist/bench dist/sandbox && find dist -name '*.map' -delete

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY app.yml LICENSE ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server.js"]
