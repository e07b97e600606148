// Builders for the API Gateway proxy events (REST v1, HTTP API v2) AWS sends the router Lambda:
// used by the test client, `calix local` and `calix invoke`.
import { randomUUID } from 'node:crypto';
import type { ApiGatewayV1Event, ApiGatewayV2Event } from '../aws-types.js';
import { isTextType, mediaType } from '../http/content-type.js';

export interface HttpEventInit {
  method: string;
  /** Path with optional query string: `/users/1?expand=true`. */
  path: string;
  headers?: Record<string, string | readonly string[]>;
  /** Query parameters added to those in `path`; arrays repeat the name. */
  query?: Record<string, string | readonly string[]>;
  /** Raw body: text, or bytes (sent base64-encoded, as API Gateway does for binary media types). */
  body?: string | Uint8Array;
  /** Force base64 encoding on or off; by default bytes and non-text content types are encoded. */
  binary?: boolean;
  /** The route template API Gateway matched (`/users/{id}`), and its parameters. */
  resource?: string;
  pathParameters?: Record<string, string> | null;
  /** Claims an authorizer put in the request context (Cognito user pool). */
  claims?: Record<string, unknown>;
  stage?: string;
  sourceIp?: string;
  stageVariables?: Record<string, string> | null;
  /** HTTP API: the query string exactly as received (without `?`); by default re-encoded from `path` and `query`. */
  rawQueryString?: string;
}

function splitUrl(path: string, extra: HttpEventInit['query']): { pathname: string; pairs: [string, string][] } {
  const q = path.indexOf('?');
  const pathname = q < 0 ? path : path.slice(0, q);
  const pairs: [string, string][] = q < 0 ? [] : [...new URLSearchParams(path.slice(q + 1))];
  for (const [k, v] of Object.entries(extra ?? {})) for (const one of typeof v === 'string' ? [v] : v) pairs.push([k, one]);
  return { pathname, pairs };
}

function bodyOf(body: HttpEventInit['body'], contentType: string | undefined, binary?: boolean): { body: string | null; isBase64Encoded: boolean } {
  if (body === undefined) return { body: null, isBase64Encoded: false };
  if (binary !== undefined) {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return binary ? { body: bytes.toString('base64'), isBase64Encoded: true } : { body: bytes.toString('utf8'), isBase64Encoded: false };
  }
  if (typeof body === 'string') {
    // API Gateway base64-encodes bodies whose type is a binary media type.
    const t = mediaType(contentType);
    if (t && !isTextType(t)) return { body: Buffer.from(body, 'utf8').toString('base64'), isBase64Encoded: true };
    return { body, isBase64Encoded: false };
  }
  return { body: Buffer.from(body).toString('base64'), isBase64Encoded: true };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let clock = { second: -1, text: '' };
/** API Gateway's `requestTime` (`24/Nov/2026:12:00:00 +0000`), formatted once per second. */
const now = () => {
  const epoch = Date.now();
  const second = Math.floor(epoch / 1000);
  if (second !== clock.second) {
    const d = new Date(epoch);
    const p = (n: number) => String(n).padStart(2, '0');
    clock = { second, text: `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000` };
  }
  return { epoch, text: clock.text };
};

/** A complete API Gateway REST (v1) proxy event, shaped like the ones AWS sends. */
export function restApiEvent(init: HttpEventInit): ApiGatewayV1Event {
  const method = init.method.toUpperCase();
  const { pathname, pairs } = splitUrl(init.path, init.query);
  const stage = init.stage ?? 'dev';
  const sourceIp = init.sourceIp ?? '127.0.0.1';
  // Client-chosen names (`__proto__`, `toString`…) are collected in Maps and become own properties,
  // exactly as in the JSON event Lambda parses.
  const base: Record<string, string> = {
    Host: 'localhost', 'User-Agent': 'calix-test-client', 'X-Forwarded-For': sourceIp, 'X-Forwarded-Port': '443', 'X-Forwarded-Proto': 'https',
  };
  const given = Object.entries(init.headers ?? {});
  const present = new Set(given.map(([k]) => k.toLowerCase()));
  const multiHeaders = new Map<string, string[]>();
  for (const [k, v] of [...Object.entries(base).filter(([k]) => !present.has(k.toLowerCase())), ...given]) multiHeaders.set(k, typeof v === 'string' ? [v] : [...v]);
  const multiValueHeaders: Record<string, string[]> = Object.fromEntries(multiHeaders);
  const headers: Record<string, string> = Object.fromEntries([...multiHeaders].map(([k, list]) => [k, list[list.length - 1]!]));
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const multiQuery = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const list = multiQuery.get(k);
    if (list) list.push(v);
    else multiQuery.set(k, [v]);
  }
  const qs: Record<string, string> = Object.fromEntries([...multiQuery].map(([k, list]) => [k, list[list.length - 1]!]));
  const mqs: Record<string, string[]> = Object.fromEntries(multiQuery);
  const resource = init.resource ?? pathname;
  const t = now();
  return {
    resource,
    path: pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: pairs.length ? qs : null,
    multiValueQueryStringParameters: pairs.length ? mqs : null,
    pathParameters: init.pathParameters && Object.keys(init.pathParameters).length ? init.pathParameters : null,
    stageVariables: init.stageVariables ?? null,
    requestContext: {
      resourceId: 'calix1',
      resourcePath: resource,
      httpMethod: method,
      extendedRequestId: randomUUID(),
      requestTime: t.text,
      path: `/${stage}${pathname}`,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage,
      domainPrefix: 'localhost',
      requestTimeEpoch: t.epoch,
      requestId: randomUUID(),
      identity: {
        cognitoIdentityPoolId: null, accountId: null, cognitoIdentityId: null, caller: null, sourceIp, principalOrgId: null, accessKey: null,
        cognitoAuthenticationType: null, cognitoAuthenticationProvider: null, userArn: null, userAgent: Object.entries(headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? null, user: null,
      },
      ...(init.claims ? { authorizer: { claims: init.claims } } : {}),
      domainName: 'localhost',
      apiId: 'calixlocal',
    },
    ...bodyOf(init.body, contentType, init.binary),
  };
}

/** A complete API Gateway HTTP API (v2) event, shaped like the ones AWS sends. */
export function httpApiEvent(init: HttpEventInit): ApiGatewayV2Event {
  const method = init.method.toUpperCase();
  const { pathname, pairs } = splitUrl(init.path, init.query);
  const headerMap = new Map<string, string>([['host', 'localhost'], ['user-agent', 'calix-test-client'], ['x-forwarded-proto', 'https']]);
  const cookies: string[] = [];
  for (const [k, v] of Object.entries(init.headers ?? {})) {
    const list = typeof v === 'string' ? [v] : [...v];
    if (k.toLowerCase() === 'cookie') for (const c of list) cookies.push(...c.split(';').map((s) => s.trim()).filter(Boolean));
    else headerMap.set(k.toLowerCase(), list.join(','));
  }
  const headers: Record<string, string> = Object.fromEntries(headerMap);
  const query = new Map<string, string>();
  for (const [k, v] of pairs) query.set(k, query.has(k) ? `${query.get(k)},${v}` : v);
  const qs: Record<string, string> = Object.fromEntries(query);
  const t = now();
  const sourceIp = init.sourceIp ?? '127.0.0.1';
  return {
    version: '2.0',
    routeKey: init.resource ? `${method} ${init.resource}` : '$default',
    rawPath: pathname,
    rawQueryString: init.rawQueryString ?? new URLSearchParams(pairs).toString(),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(pairs.length ? { queryStringParameters: qs } : {}),
    ...(init.pathParameters && Object.keys(init.pathParameters).length ? { pathParameters: init.pathParameters } : {}),
    ...(init.stageVariables ? { stageVariables: init.stageVariables } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'calixlocal',
      ...(init.claims ? { authorizer: { jwt: { claims: init.claims, scopes: null } } } : {}),
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: pathname, protocol: 'HTTP/1.1', sourceIp, userAgent: headers['user-agent']! },
      requestId: randomUUID(),
      routeKey: init.resource ? `${method} ${init.resource}` : '$default',
      stage: '$default',
      time: t.text,
      timeEpoch: t.epoch,
    },
    ...(() => {
      const b = bodyOf(init.body, headers['content-type'], init.binary);
      return b.body === null ? { isBase64Encoded: false } : { body: b.body, isBase64Encoded: b.isBase64Encoded };
    })(),
  };
}

