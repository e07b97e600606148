import type { ApiGatewayResult, ApiGatewayV1Event, ApiGatewayV2Event, LambdaContext } from './aws-types.js';
import type { Route } from './app.js';
import { acceptsType, mediaType } from './http/content-type.js';
import { corsHeaders, preflightHeaders } from './http/cors.js';
import { Request } from './http/request.js';
import { errorResponse, formatResult, httpErrorResponse, jsonResult, toResponse } from './http/respond.js';
import { Response } from './http/response.js';
import { malformedEvent } from './http/errors.js';
import type { PathEntry, RouteTable } from './routing/table.js';
import type { Middleware } from './types.js';
import { dispatchTrigger } from './events/dispatch.js';
import type { Trigger } from './events/triggers.js';
import type { Authorizer } from './auth/authorizers.js';
import { isAuthorizerEvent, runAuthorizer } from './auth/dispatch.js';

/**
 * The Lambda entry point: API Gateway events get an HTTP result; trigger events get what their
 * handler returns (SQS: `{ batchItemFailures }`; `lambdaFunction`: its result).
 */
export interface RouterHandler {
  (event: ApiGatewayV1Event | ApiGatewayV2Event, context?: LambdaContext): Promise<ApiGatewayResult>;
  (event: unknown, context?: LambdaContext): Promise<any>;
}

/** What the router needs from the app. */
export interface RouterApp {
  readonly debug: boolean;
  readonly table: RouteTable<Route>;
  readonly middleware: Middleware[];
  readonly triggers: ReadonlyMap<string, Trigger>;
  /** Custom authorizers run when the function receives an API Gateway authorizer event. */
  readonly authorizers: ReadonlyMap<string, Authorizer>;
}

type AnyEvent = Record<string, unknown> | null | undefined;

