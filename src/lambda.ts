// The Lambda entry point: classifies the event and hands it over: API Gateway proxy events to
// the router through their format's adapter, authorizer events to the custom authorizer,
// anything else to the app's triggers.
import { isV1Event, isV2Event, type AnyEvent } from './adapters/guards.js';
import type { ApiGatewayResult, ApiGatewayV1Event, ApiGatewayV2Event, LambdaContext } from './aws-types.js';
import type { Authorizer } from './auth/authorizers.js';
import type { Trigger } from './events/triggers.js';
import { STREAM, type StreamedBody } from './http/response.js';
import { createHttpRouter, type RoutedApp } from './routing/router.js';
import { isAuthorizerEvent, runAuthorizer } from './seams/authorizers.js';
import { httpEventsAdapter } from './seams/http-events.js';
import { restEventsAdapter } from './seams/rest-events.js';
import { dispatchTrigger } from './seams/triggers.js';

export { isFunctionUrlEvent, isV1Event, isV2Event } from './adapters/guards.js';

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
    const out = isV1Event(e) ? route(restEventsAdapter(), e, context) : isV2Event(e) ? route(httpEventsAdapter(e), e, context) : undefined;
    if (out === undefined) return dispatchTrigger(app.triggers, event, context);
    const result: ApiGatewayResult & { [STREAM]?: StreamedBody } = out instanceof Promise ? await out : out;
    // A streamed body (Response.stream/sse): chunks for a caller that streams (it marks the context,
    // STREAM_RESULTS in src/http/stream.ts), else collected.
    return result[STREAM] === undefined ? result : result[STREAM].finish(result, (context as Record<symbol, unknown> | undefined)?.[STREAM_RESULTS] === true);
  };
}
