// Recognising an API Gateway authorizer event, and the error for one no custom authorizer takes:
// apart from ./dispatch.ts so that a bundle without authorizers (src/seams/authorizers.absent.ts)
// still tells the event from a proxy event and fails with the same words.
import type { AuthorizerEvent } from './authorizers.js';

/**
 * An API Gateway authorizer event: REST (`methodArn`, TOKEN or REQUEST) or HTTP API (payload
 * format 2.0: `routeArn`, REQUEST). Checked before the proxy-event guards: a REST REQUEST event
 * also has `httpMethod`, an HTTP API one `routeKey`, `rawPath` and `requestContext.http`.
 */
export const isAuthorizerEvent = (e: any): e is AuthorizerEvent =>
  (typeof e?.methodArn === 'string' && (e.type === 'TOKEN' || e.type === 'REQUEST')) || (e?.version === '2.0' && e.type === 'REQUEST' && typeof e.routeArn === 'string');

export const noCustomAuthorizer = (event: AuthorizerEvent, target: string | undefined, names: string[]): Error =>
  new Error(
    `Calix: received an API Gateway ${event.type} authorizer event, but ${target ? `CALIX_HANDLER "${target}" is not` : 'CALIX_HANDLER does not name'} a custom authorizer; this app's: ${names.join(', ') || 'none'}`,
  );
