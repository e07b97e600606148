// A Lambda proxy result as the HTTP response API Gateway REST would send, checked first so the
// dev server never writes a malformed status line or header.
import type { ApiGatewayV1Result } from '../../src/aws-types.js';
import { resultProblem } from '../../src/http/header-check.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

/** API Gateway's answer when the Lambda's result is not a valid proxy result. */
export const MALFORMED_RESULT: HttpAnswer = {
  status: 502,
  headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': 'InternalServerErrorException' },
  body: JSON.stringify({ message: 'Internal server error' }),
};

// Node writes header values as Latin-1; API Gateway passes other characters on as UTF-8 bytes.
const NOT_LATIN1 = /[^\x00-\xff]/;
const wire = (v: string): string => (NOT_LATIN1.test(v) ? Buffer.from(v, 'utf8').toString('latin1') : v);

/** The answer to write, or the reason the result cannot be sent (the caller logs it and answers 502). */
export function toHttpAnswer(result: ApiGatewayV1Result, requestId: string): HttpAnswer | { problem: string } {
  const problem = resultProblem(result);
  if (problem) return { problem };
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') return { problem: `the result's body is a ${typeof result.body}, not a string` };
  const headers: Record<string, string | string[]> = Object.create(null);
  headers['x-amzn-RequestId'] = requestId;
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = wire(String(v));
  for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k] = v.map((x) => wire(String(x)));
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
  return { status: result.statusCode, headers, body };
}