/** The caller of an `AWS_IAM` Function URL, as Lambda puts it in `requestContext.authorizer.iam`. */
export interface FunctionUrlIamCaller {
  accessKey?: string;
  accountId?: string;
  callerId?: string;
  userArn?: string;
  userId?: string;
}

export interface FunctionUrlEventInit extends Omit<HttpEventInit, 'resource' | 'pathParameters' | 'claims' | 'stage' | 'stageVariables'> {
  /** The URL's id (its host's first label). @default 'calixlocal' */
  urlId?: string;
  /** @default 'us-east-1' */
  region?: string;
  /** The signed caller of an `AWS_IAM` URL; without it the event is a `NONE` URL's (account `anonymous`). */
  iam?: FunctionUrlIamCaller;
}

/**
 * The event a Lambda Function URL sends: payload format 2.0 with `routeKey` and `stage` `$default`
 * (no routes, no stages, no path parameters), the `<url-id>.lambda-url.<region>.on.aws` domain, and
 * for an `AWS_IAM` URL the signer in `authorizer.iam`.
 */
export function functionUrlEvent(init: FunctionUrlEventInit): ApiGatewayV2Event {
  const { urlId = 'calixlocal', region = 'us-east-1', iam, ...http } = init;
  const domainName = `${urlId}.lambda-url.${region}.on.aws`;
  const e = httpApiEvent({ ...http, resource: undefined, pathParameters: null });
  e.headers.host = domainName;
  e.requestContext = {
    ...e.requestContext,
    accountId: iam ? (iam.accountId ?? '123456789012') : 'anonymous',
    apiId: urlId,
    domainName,
    domainPrefix: urlId,
    ...(iam
      ? {
          authorizer: {
            iam: {
              accessKey: iam.accessKey ?? 'AKIAIOSFODNN7EXAMPLE',
              accountId: iam.accountId ?? '123456789012',
              callerId: iam.callerId ?? 'AIDACKCEVSQ6C2EXAMPLE',
              cognitoIdentity: null,
              principalOrgId: null,
              userArn: iam.userArn ?? 'arn:aws:iam::123456789012:user/calix-test',
              userId: iam.userId ?? 'AIDACKCEVSQ6C2EXAMPLE',
            },
          },
        }
      : {}),
  };
  return e;
}
