// The test client's API Gateway authorizer step: a protected route answers what the deployed API
// answers to a caller without credentials, unless the test says who the caller is (`auth`).
import type { Calix } from '../app.js';
import type { Authorizer } from '../auth/authorizers.js';
import { evaluatePolicy } from '../auth/policy.js';
import type { ApiGatewayResult, ApiGatewayV1Event, ApiGatewayV2Event, LambdaContext } from '../aws-types.js';

/**
 * The caller a protected route's authorizer let through (`client.http.get(path, { auth })`):
 * - Cognito user pool: `{ claims }`, the verified token's claims (REST: string values);
 * - custom (Lambda TOKEN) authorizer: `{ principalId, context? }`, what its policy returned;
 * - IAM: `{ iam: true }`, a SigV4-signed request.
 * Without it, a Cognito or custom authorizer's route answers 401, an IAM route 403 — except that a
 * custom authorizer whose header the request carries is run, and its policy decides.
 */
export type TestAuth =
  | { claims: Record<string, unknown> }
  | { principalId: string; context?: Record<string, string | number | boolean> }
  | { iam: true };

/** An answer API Gateway gives by itself (a gateway response), or undefined to call the route. */
export type GatewayAnswer = { statusCode: number; body: string; type: string } | undefined;

const answer = (statusCode: number, body: object, type: string): GatewayAnswer => ({ statusCode, body: JSON.stringify(body), type });
const UNAUTHORIZED = () => answer(401, { message: 'Unauthorized' }, 'UnauthorizedException');

/**
 * Puts `auth` into the event, or runs the route's authorizer as API Gateway would. Returns the
 * gateway's own answer when the caller is refused.
 */
export async function authorize(
  app: Calix,
  authorizer: Authorizer,
  event: ApiGatewayV1Event | ApiGatewayV2Event,
  auth: TestAuth | undefined,
  context: (name: string) => LambdaContext,
): Promise<GatewayAnswer> {
  const manifest = authorizer.toManifest();
  const ctx = event.requestContext as Record<string, any>;
  const v2 = 'version' in event && event.version === '2.0';
  if (manifest.kind === 'iam') {
    return auth && 'iam' in auth ? undefined : answer(403, { message: 'Missing Authentication Token' }, 'MissingAuthenticationTokenException');
  }
  if (manifest.kind === 'cognito_user_pools') {
    if (!auth || !('claims' in auth)) return UNAUTHORIZED();
    ctx.authorizer = v2 ? { jwt: { claims: auth.claims, scopes: null } } : { claims: auth.claims };
    return undefined;
  }
  // A custom authorizer: the given caller, else the authorizer run on the request's token.
  if (auth && 'principalId' in auth) {
    ctx.authorizer = v2 ? { lambda: { ...auth.context, principalId: auth.principalId } } : { ...auth.context, principalId: auth.principalId };
    return undefined;
  }
  const headers: Record<string, unknown> = v2 ? (event as ApiGatewayV2Event).headers ?? {} : (event as ApiGatewayV1Event).headers ?? {};
  const token = Object.entries(headers).find(([k]) => k.toLowerCase() === manifest.header.toLowerCase())?.[1];
  if (typeof token !== 'string' || token === '') return UNAUTHORIZED();
  const method = v2 ? (event as ApiGatewayV2Event).requestContext.http.method : (event as ApiGatewayV1Event).httpMethod;
  const path = v2 ? (event as ApiGatewayV2Event).rawPath : (event as ApiGatewayV1Event).path;
  const methodArn = `arn:aws:execute-api:us-east-1:${ctx.accountId ?? '123456789012'}:${ctx.apiId ?? 'calixtest'}/${ctx.stage}/${method}/${path.replace(/^\//, '')}`;
  let policy: any;
  try {
    policy = await app.handler({ type: 'TOKEN', authorizationToken: token, methodArn } as never, context(manifest.function));
  } catch (e) {
    if ((e as Error)?.message === 'Unauthorized') return UNAUTHORIZED();
    throw e;
  }
  const v = evaluatePolicy(policy, methodArn);
  if (v === 'deny') return answer(403, { Message: 'User is not authorized to access this resource with an explicit deny' }, 'AccessDeniedException');
  if (v === 'none') return answer(403, { Message: 'User is not authorized to access this resource' }, 'AccessDeniedException');
  ctx.authorizer = v2 ? { lambda: { ...policy.context, principalId: policy.principalId } } : { ...policy.context, principalId: policy.principalId };
  return undefined;
}

/** A gateway answer as the proxy result the test client reads. */
export function gatewayResult(a: NonNullable<GatewayAnswer>): ApiGatewayResult {
  return { statusCode: a.statusCode, headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': a.type }, body: a.body, isBase64Encoded: false } as ApiGatewayResult;
}
