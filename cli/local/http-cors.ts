// What an HTTP API's CORS configuration makes API Gateway do, for `calix local`: it answers
// preflight requests itself (no route, authorizer or integration runs), and on every other
// request from an allowed origin it replaces the integration's CORS headers with its own.
import type { HttpApiCors } from '../../project/http-api.js';

const lower = (headers: readonly (readonly [string, string])[], name: string) => headers.findLast(([n]) => n.toLowerCase() === name)?.[1];

/** The request's Origin when `cors` allows it. */
function allowedOrigin(cors: HttpApiCors, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  return cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin) ? origin : undefined;
}

/** `Access-Control-Allow-Origin`: `*` when any origin is allowed without credentials, else the origin itself. */
const originValue = (cors: HttpApiCors, origin: string) => (cors.allowOrigins.includes('*') && !cors.allowCredentials ? '*' : origin);

/** Whether API Gateway answers this request as a CORS preflight: OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(method: string, headers: readonly (readonly [string, string])[]): boolean {
  return method === 'OPTIONS' && lower(headers, 'origin') !== undefined && lower(headers, 'access-control-request-method') !== undefined;
}

/** Why API Gateway's answer to this preflight carries no CORS headers; undefined when it does. */
export function preflightRefusal(cors: HttpApiCors, headers: readonly (readonly [string, string])[]): string | undefined {
  const origin = lower(headers, 'origin');
  if (allowedOrigin(cors, origin) === undefined) return `origin ${origin} is not among the API's CORS origins (${cors.allowOrigins.join(', ')})`;
  // The configuration's lists are all a preflight is checked against: OPTIONS is not implied.
  const method = lower(headers, 'access-control-request-method')?.trim().toUpperCase() ?? '';
  if (!cors.allowMethods.includes('*') && !cors.allowMethods.includes(method)) return `method ${method} is not among the API's CORS methods (${cors.allowMethods.join(', ')})`;
  const asked = (lower(headers, 'access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const allowed = new Set(cors.allowHeaders.map((h) => h.toLowerCase()));
  const refused = allowed.has('*') ? [] : asked.filter((h) => !allowed.has(h));
  if (refused.length) return `header${refused.length === 1 ? '' : 's'} ${refused.join(', ')} not among the API's CORS headers (${cors.allowHeaders.join(', ')})`;
  return undefined;
}

/**
 * The headers of API Gateway's 204 answer to a preflight: the configuration's, when the origin,
 * the requested method and every requested header are allowed; else none (the browser then
 * refuses the request).
 */
export function preflightAnswerHeaders(cors: HttpApiCors, headers: readonly (readonly [string, string])[]): Record<string, string> {
  if (preflightRefusal(cors, headers) !== undefined) return {};
  const origin = lower(headers, 'origin') as string;
  const out: Record<string, string> = {
    'access-control-allow-origin': originValue(cors, origin),
    'access-control-allow-methods': cors.allowMethods.join(','),
    'access-control-allow-headers': cors.allowHeaders.join(','),
  };
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  if (cors.maxAge !== undefined) out['access-control-max-age'] = String(cors.maxAge);
  return out;
}

/** The CORS headers API Gateway puts on an answer to a request from an allowed origin. */
export function responseCorsHeaders(cors: HttpApiCors, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(cors, origin);
  if (allowed === undefined) return {};
  const out: Record<string, string> = { 'access-control-allow-origin': originValue(cors, allowed) };
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  if (cors.exposeHeaders.length) out['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  return out;
}

/** `headers` without the integration's CORS headers, which an HTTP API with CORS configured ignores. */
export function withoutCorsHeaders<V>(headers: Record<string, V>): Record<string, V> {
  const out: Record<string, V> = Object.create(null);
  for (const [k, v] of Object.entries(headers)) if (!k.toLowerCase().startsWith('access-control-')) out[k] = v;
  return out;
}
