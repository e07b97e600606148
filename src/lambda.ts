// The Lambda entry point: classifies the event and hands it over: API Gateway proxy events to
// the router through their format's adapter, authorizer events to the custom authorizer,
// anything else to the app's triggers.
import { functionUrl } from './adapters/function-url.js';
import { httpApiV2 } from './adapters/http-v2.js';
import { restApiV1 } from './adapters/rest-v1.js';
import type { ApiGatewayResult, ApiGatewayV1Event, ApiGatewayV2Event, LambdaContext } from './aws-types.js';
import type { Authorizer } from './auth/authorizers.js';
import type { Trigger } from './events/triggers.js';
import { STREAM, type StreamedBody } from './http/response.js';
import { createHttpRouter, type RoutedApp } from './routing/router.js';
import { isAuthorizerEvent, runAuthorizer } from './seams/authorizers.js';
import { dispatchTrigger } from './seams/triggers.js';

type AnyEvent = Record<string, unknown> | null | undefined;

// Narrow guards on several fields each: REST (v1) and HTTP API (v2) share field names, and
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

/**
 * A Lambda Function URL's event: payload format 2.0 (routed as an HTTP API event, `routeKey` and
 * `stage` are `$default`) from a `<url-id>.lambda-url.<region>.on.aws` domain.
 */
export function isFunctionUrlEvent(e: AnyEvent): e is AnyEvent & ApiGatewayV2Event {
  const domain = (e?.requestContext as { domainName?: unknown } | undefined)?.domainName;
  return isV2Event(e) && e.routeKey === '$default' && typeof domain === 'string' && domain.includes('.lambda-url.');
}

/**
 * The Lambda entry point: API Gateway events get an HTTP result; trigger events get what their
 * handler returns (SQS: `{ batchItemFailures }`; `lambdaFunction`: its result).
 */
export interface RouterHandler {
  (event: ApiGatewayV1Event | ApiGatewayV2Event, context?: LambdaContext): Promise<ApiGatewayResult>;
  (event: unknown, context?: LambdaContext): Promise<any>;
}

/** What the entry point needs from the app. */
export interface LambdaApp extends RoutedApp {
  readonly triggers: ReadonlyMap<string, Trigger>;
  /** Custom authorizers run when the function receives an API Gateway authorizer event. */
  readonly authorizers: ReadonlyMap<string, Authorizer>;
}

/**
 * The event the `keepWarm` schedule sends the router (stage config): answered at once with
 * {@link WARM}, before any route, middleware or log line. No AWS event has a top-level `calix`.
 */
export const KEEP_WARM_EVENT = { calix: 'keep-warm' } as const;
const WARM = { warm: true } as const;
/** The context mark of a caller that streams (declared in src/http/stream.ts, which this module must not import). */
const STREAM_RESULTS = Symbol.for('calix.streamResults');

export function createRouterHandler(app: LambdaApp): RouterHandler {
  const route = createHttpRouter(app);
  return async function handler(event: unknown, context?: LambdaContext): Promise<any> {
    const e = event as AnyEvent;
    if (e?.calix === KEEP_WARM_EVENT.calix) return WARM;
    // Before the proxy guards: a REQUEST authorizer event also carries httpMethod, path and resource.
    if (isAuthorizerEvent(e)) return runAuthorizer(app.authorizers, e, context);
    const out = isV1Event(e) ? route(restApiV1, e, context) : isV2Event(e) ? route(isFunctionUrlEvent(e) ? functionUrl : httpApiV2, e, context) : undefined;
    if (out === undefined) return dispatchTrigger(app.triggers, event, context);
    const result: ApiGatewayResult & { [STREAM]?: StreamedBody } = out instanceof Promise ? await out : out;
    // A streamed body (Response.stream/sse): chunks for a caller that streams (it marks the context,
    // STREAM_RESULTS in src/http/stream.ts), else collected.
    return result[STREAM] === undefined ? result : result[STREAM].finish(result, (context as Record<symbol, unknown> | undefined)?.[STREAM_RESULTS] === true);
  };
}
