// Runs a custom (Lambda TOKEN/REQUEST) authorizer for an API Gateway authorizer event: a REST
// API's (answered with the IAM policy) or an HTTP API's (payload format 2.0, answered with a
// simple response).
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
  // HTTP API events name the request by routeArn (same shape as a REST methodArn).
  const v2 = typeof event.methodArn !== 'string';
  const arn = v2 ? (event.routeArn as string) : event.methodArn;
  let token = event.authorizationToken;
  if (token === undefined) {
    const h = (event.headers ?? {}) as Record<string, string>;
    const want = a.header.toLowerCase();
    for (const k in h) if (k.toLowerCase() === want) token = h[k];
  }
  let r: any;
  try {
    r = await a.fn({ token: token ?? '', methodArn: arn, event }, context);
  } catch (e) {
    if ((e as { status?: number })?.status !== 401) throw e;
    if (v2) return { isAuthorized: false };
    throw new Error('Unauthorized');
  }
  const policy = typeof r?.toPolicy === 'function' ? r.toPolicy(arn) : r;
  // The evaluation lives on CustomAuthorizer, so only apps with a custom authorizer bundle it.
  return v2 ? a.simpleResponse(policy, arn) : policy;
}
