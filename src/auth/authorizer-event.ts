// Recognising an API Gateway authorizer event, and the error for one no custom authorizer takes:
// apart from ./dispatch.ts so that a bundle without authorizers (src/seams/authorizers.absent.ts)
// still tells the event from a proxy event and fails with the same words.
import type { AuthorizerEvent } from './authorizers.js';

/** An API Gateway REST authorizer event (checked before the proxy-event guards: a REQUEST event also has `httpMethod`). */
export const isAuthorizerEvent = (e: any): e is AuthorizerEvent => typeof e?.methodArn === 'string' && (e.type === 'TOKEN' || e.type === 'REQUEST');

export const noCustomAuthorizer = (event: AuthorizerEvent, target: string | undefined, names: string[]): Error =>
  new Error(
    `Calix: received an API Gateway ${event.type} authorizer event, but ${target ? `CALIX_HANDLER "${target}" is not` : 'CALIX_HANDLER does not name'} a custom authorizer; this app's: ${names.join(', ') || 'none'}`,
  );
