import type { ApiGatewayResult } from '../aws-types.js';
import { httpErrorResponse } from '../http/respond.js';
import type { Route } from '../routing/route.js';
import { HttpApiV2Adapter } from './http-v2.js';

/**
 * A Lambda Function URL's events: the HTTP API (payload 2.0) shape, but nothing ran before the
 * router — no API Gateway authorizer, no API key check. The router refuses routes that need one
 * (an AWS_IAM URL has already checked an IAM route's caller).
 */
export class FunctionUrlAdapter extends HttpApiV2Adapter {
  /**
   * A route that API Gateway guards (a Cognito or custom authorizer, an API key) reached here,
   * where nothing checked the caller: refused, rather than run without `req.auth`. An IAM route is
   * served: an AWS_IAM URL has checked its caller (a NONE URL in front of one is refused by the
   * stage model before deploy).
   */
  override unguarded(route: Route, extra: Record<string, string> | undefined): ApiGatewayResult | undefined {
    if (!route.apiKeyRequired && route.authorizer?.toManifest().kind === 'iam') return undefined;
    return this.result(httpErrorResponse(403, 'ForbiddenError', `Route ${route.methods.join(',')} ${route.path} needs an authorizer or API key that only API Gateway checks; call it through the API`), extra);
  }
}

export const functionUrl = new FunctionUrlAdapter();
