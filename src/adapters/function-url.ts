import { HttpApiV2Adapter } from './http-v2.js';

/**
 * A Lambda Function URL's events: the HTTP API (payload 2.0) shape, but nothing ran before the
 * router — no API Gateway authorizer, no API key check. The router refuses routes that need one
 * (an AWS_IAM URL has already checked an IAM route's caller).
 */
export class FunctionUrlAdapter extends HttpApiV2Adapter {
  override readonly viaFunctionUrl = true;
}

export const functionUrl = new FunctionUrlAdapter();
