// ./authorizers.ts for an app with no authorizer (see there): no request carries an authorizer's
// context, and an authorizer event fails with the words the real dispatcher uses for none.
// ../events/target.ts is loaded only then: ../seams/triggers.absent.ts loads it lazily too (with
// ../events/select.ts), and a module both load would otherwise become a chunk of its own that a
// Lambda bundle's cold start imports.
import type { LambdaContext } from '../aws-types.js';
import { isAuthorizerEvent, noCustomAuthorizer } from '../auth/authorizer-event.js';
import type { AuthorizerEvent } from '../auth/authorizers.js';
import type * as Present from './authorizers.js';

export { isAuthorizerEvent };
export const readAuth: typeof Present.readAuth = () => undefined;
export const runAuthorizer: typeof Present.runAuthorizer = async (_none, event: AuthorizerEvent, context?: LambdaContext) => {
  const { targetOf } = await import('../events/target.js');
  throw noCustomAuthorizer(event, targetOf(context), []);
};
