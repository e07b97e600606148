// Which API Gateway payload an event is. Narrow guards on several fields each: REST (v1) and
// HTTP API (v2) share field names, and misreading one as the other is a known bug class in
// Lambda routers.
import type { ApiGatewayV1Event, ApiGatewayV2Event } from '../aws-types.js';

export type AnyEvent = Record<string, unknown> | null | undefined;

export function isV1Event(e: AnyEvent): e is AnyEvent & ApiGatewayV1Event {
  return (
    !!e && typeof e.httpMethod === 'string' && typeof e.path === 'string' && 'resource' in e &&
    typeof e.requestContext === 'object' && e.requestContext !== null && e.version !== '2.0'
  );
}

export function isV2Event(e: AnyEvent): e is AnyEvent & ApiGatewayV2Event {
  return (
    !!e &&
    e.version === '2.0' &&
    typeof e.routeKey === 'string' &&
    typeof e.rawPath === 'string' &&
    typeof (e.requestContext as { http?: { method?: unknown } } | undefined)?.http?.method === 'string'
  );
}

/**
 * A Lambda Function URL's event: payload format 2.0 (routed as an HTTP API event, `routeKey` and
 * `stage` are `$default`) from a `<url-id>.lambda-url.<region>.on.aws` domain.
 */
export function isFunctionUrlEvent(e: AnyEvent): e is AnyEvent & ApiGatewayV2Event {
  const domain = (e?.requestContext as { domainName?: unknown } | undefined)?.domainName;
  return isV2Event(e) && e.routeKey === '$default' && typeof domain === 'string' && domain.includes('.lambda-url.');
}

