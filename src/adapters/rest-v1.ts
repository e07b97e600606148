import type { ApiGatewayResult, ApiGatewayV1Event, ApiGatewayV1Result } from '../aws-types.js';
import { malformedEvent as malformed } from '../http/errors.js';
import { HeaderMap } from '../http/headers.js';
import { EventAdapter } from './adapter.js';

/** A map's own keys, checked to be a map (an array or a string is not). */
function ownKeys(o: object, field: string): string[] {
  if (typeof o !== 'object' || Array.isArray(o)) throw malformed(field);
  return Object.keys(o);
}

/**
 * API Gateway REST API (v1) proxy integration: `resource` is the matched template, path
 * parameters arrive percent-encoded, repeated headers and query names in `multiValue*` maps;
 * the result carries multi-value headers and cookies in `multiValueHeaders`.
 */
export class RestApiV1Adapter extends EventAdapter<ApiGatewayV1Event> {
  protected readonly encodedParams = true;

  method(e: ApiGatewayV1Event): string {
    return e.httpMethod.toUpperCase();
  }
  path(e: ApiGatewayV1Event): string {
    return e.path;
  }
  template(e: ApiGatewayV1Event): string | undefined {
    return e.resource;
  }

  headers(e: ApiGatewayV1Event): HeaderMap {
    return HeaderMap.fromEvent(e.multiValueHeaders, e.headers);
  }

  multiQuery(e: ApiGatewayV1Event): Record<string, string[]> {
    const out: Record<string, string[]> = Object.create(null);
    const multi = e.multiValueQueryStringParameters;
    const single = e.queryStringParameters;
    if (multi) {
      for (const k of ownKeys(multi, 'multiValueQueryStringParameters')) {
        const list = multi[k] ?? [];
        if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) throw malformed('multiValueQueryStringParameters', k);
        out[k] = [...list];
      }
    } else if (single) {
      for (const k of ownKeys(single, 'queryStringParameters')) {
        const v = single[k] ?? '';
        if (typeof v !== 'string') throw malformed('queryStringParameters', k);
        out[k] = [v];
      }
    }
    return out;
  }

  claims(e: ApiGatewayV1Event): Record<string, unknown> | undefined {
    return e.requestContext.authorizer?.claims;
  }
  sourceIp(e: ApiGatewayV1Event): string | undefined {
    return e.requestContext.identity?.sourceIp;
  }

  multiHeader(out: ApiGatewayResult, name: string, values: readonly string[]): void {
    ((out as ApiGatewayV1Result).multiValueHeaders ??= {})[name] = [...values];
  }
  cookies(out: ApiGatewayResult, cookies: string[]): void {
    ((out as ApiGatewayV1Result).multiValueHeaders ??= {})['Set-Cookie'] = cookies;
  }
}

export const restApiV1 = new RestApiV1Adapter();
