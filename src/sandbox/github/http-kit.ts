import type { IncomingMessage, ServerResponse } from "node:http";

/** A refusal in GitHub's words; thrown by handlers and turned into `{ message, documentation_url }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Response headers GitHub sends with this refusal (e.g. `retry-after`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (): HttpError => new HttpError(404, "Not Found");

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Matched<C> {
  template: string;
  params: Record<string, string>;
  handler: (call: C & { params: Record<string, string> }) => Promise<RouteResult>;
}

interface Route<C> {
  method: string;
  template: string;
  segments: string[];
  handler: Matched<C>["handler"];
}

/**
 * Routes by GitHub's own path templates, so fault injection and call counts
 * use names a reader recognises from the REST docs. `{name+}` takes the rest
 * of the path (contents paths, refs with slashes).
 *
 * @example
 *   router.on("GET /repos/{owner}/{repo}/pulls/{pull_number}", async ({ params }) => ({ body: ... }));
 */
export class Router<C> {
  private readonly routes: Array<Route<C>> = [];

  on(route: string, handler: Matched<C>["handler"]): void {
    const [method = "", template = ""] = route.split(" ");
    this.routes.push({ method, template, segments: template.split("/").slice(1), handler });
  }

  match(method: string, pathname: string): Matched<C> | undefined {
    const parts = pathname.split("/").slice(1).map((p) => decodeURIComponent(p));
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { template: `${route.method} ${route.template}`, params, handler: route.handler };
    }
    return undefined;
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    const greedy = /^\{(\w+)\+\}$/.exec(segment);
    if (greedy) {
      const rest = parts.slice(i).join("/");
      if (!rest && i < parts.length) return null;
      params[greedy[1] ?? ""] = rest;
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    const named = /^\{(\w+)\}$/.exec(segment);
    if (named) {
      if (!part) return null;
      params[named[1] ?? ""] = part;
    } else if (segment.includes("{")) {
      // Templates such as "{basehead}" inside a literal never occur; compare literally otherwise.
      return null;
    } else if (segment !== part) {
      return null;
    }
  }
  return parts.length === segments.length ? params : null;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function errorBody(error: HttpError): Record<string, unknown> {
  return {
    message: error.message,
    documentation_url: "https://docs.github.com/rest",
    status: String(error.status),
    ...error.extra,
  };
}

/** Reads a required string field from a JSON body or answers 422 like GitHub. */
export function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  if (typeof value !== "string" || value.length === 0) {
    throw new HttpError(422, `Invalid request.\n\n"${name}" wasn't supplied.`);
  }
  return value;
}

export function optional<T>(body: unknown, name: string): T | undefined {
  return (body as Record<string, T | undefined> | null)?.[name] ?? undefined;
}

/** One page of `items` as `?per_page=&page=` asks, with a GitHub-style Link header for Octokit's paginate. */
export function page<T>(items: T[], query: URLSearchParams, selfUrl: string): RouteResult {
  const perPage = Math.min(Math.max(Number(query.get("per_page")) || 30, 1), 100);
  const current = Math.max(Number(query.get("page")) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const links: string[] = [];
  const at = (n: number) => {
    const url = new URL(selfUrl);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(n));
    return url.toString();
  };
  if (current < last) links.push(`<${at(current + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (current > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(current - 1)}>; rel="prev"`);
  return {
    body: items.slice((current - 1) * perPage, current * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}
