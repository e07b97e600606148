// Runs a custom (Lambda TOKEN/REQUEST) authorizer for an API Gateway authorizer event.
import type { LambdaContext } from '../aws-types.js';
import { targetOf } from '../events/target.js';
import { noCustomAuthorizer } from './authorizer-event.js';
import type { Authorizer, AuthorizerEvent, CustomAuthorizer } from './authorizers.js';

export { isAuthorizerEvent } from './authorizer-event.js';


/**
 * Picks the custom authorizer (CALIX_HANDLER names its function; with a single custom authorizer
 * it is that one), runs it and returns API Gateway's policy. A thrown 401 (`UnauthorizedError`)
 * becomes the `Unauthorized` error API Gateway turns into its 401.
 */
export async function runAuthorizer(authorizers: ReadonlyMap<string, Authorizer>, event: AuthorizerEvent, context?: LambdaContext): Promise<unknown> {
  const target = targetOf(context);
  const custom = [...authorizers.values()].filter((a) => 'fn' in a) as CustomAuthorizer[];
  const a = target ? custom.find((c) => c.name === target) : custom.length === 1 ? custom[0] : undefined;
  if (!a) throw noCustomAuthorizer(event, target, custom.map((c) => c.name));
  let token = event.authorizationToken;
  if (token === undefined) {
    const h = (event.headers ?? {}) as Record<string, string>;
    const want = a.header.toLowerCase();
    for (const k in h) if (k.toLowerCase() === want) token = h[k];
  }
  let r: any;
  try {
    r = await a.fn({ token: token ?? '', methodArn: event.methodArn, event }, context);
  } catch (e) {
    throw (e as { status?: number })?.status === 401 ? new Error('Unauthorized') : e;
  }
  return typeof r?.toPolicy === 'function' ? r.toPolicy(event.methodArn) : r;
}
