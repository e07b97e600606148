// An HTTP API Lambda authorizer's simple response (payload format 2.0, `enableSimpleResponses`)
// from the policy a custom authorizer returns: authorized when the policy allows this request's
// routeArn, as API Gateway evaluates the policy for a REST API. The policy's context plus its
// principalId reach the route as `requestContext.authorizer.lambda`.
import { evaluatePolicy } from './policy.js';

export interface SimpleAuthorizerResponse {
  isAuthorized: boolean;
  context?: Record<string, unknown>;
}

export function simpleResponse(policy: any, routeArn: string): SimpleAuthorizerResponse {
  if (evaluatePolicy(policy, routeArn) !== 'allow') return { isAuthorized: false };
  return { isAuthorized: true, context: { ...policy.context, principalId: policy.principalId } };
}
