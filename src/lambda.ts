import type { ApiGatewayResult, ApiGatewayV1Event, ApiGatewayV2Event, LambdaContext } from './aws-types.js';
import type { Route } from './app.js';
import { acceptsType, mediaType } from './http/content-type.js';
import { corsHeaders, preflightHeaders } from './http/cors.js';
import { MethodNotAllowedError, NotFoundError, UnsupportedMediaTypeError } from './http/errors.js';
import { Request } from './http/request.js';
import { errorResponse, formatResult, jsonResult, toResponse } from './http/respond.js';
import { Response } from './http/response.js';
import type { RouteTable } from './routing/table.js';
import type { Middleware } from './types.js';

export type RouterHandler = (event: unknown, context?: LambdaContext) => Promise<ApiGatewayResult>;

/** What the router needs from the app. */
export interface RouterApp {
  readonly debug: boolean;
  readonly table: RouteTable<Route>;
  readonly middleware: Middleware[];
}

type AnyEvent = Record<string, unknown> | null | undefined;

// Narrow guards on several fields each: REST v1 and HTTP API v2 share field names, and
// misreading one as the other is a known bug class in Lambda routers.
export function isV1Event(e: AnyEvent): e is AnyEvent & ApiGatewayV1Event {
  return !!e && typeof e.httpMethod === 'string' && typeof e.path === 'string' && 'resource' in e && typeof e.requestContext === 'object' && e.version !== '2.0';
}

export function isV2Event(e: AnyEvent): e is AnyEvent & ApiGatewayV2Event {
  return (
    !!e &&
    e.version === '2.0' &&
    typeof e.routeKey === 'string' &&
    typeof e.rawPath === 'string' &&
    typeof (e.requestContext as { http?: { method?: unknown } } | undefined)?.http?.method === 'string'
  );
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

function header(e: ApiGatewayV1Event | ApiGatewayV2Event, lower: string): string | undefined {
  const h = e.headers;
  if (!h) return undefined;
  const direct = h[lower];
  if (direct !== undefined) return direct;
  for (const k in h) if (k.length === lower.length && k.toLowerCase() === lower) return h[k];
  return undefined;
}

/** Runs app middleware, then the route's blueprint middleware, then the handler. */
function runChain(route: Route, chain: Middleware[], req: Request): Promise<Response> {
  const step = async (i: number): Promise<Response> => {
    if (i === chain.length) return toResponse(await route.handler(req as Request<never>));
    return toResponse(await chain[i]!(req, () => step(i + 1)));
  };
  return step(0);
}

export function createRouterHandler(app: RouterApp): RouterHandler {
  async function http(
    event: ApiGatewayV1Event | ApiGatewayV2Event,
    v2: boolean,
    method: string,
    path: string,
    template: string | undefined,
    context: LambdaContext | undefined,
  ): Promise<ApiGatewayResult> {
    let entry = template === undefined ? undefined : app.table.byTemplate.get(template);
    let params: Record<string, string> = EMPTY;
    if (entry) params = (event.pathParameters as Record<string, string> | null) ?? EMPTY;
    else {
      const found = app.table.find(path);
      if (found) ({ entry, params } = found);
    }
    if (!entry) return formatResult(errorResponse(new NotFoundError(`No route matches ${method} ${path}`), app.debug), undefined, v2);

    const route = entry.byMethod.get(method);
    const cors = route ? route.cors : entry.cors;
    const extra = cors ? corsHeaders(cors, header(event, 'origin')) : undefined;
    if (!route) {
      if (method === 'OPTIONS' && entry.cors) {
        const methods = [...entry.byMethod.values()].filter((r) => r.cors).flatMap((r) => r.methods);
        return formatResult(new Response('', { status: 200, headers: preflightHeaders(entry.cors, methods, header(event, 'origin')) }), undefined, v2);
      }
      const err = new MethodNotAllowedError(`Method ${method} is not allowed on ${entry.parsed.template}`, { Allow: entry.allow });
      return formatResult(errorResponse(err, app.debug), extra, v2);
    }

    const req = new Request(event, method, path, params, context);
    try {
      if (req.hasBody) {
        const type = mediaType(header(event, 'content-type')) ?? 'application/json';
        if (!acceptsType(route.contentTypes, type)) {
          throw new UnsupportedMediaTypeError(`Content-Type ${type} is not accepted here; send one of: ${route.contentTypes.join(', ')}`);
        }
      }
      const chain = (route.chain ??= [...app.middleware, ...route.middleware]);
      if (chain.length) return formatResult(await runChain(route, chain, req), extra, v2);
      let value = route.handler(req as Request<never>);
      if (value instanceof Promise) value = await value;
      if (value !== null && typeof value === 'object' && !(value instanceof Response) && !(value instanceof Uint8Array) && !(value instanceof ArrayBuffer)) {
        return jsonResult(value, extra);
      }
      return formatResult(toResponse(value), extra, v2);
    } catch (err) {
      return formatResult(errorResponse(err, app.debug), extra, v2);
    }
  }

  return async function handler(event: unknown, context?: LambdaContext): Promise<ApiGatewayResult> {
    const e = event as AnyEvent;
    if (isV1Event(e)) return http(e, false, e.httpMethod.toUpperCase(), e.path, e.resource, context);
    if (isV2Event(e)) {
      const ctx = e.requestContext;
      let path = e.rawPath;
      // Named stages prefix rawPath with the stage; routes never include it.
      const stage = ctx.stage;
      if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) path = path.slice(stage.length + 1) || '/';
      const space = e.routeKey.indexOf(' ');
      const template = space > 0 ? e.routeKey.slice(space + 1) : undefined;
      return http(e, true, ctx.http.method.toUpperCase(), path, template, context);
    }
    throw new Error(describeUnknownEvent(event));
  };
}

/** The error for an event the router cannot route: it names the event's shape. */
export function describeUnknownEvent(event: unknown): string {
  const shape =
    event === null || typeof event !== 'object'
      ? `a ${event === null ? 'null' : typeof event} value`
      : `an object with keys [${Object.keys(event).slice(0, 12).join(', ')}]`;
  return `Calix: cannot route this event: it is not an API Gateway REST (v1) or HTTP API (v2) event, nor a registered trigger's event. Received ${shape}.`;
}
