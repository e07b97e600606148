// REST API (payload 1.0) events as the core reaches them. The router bundle of an HTTP API stage
// never receives one: `calix package` bundles ./rest-events.absent.ts in this module's place
// (project/subsystems.ts).
import type { EventAdapter } from '../adapters/adapter.js';
import { restApiV1 } from '../adapters/rest-v1.js';
import type { ApiGatewayV1Event } from '../aws-types.js';

/** The adapter for a payload 1.0 event. */
export const restEventsAdapter = (): EventAdapter<ApiGatewayV1Event> => restApiV1;
