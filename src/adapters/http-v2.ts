import type { ApiGatewayResult, ApiGatewayV2Event, ApiGatewayV2Result } from '../aws-types.js';
import { malformedEvent as malformed } from '../http/errors.js';
import { HeaderMap } from '../http/headers.js';
import { EventAdapter } from './adapter.js';

/**
 * API Gateway HTTP API (v2, payload format 2.0): `routeKey` names the matched template, path
 * parameters arrive decoded, repeated headers comma-joined and cookies apart; the result joins
 * multi-value headers and carries cookies in `cookies`. A Lambda Function URL sends this shape too
 * (`routeKey` and `stage` `$default`, no path parameters, the caller of an AWS_IAM URL in
 * `requestContext.authorizer.iam`): served by this adapter, the router matching the path itself.
 */
export class HttpApiV2Adapter extends EventAdapter<ApiGatewayV2Event> {
  protected readonly encodedParams = false;

  method(e: ApiGatewayV2Event): string {
    return e.requestContext.http.method.toUpperCase();
  }
  path(e: ApiGatewayV2Event): string {
    const path = e.rawPath;
    // Named stages prefix rawPath with the stage; routes never include it.
    const stage = e.requestContext.stage;
    if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) return path.slice(stage.length + 1) || '/';
    return path;
  }
  template(e: ApiGatewayV2Event): string | undefined {
    const space = e.routeKey.indexOf(' ');
    return space > 0 ? e.routeKey.slice(space + 1) : undefined;
  }

  headers(e: ApiGatewayV2Event): HeaderMap {
    const headers = HeaderMap.fromEvent(undefined, e.headers);
    const cookies = e.cookies;
    if (cookies != null && !(Array.isArray(cookies) && cookies.every((c) => typeof c === 'string'))) throw malformed('cookies');
    if (cookies?.length && !headers.has('cookie')) headers.add('cookie', cookies.join('; '));
    return headers;
  }

  multiQuery(e: ApiGatewayV2Event): Record<string, string[]> {
    const out: Record<string, string[]> = Object.create(null);
    const raw = e.rawQueryString ?? '';
    if (typeof raw !== 'string') throw malformed('rawQueryString');
    if (raw) for (const [k, v] of new URLSearchParams(raw)) (out[k] ??= []).push(v);
    return out;
  }

  claims(e: ApiGatewayV2Event): Record<string, unknown> | undefined {
    return e.requestContext.authorizer?.jwt?.claims;
  }
  sourceIp(e: ApiGatewayV2Event): string | undefined {
    return e.requestContext.http.sourceIp;
  }

  multiHeader(out: ApiGatewayResult, name: string, values: readonly string[]): void {
    out.headers![name] = values.join(', ');
  }
  cookies(out: ApiGatewayResult, cookies: string[]): void {
    (out as ApiGatewayV2Result).cookies = cookies;
  }
}

export const httpApiV2 = new HttpApiV2Adapter();
