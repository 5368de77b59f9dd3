import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import type { K8sObject } from "./render.js";
import { repoPath } from "./repo.js";

/** The console's sources and the bundle `npm run build -w @prelabel/console` writes (Vite copies public/ to its root). */
export const CONSOLE_APP = "console/src/app.tsx";
export const CONSOLE_PUBLIC = "console/public";
export const CONSOLE_DIST = "console/dist";

/** The gateway's own paths: never for the outside world through the Ingress (the API's /graphql aside). */
export const GATEWAY_INTERNAL_PATHS = ["/metrics", "/healthz", "/readyz"];

/**
 * One sample URL path per top-level client route of the console (`<Route path="/tasks/:id">` → `/tasks/1`), read from
 * the route table in app.tsx: a route the Ingress does not pass would work in `npm start` and 404 in production.
 */
export function consoleRoutePaths(source = readFileSync(repoPath(CONSOLE_APP), "utf8")): string[] {
  const paths = [...source.matchAll(/<Route\b[^>]*\bpath=["']([^"']+)["']/g)].map((m) => m[1]).filter((p) => p.startsWith("/"));
  return [...new Set(paths.map((p) => p.replace(/:[A-Za-z]\w*/g, "1").replace(/\*$/, "x")))];
}

/** `/favicon.svg` and the like: files Vite copies from public/ to the bundle's root, which index.html links. */
export const consolePublicFiles = (): string[] => readdirSync(repoPath(CONSOLE_PUBLIC)).map((f) => `/${f}`);

/** The precompressed siblings the console's build writes (console/build/precompress.plugin.ts): never asked for by URL. */
export const PRECOMPRESSED_SUFFIXES = [".br", ".gz"];

/** The hashed bundle files of the built console (`/assets/index-abc.js`), once `npm run build` has run. */
export const consoleAssetPaths = (): string[] =>
  readdirSync(repoPath(CONSOLE_DIST, "assets"))
    .filter((f) => !PRECOMPRESSED_SUFFIXES.some((suffix) => f.endsWith(suffix)))
    .map((f) => `/assets/${f}`);

export interface IngressRoute {
  readonly ingress: string;
  readonly path: string;
  readonly pathType: string;
  readonly service: string;
  readonly port: { name?: string; number?: number };
}

/** The fields of a rendered Ingress these checks read (validate.ts vouches for the shape against the API schema). */
interface IngressSpec {
  rules?: {
    http?: {
      paths?: { path: string; pathType: string; backend?: { service?: { name: string; port?: { name?: string; number?: number } } } }[];
    };
  }[];
}

export function ingressRoutes(ingresses: readonly K8sObject[]): IngressRoute[] {
  return ingresses.flatMap((ingress) =>
    ((ingress.spec as IngressSpec | undefined)?.rules ?? []).flatMap((rule) =>
      (rule.http?.paths ?? []).map((p) => ({
        ingress: ingress.metadata.name,
        path: p.path,
        pathType: p.pathType,
        service: String(p.backend?.service?.name),
        port: p.backend?.service?.port ?? {},
      })),
    ),
  );
}

/**
 * The route a request path takes, as the Ingress API defines matching: Exact is the whole path; Prefix matches
 * element by element (`/tasks` matches `/tasks` and `/tasks/1`, not `/tasksx`); the longest match wins, Exact over
 * Prefix at equal length. ImplementationSpecific (regex in ingress-nginx) is refused: the checks could not follow it.
 */
export function routeOf(routes: readonly IngressRoute[], urlPath: string): IngressRoute | undefined {
  const path = posix.normalize(urlPath);
  let best: { route: IngressRoute; length: number; exact: boolean } | undefined;
  for (const route of routes) {
    if (route.pathType === "ImplementationSpecific")
      throw new Error(`${route.ingress} ${route.path}: ImplementationSpecific paths are not checked`);
    const exact = route.pathType === "Exact";
    const prefix = route.path.replace(/\/+$/, "");
    const matches = exact ? path === route.path : prefix === "" || path === prefix || path.startsWith(`${prefix}/`);
    if (!matches) continue;
    const length = exact ? route.path.length : prefix.length;
    if (!best || length > best.length || (length === best.length && exact && !best.exact)) best = { route, length, exact };
  }
  return best?.route;
}

/**
 * Ingress-nginx annotations that can add, drop or rewrite response headers (or the response): with any of them the
 * Content-Security-Policy a browser sees would no longer be the one the gateway sets and its tests check.
 */
const HEADER_TOUCHING = [
  /snippet/i, // configuration-snippet, server-snippet, auth-snippet: raw nginx (more_set_headers, add_header, sub_filter)
  /custom-headers/i,
  /hide-headers/i,
  /rewrite-target/i,
  /app-root/i,
  /enable-cors/i,
  /cors-/i,
  /x-forwarded-prefix/i,
  /custom-http-errors/i,
  /default-backend/i,
];

export const headerTouchingAnnotations = (ingress: K8sObject): string[] =>
  Object.keys(ingress.metadata.annotations ?? {}).filter((key) => HEADER_TOUCHING.some((re) => re.test(key)));
