// HTTP API (payload 2.0) and Function URL events as the core reaches them. The router bundle of a
// REST API stage without a Function URL never receives one: `calix package` bundles
// ./http-events.absent.ts in this module's place (project/subsystems.ts).
import type { EventAdapter } from '../adapters/adapter.js';
import { functionUrl } from '../adapters/function-url.js';
import { isFunctionUrlEvent } from '../adapters/guards.js';
import { httpApiV2 } from '../adapters/http-v2.js';
import type { ApiGatewayV2Event } from '../aws-types.js';

/** The adapter for a payload 2.0 event: a Function URL's, or an HTTP API's. */
export const httpEventsAdapter = (e: ApiGatewayV2Event): EventAdapter<ApiGatewayV2Event> => (isFunctionUrlEvent(e as never) ? functionUrl : httpApiV2);
