import type { ApiGatewayResult } from '../aws-types.js';
import { HttpError } from './errors.js';
import { hasHeader, Response, STREAM, type HeaderValue, type StreamedBody } from './response.js';
import { addCorsHeaders } from '../seams/cors.js';
import { resultProblem } from './header-check.js';

const JSON_TYPE = 'application/json';
const INTERNAL_ERROR = { code: 'InternalServerError', message: 'An internal server error occurred.' };

/** The 500 every failure answers with where nothing more may be said. */
export const internalErrorResult = (): ApiGatewayResult => ({ statusCode: 500, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(INTERNAL_ERROR), isBase64Encoded: false });

/** Turns whatever a handler returned into a Response. */
export function toResponse(value: unknown): Response {
  if (value instanceof Response) return value;
  if (value === undefined || value === null) return new Response(undefined, { status: 204 });
  if (typeof value === 'string') return new Response(value, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    return new Response(value, { headers: { 'content-type': 'application/octet-stream' } });
  }
  return new Response(JSON.stringify(value), { headers: { 'content-type': JSON_TYPE } });
}

/**
 * The response for an HttpError, from its parts. The router answers the errors it raises itself
 * (404, 405, 415: no user code can catch those) this way, without an Error object: capturing
 * its stack costs several microseconds, more than routing a request.
 */
export function httpErrorResponse(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify({ code, message }), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** The response for a thrown value: HttpErrors keep their status; anything else is a 500. */
export function errorResponse(err: unknown, debug: boolean): Response {
  if (err instanceof HttpError) return httpErrorResponse(err.status, err.code, err.message, err.headers);
  // Lambda sends console.error to CloudWatch: the one place a production stack trace belongs.
  console.error('Calix: unhandled error in handler:', err);
  const body: Record<string, unknown> = { ...INTERNAL_ERROR };
  if (debug) {
    body.message = err instanceof Error ? err.message : String(err);
    body.stack = err instanceof Error ? err.stack : undefined;
  }
  return new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': JSON_TYPE } });
}

/**
 * The fast path: a plain JSON-able value straight to an API Gateway result, without an
 * intermediate Response.
 */
export function jsonResult(value: unknown, extra: Record<string, string> | undefined): ApiGatewayResult {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE };
  if (extra) for (const k in extra) headers[k] = extra[k]!;
  return { statusCode: 200, headers, body: JSON.stringify(value), isBase64Encoded: false };
}


/** Where a format puts a Response's multi-value headers and cookies (src/adapters). */
export interface ResultShape {
  /** A header with several values (never Set-Cookie). */
  multiHeader(out: ApiGatewayResult, name: string, values: readonly string[]): void;
  cookies(out: ApiGatewayResult, cookies: string[]): void;
}

/** Formats a Response as a Lambda proxy result; `shape` places multi-value headers and cookies. */
export function formatResult(res: Response, extra: Record<string, string> | undefined, shape: ResultShape): ApiGatewayResult {
  let body: string;
  let isBase64Encoded = false;
  const headers: Record<string, string> = {};
  const b = res.body;
  let defaultType: string | undefined;
  let stream: StreamedBody | undefined;
  if (b === undefined || b === null) body = '';
  else if ((b as StreamedBody)[STREAM] === true) {
    // Sent or collected by the entry point (its `finish`, src/http/stream.ts), after the headers are checked below.
    body = '';
    stream = b as StreamedBody;
  }
  else if (typeof b === 'string') body = b;
  else if (b instanceof Uint8Array || b instanceof ArrayBuffer) {
    body = Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString('base64');
    isBase64Encoded = true;
    defaultType = 'application/octet-stream';
  } else {
    body = JSON.stringify(b);
    defaultType = JSON_TYPE;
  }
  if (defaultType && !hasHeader(res.headers, 'content-type')) headers['content-type'] = defaultType;
  if (extra) addCorsHeaders(headers, res.headers, extra);
  const out: ApiGatewayResult = { statusCode: res.status, headers, body, isBase64Encoded };
  let setCookies: string[] | undefined;
  for (const k in res.headers) {
    const v: HeaderValue = res.headers[k]!;
    // Set-Cookie values must stay apart (an Expires date holds a comma): they go out with the cookies.
    if (k.length === 10 && k.toLowerCase() === 'set-cookie') (setCookies ??= []).push(...(Array.isArray(v) ? v : [String(v)]));
    else if (typeof v === 'string') headers[k] = v;
    else if (typeof v === 'number') headers[k] = String(v);
    else if (!Array.isArray(v)) headers[k] = v as never; // not a header value: refused below, by name
    else if (v.length === 1) headers[k] = v[0]!;
    else shape.multiHeader(out, k, v);
  }
  if (res.cookies.length || setCookies) shape.cookies(out, setCookies ? [...setCookies, ...res.cookies] : [...res.cookies]);
  // A CR/LF in a value would split the header (response splitting); a bad status cannot be written.
  // Both are the handler's bug: a logged 500, as Chalice does, the same in every driver.
  const problem = resultProblem(out);
  if (problem) {
    console.error(`Calix: cannot send the handler's response: ${problem}. Answering 500.`);
    return internalErrorResult();
  }
  if (stream) (out as ApiGatewayResult & { [STREAM]?: unknown })[STREAM] = stream;
  return out;
}
