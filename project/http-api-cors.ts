// An HTTP API has one CORS configuration for the whole API, where Calix apps declare CORS per
// route: this derives the API's configuration from the routes, for the deployed HTTP API (its
// `corsConfiguration` / `x-amazon-apigateway-cors`) and for `calix local`, which answers as that
// configuration makes API Gateway answer.
import type { CorsRule } from '../src/http/cors.js';
import type { RouteManifest } from '../src/manifest.js';

/** An HTTP API's CORS configuration, in the shape of API Gateway's `Cors` object (and CDK's `CorsPreflightOptions`). */
export interface HttpApiCors {
  /** `['*']`, or the origins allowed. */
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  /** Seconds, or undefined (not sent). */
  readonly maxAge: number | undefined;
  readonly allowCredentials: boolean;
}

const union = (lists: readonly (readonly string[])[], key = (s: string) => s): string[] => {
  const seen = new Map<string, string>();
  for (const list of lists) for (const s of list) if (!seen.has(key(s))) seen.set(key(s), s);
  return [...seen.values()];
};

/**
 * The API-wide CORS configuration an HTTP API gets from the app's per-route rules; undefined when
 * no route uses CORS (the API then has none, and OPTIONS is an ordinary method).
 *
 * The union, so every request a route's rule allows is still allowed: origins (`*` when any rule
 * allows any origin), headers, exposed headers, and methods (a rule's `methods`, else the methods
 * of the routes that use CORS, plus OPTIONS); credentials when any rule allows them; the smallest
 * `maxAge` given. What a per-route rule cannot keep on an HTTP API: a route without CORS answers
 * with the API's CORS headers too, and a route's rule no longer narrows another route's.
 */
export function httpApiCors(routes: readonly Pick<RouteManifest, 'methods' | 'cors'>[]): HttpApiCors | undefined {
  const withCors = routes.filter((r): r is Pick<RouteManifest, 'methods'> & { cors: CorsRule } => r.cors !== null);
  if (!withCors.length) return undefined;
  const rules = withCors.map((r) => r.cors);
  const origins = union(rules.map((r) => r.origins));
  const ages = rules.map((r) => r.maxAge).filter((a): a is number => a !== null);
  return {
    allowOrigins: origins.includes('*') ? ['*'] : origins,
    allowMethods: union([...withCors.map((r) => r.cors.methods ?? r.methods), ['OPTIONS']], (m) => m.toUpperCase()).map((m) => m.toUpperCase()),
    allowHeaders: union(rules.map((r) => r.headers), (h) => h.toLowerCase()),
    exposeHeaders: union(rules.map((r) => r.exposeHeaders), (h) => h.toLowerCase()),
    maxAge: ages.length ? Math.min(...ages) : undefined,
    allowCredentials: rules.some((r) => r.credentials),
  };
}
