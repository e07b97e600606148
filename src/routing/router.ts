// An HTTP request through the app's routes: match, CORS, middleware, handler, result. Works on
// any event format through its adapter (src/adapters), never on the format itself.
import { BadEncoding, type EventAdapter, type Params } from '../adapters/adapter.js';
import { EMPTY } from '../empty.js';
import type { ApiGatewayEvent, ApiGatewayResult, LambdaContext } from '../aws-types.js';
import { acceptsType, mediaType } from '../http/content-type.js';
import { corsHeaders, preflightResponse } from '../seams/cors.js';
import { runChain } from '../seams/middleware.js';
import { Request } from '../http/request.js';
import { errorResponse, httpErrorResponse, jsonResult, toResponse } from '../http/respond.js';
import { Response } from '../http/response.js';
import type { Middleware } from '../types.js';
import type { Route } from './route.js';
import type { PathEntry, RouteTable } from './table.js';

/** What the router needs from the app. */
export interface RoutedApp {
  readonly debug: boolean;
  readonly table: RouteTable<Route>;
  readonly middleware: Middleware[];
}

type Extra = Record<string, string> | undefined;

// The router's own refusals, kept out of the request path so a cold start compiles only what it
// runs. They are answered without an Error object (see httpErrorResponse).

function notFound<E extends ApiGatewayEvent>(a: EventAdapter<E>, method: string, path: string): ApiGatewayResult {
  return a.result(httpErrorResponse(404, 'NotFoundError', `No route matches ${method} ${path}`), undefined);
}

/** The path exists but not the method: a CORS preflight's answer, or 405 with `Allow`. */
function noMethod<E extends ApiGatewayEvent>(a: EventAdapter<E>, event: E, method: string, entry: PathEntry<Route>, extra: Extra): ApiGatewayResult {
  if (method === 'OPTIONS' && entry.cors) {
    return a.result(preflightResponse(entry.cors, entry.byMethod.values(), a.header(event, 'origin')), undefined);
  }
  const message = `Method ${method} is not allowed on ${entry.template}`;
  return a.result(httpErrorResponse(405, 'MethodNotAllowedError', message, { Allow: [...entry.byMethod.keys()].join(',') }), extra);
}

function badEncoding<E extends ApiGatewayEvent>(a: EventAdapter<E>, name: string, extra: Extra): ApiGatewayResult {
  return a.result(httpErrorResponse(400, 'BadRequestError', `Path parameter "${name}" is not valid percent-encoding`), extra);
}

function unsupportedType<E extends ApiGatewayEvent>(a: EventAdapter<E>, route: Route, type: string, extra: Extra): ApiGatewayResult {
  const message = `Content-Type ${type} is not accepted here; send one of: ${route.contentTypes.join(', ')}`;
  return a.result(httpErrorResponse(415, 'UnsupportedMediaTypeError', message), extra);
}

export type HttpRouter = <E extends ApiGatewayEvent>(adapter: EventAdapter<E>, event: E, context: LambdaContext | undefined) => ApiGatewayResult | Promise<ApiGatewayResult>;

export function createHttpRouter(app: RoutedApp): HttpRouter {
  /** A handler's return value as a result; plain JSON-able values skip the Response. */
  function shape<E extends ApiGatewayEvent>(a: EventAdapter<E>, value: unknown, extra: Extra): ApiGatewayResult {
    if (value !== null && typeof value === 'object' && !(value instanceof Response) && !(value instanceof Uint8Array) && !(value instanceof ArrayBuffer)) {
      return jsonResult(value, extra);
    }
    return a.result(toResponse(value), extra);
  }

  /** Finishes a request whose handler (or middleware chain) returned a promise. */
  async function settle<E extends ApiGatewayEvent>(a: EventAdapter<E>, pending: Promise<unknown>, extra: Extra): Promise<ApiGatewayResult> {
    try {
      return shape(a, await pending, extra);
    } catch (err) {
      return a.result(errorResponse(err, app.debug), extra);
    }
  }

  // Not async: a handler that returns a plain value is answered without a promise of its own,
  // which saves the microtask hops of awaiting one async function inside another on every call.
  return function routeRequest<E extends ApiGatewayEvent>(a: EventAdapter<E>, event: E, context: LambdaContext | undefined): ApiGatewayResult | Promise<ApiGatewayResult> {
    const method = a.method(event);
    const path = a.path(event);
    const template = a.template(event);
    let entry = template === undefined ? undefined : app.table.byTemplate.get(template);
    let params: Params | BadEncoding = EMPTY;
    let readError: unknown;
    if (entry) {
      try {
        params = a.params(event);
      } catch (err) {
        readError = err;
      }
    } else {
      const found = app.table.find(path);
      // The first request that needs a matcher loads it (RouteTable.find), then runs again.
      if (found instanceof Promise) return found.then(() => routeRequest(a, event, context));
      if (found) {
        entry = found.entry;
        params = found.badParam === undefined ? found.params : new BadEncoding(found.badParam);
      }
    }
    if (!entry) return notFound(a, method, path);

    const route = entry.byMethod.get(method);
    const cors = route ? route.cors : entry.cors;
    const extra = cors ? corsHeaders(cors, a.header(event, 'origin')) : undefined;
    if (!route) return noMethod(a, event, method, entry, extra);
    if (a.unguarded && (route.authorizer || route.apiKeyRequired)) {
      const refused = a.unguarded(route, extra);
      if (refused) return refused;
    }
    if (readError) return a.result(errorResponse(readError, app.debug), extra);
    if (params instanceof BadEncoding) return badEncoding(a, params.name, extra);

    const req = new Request(a, event, method, path, params, context);
    try {
      if (req.hasBody) {
        // The media type check is a pure function of the header's text: a route remembers the last
        // text it accepted (clients repeat theirs) and skips parsing it again.
        const raw = a.header(event, 'content-type');
        if (raw === undefined || raw !== route.acceptedType) {
          const type = mediaType(raw) ?? 'application/json';
          if (!acceptsType(route.contentTypes, type)) return unsupportedType(a, route, type, extra);
          if (raw !== undefined) route.acceptedType = raw;
        }
      }
      // Rebuilt when middleware was added since (app.use or a blueprint's use after registration).
      let chain = route.chain;
      if (!chain || chain.length !== app.middleware.length + route.middleware.length) chain = route.chain = [...app.middleware, ...route.middleware];
      if (chain.length) return settle(a, runChain(route, chain, req), extra);
      const value = route.invoke(req as Request<never>);
      if (value instanceof Promise) return settle(a, value, extra);
      return shape(a, value, extra);
    } catch (err) {
      return a.result(errorResponse(err, app.debug), extra);
    }
  };
}
