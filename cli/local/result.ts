// A Lambda proxy result as the HTTP response API Gateway (REST or HTTP API) would send, checked first so the
// dev server never writes a malformed status line or header.
import type { ApiGatewayV1Result, ApiGatewayV2Result } from '../../src/aws-types.js';
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

/** An HTTP API's answer when the integration fails or its result cannot be sent. */
export const HTTP_API_INTERNAL_ERROR: HttpAnswer = {
  status: 500,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'Internal Server Error' }),
};

/**
 * A Lambda result (payload format 2.0) as the HTTP response an HTTP API would send: `cookies` become
 * Set-Cookie lines, and a result without a `statusCode` is the body of a 200 JSON answer (what
 * API Gateway assumes for format 2.0). The reason it cannot be sent when it is not valid.
 */
export function toHttpAnswerV2(result: unknown, requestId: string): HttpAnswer | { problem: string } {
  if (result === undefined) return { problem: 'the handler returned undefined, not a result' };
  const r = result as ApiGatewayV2Result;
  if (!r || typeof r !== 'object' || r.statusCode === undefined) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { status: 200, headers: { 'content-type': 'application/json', 'apigw-requestid': requestId }, body };
  }
  const problem = resultProblem(r);
  if (problem) return { problem };
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return { problem: `the result's body is a ${typeof r.body}, not a string` };
  if (r.cookies != null && !(Array.isArray(r.cookies) && r.cookies.every((c) => typeof c === 'string'))) return { problem: "the result's cookies is not a list of strings" };
  const headers: Record<string, string | string[]> = Object.create(null);
  headers['apigw-requestid'] = requestId;
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = wire(String(v));
  if (r.cookies?.length) headers['set-cookie'] = r.cookies.map(wire);
  const body = r.isBase64Encoded ? Buffer.from(r.body ?? '', 'base64') : (r.body ?? '');
  return { status: r.statusCode, headers, body };
}
