// ./authorizers.ts for an app with no authorizer (see there): no request carries an authorizer's
// context, and an authorizer event fails with the words the real dispatcher uses for none (loaded
// only then: a Lambda bundle keeps them in a chunk of their own).
import type { LambdaContext } from '../aws-types.js';
import { isAuthorizerEvent } from '../auth/authorizer-event.js';
import type { AuthorizerEvent } from '../auth/authorizers.js';
import { absent } from './absent.js';
import type * as Present from './authorizers.js';

export { isAuthorizerEvent };
export const addAuthorizer: typeof Present.addAuthorizer = absent('authorizers');
export const readAuth: typeof Present.readAuth = () => undefined;
export const runAuthorizer: typeof Present.runAuthorizer = async (_none, event: AuthorizerEvent, context?: LambdaContext) => {
  throw (await import('../auth/no-authorizer.js')).noAuthorizer(event, context);
};
