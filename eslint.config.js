// Lint configuration: typescript-eslint's recommended rules over src and test.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    // The CLI and the sandbox talk to a person on a terminal; the app logs through pino.
    files: ["src/cli/**/*.ts", "src/sandbox/**/*.ts", "src/bench/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