// Narrow guards on several fields each: REST v1 and HTTP API v2 share field names, and
// misreading one as the other is a known bug class in Lambda routers.
export function isV1Event(e: AnyEvent): e is AnyEvent & ApiGatewayV1Event {
  return (
    !!e && typeof e.httpMethod === 'string' && typeof e.path === 'string' && 'resource' in e &&
    typeof e.requestContext === 'object' && e.requestContext !== null && e.version !== '2.0'
  );
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

/** A path parameter that is not valid percent-encoding: the client's error (`/items/%E0%A4%A`). */
class BadEncoding {
  constructor(readonly name: string) {}
}

/**
 * REST (v1) events carry path parameters percent-encoded; routes see them decoded. HTTP API (v2)
 * events carry them decoded (`decode` false). Returns a BadEncoding for a malformed escape, and
 * throws a 400 for a field of the wrong type (only a direct invoke sends one).
 */
function readParams(p: unknown, decode: boolean): Record<string, string> | BadEncoding {
  if (p === null || p === undefined) return EMPTY;
  if (typeof p !== 'object' || Array.isArray(p)) throw malformedEvent('pathParameters');
  const given = p as Record<string, unknown>;
  let out: Record<string, string> | undefined;
  for (const k of Object.keys(given)) {
    const v = given[k];
    if (typeof v !== 'string') throw malformedEvent(`pathParameters[${JSON.stringify(k)}]`);
    if (decode && v.includes('%')) {
      out ??= Object.assign(Object.create(null), given);
      try {
        out![k] = decodeURIComponent(v);
      } catch {
        return new BadEncoding(k);
      }
    }
  }
  return out ?? (given as Record<string, string>);
}

function header(e: ApiGatewayV1Event | ApiGatewayV2Event, lower: string): string | undefined {
  const h = e.headers;
  if (!h || typeof h !== 'object') return undefined;
  // Own keys only, string values only: a `constructor` header or a number is never read as one.
  const direct = Object.hasOwn(h, lower) ? h[lower] : undefined;
  if (typeof direct === 'string') return direct;
  for (const k in h) if (k.length === lower.length && k.toLowerCase() === lower && typeof h[k] === 'string') return h[k];
  return undefined;
}

// The router's own refusals, kept out of the request path so a cold start compiles only what it
// runs. They are answered without an Error object (see httpErrorResponse).

function notFound(method: string, path: string, v2: boolean): ApiGatewayResult {
  return formatResult(httpErrorResponse(404, 'NotFoundError', `No route matches ${method} ${path}`), undefined, v2);
}

/** The path exists but not the method: a CORS preflight's answer, or 405 with `Allow`. */
function noMethod(
  event: ApiGatewayV1Event | ApiGatewayV2Event,
  v2: boolean,
  method: string,
  entry: PathEntry<Route>,
  extra: Record<string, string> | undefined,
): ApiGatewayResult {
  if (method === 'OPTIONS' && entry.cors) {
    const methods = [...entry.byMethod.values()].filter((r) => r.cors).flatMap((r) => r.methods);
    return formatResult(new Response('', { status: 200, headers: preflightHeaders(entry.cors, methods, header(event, 'origin')) }), undefined, v2);
  }
  const message = `Method ${method} is not allowed on ${entry.parsed.template}`;
  return formatResult(httpErrorResponse(405, 'MethodNotAllowedError', message, { Allow: entry.allow }), extra, v2);
}

function badEncoding(name: string, extra: Record<string, string> | undefined, v2: boolean): ApiGatewayResult {
  const message = `Path parameter "${name}" is not valid percent-encoding`;
  return formatResult(httpErrorResponse(400, 'BadRequestError', message), extra, v2);
}

function unsupportedType(route: Route, type: string, extra: Record<string, string> | undefined, v2: boolean): ApiGatewayResult {
  const message = `Content-Type ${type} is not accepted here; send one of: ${route.contentTypes.join(', ')}`;
  return formatResult(httpErrorResponse(415, 'UnsupportedMediaTypeError', message), extra, v2);
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
  /** A handler's return value as an API Gateway result; plain JSON-able values skip the Response. */
  function shape(value: unknown, extra: Record<string, string> | undefined, v2: boolean): ApiGatewayResult {
    if (value !== null && typeof value === 'object' && !(value instanceof Response) && !(value instanceof Uint8Array) && !(value instanceof ArrayBuffer)) {
      return jsonResult(value, extra);
    }
    return formatResult(toResponse(value), extra, v2);
  }

  /** Finishes a request whose handler (or middleware chain) returned a promise. */
  async function settle(pending: Promise<unknown>, extra: Record<string, string> | undefined, v2: boolean): Promise<ApiGatewayResult> {
    try {
      return shape(await pending, extra, v2);
    } catch (err) {
      return formatResult(errorResponse(err, app.debug), extra, v2);
    }
  }

  // Not async: a handler that returns a plain value is answered without a promise of its own,
  // which saves the microtask hops of awaiting one async function inside another on every call.
  function http(
    event: ApiGatewayV1Event | ApiGatewayV2Event,
    v2: boolean,
    method: string,
    path: string,
    template: string | undefined,
    context: LambdaContext | undefined,
  ): ApiGatewayResult | Promise<ApiGatewayResult> {
    let entry = template === undefined ? undefined : app.table.byTemplate.get(template);
    let params: Record<string, string> | BadEncoding = EMPTY;
    let readError: unknown;
    if (entry) {
      try {
        params = readParams(event.pathParameters, !v2);
      } catch (err) {
        readError = err;
      }
    } else {
      const found = app.table.find(path);
      if (found) {
        entry = found.entry;
        params = found.badParam === undefined ? found.params : new BadEncoding(found.badParam);
      }
    }
    if (!entry) return notFound(method, path, v2);

    const route = entry.byMethod.get(method);
    const cors = route ? route.cors : entry.cors;
    const extra = cors ? corsHeaders(cors, header(event, 'origin')) : undefined;
    if (!route) return noMethod(event, v2, method, entry, extra);
    if (readError) return formatResult(errorResponse(readError, app.debug), extra, v2);
    if (params instanceof BadEncoding) return badEncoding(params.name, extra, v2);

    const req = new Request(event, method, path, params, context);
    try {
      if (req.hasBody) {
        const type = mediaType(header(event, 'content-type')) ?? 'application/json';
        if (!acceptsType(route.contentTypes, type)) return unsupportedType(route, type, extra, v2);
      }
      // Rebuilt when middleware was added since (app.use or a blueprint's use after registration).
      let chain = route.chain;
      if (!chain || chain.length !== app.middleware.length + route.middleware.length) chain = route.chain = [...app.middleware, ...route.middleware];
      if (chain.length) return settle(runChain(route, chain, req), extra, v2);
      const value = route.handler(req as Request<never>);
      if (value instanceof Promise) return settle(value, extra, v2);
      return shape(value, extra, v2);
    } catch (err) {
      return formatResult(errorResponse(err, app.debug), extra, v2);
    }
  }

  return async function handler(event: unknown, context?: LambdaContext): Promise<any> {
    const e = event as AnyEvent;
    // Before the proxy guards: a REQUEST authorizer event also carries httpMethod, path and resource.
    if (isAuthorizerEvent(e)) return runAuthorizer(app.authorizers, e, context);
    if (isV1Event(e)) {
      const out = http(e, false, e.httpMethod.toUpperCase(), e.path, e.resource, context);
      return out instanceof Promise ? await out : out;
    }
    if (isV2Event(e)) {
      const ctx = e.requestContext;
      let path = e.rawPath;
      // Named stages prefix rawPath with the stage; routes never include it.
      const stage = ctx.stage;
      if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) path = path.slice(stage.length + 1) || '/';
      const space = e.routeKey.indexOf(' ');
      const template = space > 0 ? e.routeKey.slice(space + 1) : undefined;
      const out = http(e, true, ctx.http.method.toUpperCase(), path, template, context);
      return out instanceof Promise ? await out : out;
    }
    return dispatchTrigger(app.triggers, event, context);
  };
}

/** The error for an event the router cannot route: it names the event's shape. */
export function describeUnknownEvent(event: unknown): string {
  const shape =
    event === null || typeof event !== 'object'
      ? (event === undefined ? 'an undefined value' : `a ${event === null ? 'null' : typeof event} value`)
      : `an object with keys [${Object.keys(event).slice(0, 12).join(', ')}]`;
  return `Calix: cannot route this event: it is not an API Gateway REST (v1) or HTTP API (v2) event, nor a registered trigger's event. Received ${shape}.`;
}
