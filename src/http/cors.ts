import { isHeaderValue } from './header-check.js';
import { hasHeader, Response, type HeaderValue } from './response.js';

/** What a user writes: `cors: true` or a config object, per route or app-wide. */
export interface CorsConfig {
  /** Allowed origins: `'*'`, one origin, or a list (the request's Origin is echoed when listed). @default '*' */
  origins?: '*' | string | readonly string[];
  /**
   * Request headers a browser may send, in addition to the defaults (Authorization, Content-Type,
   * X-Amz-Date, X-Amz-Security-Token, X-Api-Key), as Chalice's `allow_headers` does.
   * @default none beyond the defaults
   */
  headers?: readonly string[];
  /** Announce `headers` only, without the defaults. @default false */
  replaceDefaultHeaders?: boolean;
  /** Response headers a browser script may read. @default none */
  exposeHeaders?: readonly string[];
  /** Methods announced by preflight. @default the methods registered on the path */
  methods?: readonly string[];
  /** Seconds a browser may cache a preflight answer. @default not sent */
  maxAge?: number;
  /** Sends `Access-Control-Allow-Credentials: true` (the origin is then echoed, never `*`). @default false */
  credentials?: boolean;
}

/** The normalized rule, as it appears in the manifest. */
export interface CorsRule {
  origins: string[];
  headers: string[];
  exposeHeaders: string[];
  methods: string[] | null;
  maxAge: number | null;
  credentials: boolean;
}

export const DEFAULT_CORS_HEADERS = ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key'];

/**
 * The defaults plus the app's own, sorted, as Chalice's CORSConfig announces them (the app's
 * spelling wins; names compare case-insensitively).
 */
function allowHeaders(cfg: CorsConfig): string[] {
  const own = cfg.headers ?? [];
  if (cfg.replaceDefaultHeaders) return [...own];
  const seen = new Set(own.map((h) => h.toLowerCase()));
  return [...own, ...DEFAULT_CORS_HEADERS.filter((h) => !seen.has(h.toLowerCase()))].sort();
}

export function normalizeCors(c: boolean | CorsConfig | null | undefined): CorsRule | null {
  if (!c) return null;
  const cfg: CorsConfig = c === true ? {} : c;
  const o = cfg.origins ?? '*';
  return {
    origins: typeof o === 'string' ? [o] : [...o],
    headers: allowHeaders(cfg),
    exposeHeaders: [...(cfg.exposeHeaders ?? [])],
    methods: cfg.methods ? cfg.methods.map((m) => m.toUpperCase()) : null,
    maxAge: cfg.maxAge ?? null,
    credentials: cfg.credentials ?? false,
  };
}

/** The origin to announce, or undefined when the request's origin is not allowed. */
function allowedOrigin(rule: CorsRule, origin: string | undefined): string | undefined {
  const any = rule.origins.includes('*');
  if (any && !rule.credentials) return '*';
  // Echoed only when it can be sent back as a header value (a direct invoke can carry anything).
  if (origin !== undefined && (any || rule.origins.includes(origin)) && isHeaderValue(origin)) return origin;
  // A single fixed origin is announced as is, like API Gateway's static CORS headers.
  return rule.origins.length === 1 && !any ? rule.origins[0] : undefined;
}

/** Headers added to every response of a CORS route. */
export function corsHeaders(rule: CorsRule, origin: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const allow = allowedOrigin(rule, origin);
  if (allow === undefined) return out;
  out['Access-Control-Allow-Origin'] = allow;
  if (allow !== '*') out['Vary'] = 'Origin';
  if (rule.credentials) out['Access-Control-Allow-Credentials'] = 'true';
  if (rule.exposeHeaders.length) out['Access-Control-Expose-Headers'] = rule.exposeHeaders.join(',');
  return out;
}

/** Headers of the answer to an OPTIONS preflight. */
export function preflightHeaders(rule: CorsRule, methods: readonly string[], origin: string | undefined): Record<string, string> {
  const out = corsHeaders(rule, origin);
  const announced = rule.methods ?? methods;
  out['Access-Control-Allow-Methods'] = [...new Set([...announced, 'OPTIONS'])].join(',');
  out['Access-Control-Allow-Headers'] = rule.headers.join(',');
  if (rule.maxAge !== null) out['Access-Control-Max-Age'] = String(rule.maxAge);
  return out;
}

/**
 * Adds a route's CORS headers (`extra`) to a result's `headers`, except where the handler's own
 * response (`own`) sets them. The handler's Vary is kept but never loses Origin: a cache must not
 * mix origins' answers.
 */
export function addCorsHeaders(headers: Record<string, string>, own: Record<string, HeaderValue>, extra: Record<string, string>): void {
  for (const k in extra) {
    if (!hasHeader(own, k.toLowerCase())) headers[k] = extra[k]!;
    else if (k === 'Vary') {
      const name = Object.keys(own).find((h) => h.toLowerCase() === 'vary')!;
      const v = own[name]!;
      const list = (typeof v === 'object' ? [...v] : [String(v)]).flatMap((x) => x.split(',').map((s) => s.trim()));
      if (!list.some((x) => x.toLowerCase() === 'origin' || x === '*')) own[name] = [...list, 'Origin'].join(', ');
    }
  }
}

/** The answer to a CORS preflight on a path with CORS routes (`rule` is theirs): it names their methods. */
export function preflightResponse(rule: CorsRule, routes: Iterable<{ readonly cors: CorsRule | null; readonly methods: readonly string[] }>, origin: string | undefined): Response {
  const methods = [...routes].filter((r) => r.cors).flatMap((r) => r.methods);
  return new Response('', { status: 200, headers: preflightHeaders(rule, methods, origin) });
}
