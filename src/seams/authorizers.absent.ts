// ./authorizers.ts for an app with no authorizer (see there): no request carries an authorizer's
// context, and an authorizer event fails with the words the real dispatcher uses for none.
import type { LambdaContext } from '../aws-types.js';
import { isAuthorizerEvent, noCustomAuthorizer } from '../auth/authorizer-event.js';
import type { AuthorizerEvent } from '../auth/authorizers.js';
import { targetOf } from '../events/target.js';
import type * as Present from './authorizers.js';

export { isAuthorizerEvent };
export const readAuth: typeof Present.readAuth = () => undefined;
export const runAuthorizer: typeof Present.runAuthorizer = async (_none, event: AuthorizerEvent, context?: LambdaContext) => {
  throw noCustomAuthorizer(event, targetOf(context), []);
};
