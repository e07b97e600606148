// What an API Gateway HTTP API (`api: { type: "http" }`) is built from: the OpenAPI document
// with HTTP API extensions (payload format 2.0 integrations, JWT / Lambda REQUEST / IAM
// authorizers, the API's own CORS configuration), the features it lacks, and its CORS rule.
// The deployed CfnApi's Body and `calix openapi` for an http stage read the document from here;
// `calix local` can read the CORS configuration from the stage model. No CDK here.
import type { AuthorizerManifest } from '../src/auth/authorizers.js';
import type { CorsRule } from '../src/http/cors.js';
import type { Manifest, RouteManifest } from '../src/manifest.js';
import { API_KEY_SCHEME, authorizerFunctionArnPlaceholder, customAuthorizerScheme, IAM_SCHEME, toOpenApi, type OpenApiDocument, type OpenApiOperation, type OpenApiOptions } from './openapi.js';
import { apiType } from './rules.js';
import type { StageConfig } from './types.js';
import { authorizerConfigKey, existingUserPoolArn } from './user-pools.js';

/** Placeholder for a Cognito pool's token issuer when none is known: `${CalixUserPoolIssuer.<authorizer>}`. */
export const userPoolIssuerPlaceholder = (authorizer: string): string => `\${CalixUserPoolIssuer.${authorizer}}`;
/** Placeholder for a Cognito pool's app client id when none is known: `${CalixUserPoolClientId.<authorizer>}`. */
export const userPoolClientIdPlaceholder = (authorizer: string): string => `\${CalixUserPoolClientId.${authorizer}}`;

/** HTTP API quotas Calix checks at synth (defaults; AWS raises routes per API on request). */
export const HTTP_API_LIMITS = { routesPerApi: 300, authorizersPerApi: 10, corsMaxAge: 86400 } as const;

/** The HTTP API's CORS configuration (`x-amazon-apigateway-cors`, CloudFormation's `CorsConfiguration`). */
export interface HttpApiCors {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  /** Seconds; absent: browsers' own default. */
  readonly maxAge?: number;
}

export interface HttpApiOptions extends OpenApiOptions {
  /**
   * Token issuers of the Cognito pools by authorizer name (tokens allowed), e.g.
   * `https://${pool.userPoolProviderUrl}` for a pool the CDK construct creates.
   * @default an existing pool's issuer from its ARN, else a `${CalixUserPoolIssuer.<name>}` placeholder
   */
  readonly userPoolIssuers?: Readonly<Record<string, string>>;
  /**
   * App client ids accepted as the JWT audience, by authorizer name (tokens allowed).
   * @default `stages.<stage>.authorizers.<name>.clientIds`, else a `${CalixUserPoolClientId.<name>}` placeholder
   */
  readonly userPoolClientIds?: Readonly<Record<string, readonly string[]>>;
}

const unique = (values: Iterable<string>, fold = false): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const k = fold ? v.toLowerCase() : v;
    if (!seen.has(k)) (seen.add(k), out.push(v));
  }
  return out;
};

/**
 * The one CORS configuration of an HTTP API (HTTP APIs have no per-route CORS): the union of the
 * routes' rules — their origins (`*` if any allows any), methods, request and exposed headers,
 * credentials if any route allows them, the longest preflight cache. undefined when no route
 * uses CORS. API Gateway then answers every preflight itself and puts these headers on every
 * response, including those of routes without CORS.
 */
export function httpApiCors(routes: readonly Pick<RouteManifest, 'methods' | 'cors'>[]): HttpApiCors | undefined {
  const cors = routes.filter((r): r is Pick<RouteManifest, 'methods'> & { cors: CorsRule } => r.cors !== null);
  if (!cors.length) return undefined;
  const origins = unique(cors.flatMap((r) => r.cors.origins));
  const maxAges = cors.map((r) => r.cors.maxAge).filter((m): m is number => m !== null);
  return {
    allowOrigins: origins.includes('*') ? ['*'] : origins,
    allowMethods: unique(cors.flatMap((r) => r.cors.methods ?? r.methods).map((m) => m.toUpperCase())).sort(),
    allowHeaders: unique(cors.flatMap((r) => r.cors.headers), true).sort(),
    exposeHeaders: unique(cors.flatMap((r) => r.cors.exposeHeaders), true).sort(),
    allowCredentials: cors.some((r) => r.cors.credentials),
    ...(maxAges.length ? { maxAge: Math.max(...maxAges) } : {}),
  };
}

const where = (r: RouteManifest) => `route "${r.name}" (${r.methods.join(',')} ${r.path})`;

/**
 * What an `api.type: "http"` stage asks for that HTTP APIs cannot do: one sentence each, naming
 * the route or key and the alternative. Empty for REST stages.
 */
export function httpApiProblems(manifest: Pick<Manifest, 'routes' | 'authorizers'>, stage: StageConfig): string[] {
  if (apiType(stage) !== 'http') return [];
  const out: string[] = [];
  const useRest = 'or deploy this stage as a REST API ("api": { "type": "rest" })';
  for (const r of manifest.routes) {
    if (r.apiKeyRequired) out.push(`${where(r)} requires an API key, which HTTP APIs do not have (no API keys or usage plans): remove apiKeyRequired and protect it with an authorizer, ${useRest}`);
  }
  if (stage.apiGatewayEndpointType === 'PRIVATE') out.push(`apiGatewayEndpointType PRIVATE: HTTP APIs have no private endpoints; use REGIONAL, ${useRest}`);
  if (stage.apiGatewayEndpointType === 'EDGE') out.push(`apiGatewayEndpointType EDGE: HTTP APIs are regional only; use REGIONAL (with your own CloudFront distribution in front if you need one), ${useRest}`);
  if (stage.apiPolicy) out.push(`apiPolicy: HTTP APIs have no resource policies; remove it and use an IAM authorizer (new IAMAuthorizer()) on the routes, ${useRest}`);
  if (stage.customDomain?.tlsPolicy === 'TLS_1_0') out.push(`customDomain.tlsPolicy TLS_1_0: HTTP API custom domains support TLS 1.2 only; use "TLS_1_2", ${useRest}`);
  const cors = httpApiCors(manifest.routes);
  if (cors?.allowCredentials && cors.allowOrigins.includes('*')) {
    const any = manifest.routes.filter((r) => r.cors?.origins.includes('*')).map(where);
    out.push(
      `CORS: an HTTP API has one CORS configuration for all routes, and it cannot allow credentials for any origin ("*"); ${any.join(', ')} allow${any.length === 1 ? 's' : ''} any origin while another route allows credentials. ` +
        `List the origins (cors: { origins: ["https://app.example.com"] }), ${useRest}`,
    );
  }
  if (cors?.maxAge !== undefined && cors.maxAge > HTTP_API_LIMITS.corsMaxAge) {
    const long = manifest.routes.filter((r) => (r.cors?.maxAge ?? 0) > HTTP_API_LIMITS.corsMaxAge).map(where);
    out.push(`CORS: ${long.join(', ')} set${long.length === 1 ? 's' : ''} maxAge ${cors.maxAge}; an HTTP API caches preflights for at most ${HTTP_API_LIMITS.corsMaxAge} seconds (a day): use a smaller maxAge, ${useRest}`);
  }
  const operations = manifest.routes.reduce((n, r) => n + r.methods.length, 0);
  if (operations > HTTP_API_LIMITS.routesPerApi) {
    out.push(`the API needs ${operations} HTTP API routes (one per path and method); API Gateway allows ${HTTP_API_LIMITS.routesPerApi} per HTTP API by default (a quota AWS raises on request): share paths with a greedy {proxy+} route, split the app, ${useRest}`);
  }
  for (const a of manifest.authorizers) {
    if (a.kind !== 'cognito_user_pools' || !existingUserPoolArn(a, stage)) continue;
    if (!stage.authorizers?.[a.name]?.clientIds?.length) {
      const key = authorizerConfigKey(stage.stage, a.name);
      out.push(
        `authorizer "${a.name}": an HTTP API checks Cognito tokens with a JWT authorizer, whose audience is the pool's app client ids, which Calix cannot know for an existing pool; ` +
          `set ${key}.clientIds in .calix/config.json (e.g. "clientIds": ["1example23456789"]), ${useRest}`,
      );
    }
  }
  return out;
}

/** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the issuer of an AWS pool's tokens. */
const issuerOfArn = (arn: string): string => `https://cognito-idp.${arn.split(':')[3]}.amazonaws.com/${arn.split('/')[1]}`;

/**
 * The manifest as an HTTP API OpenAPI 3.0 document: the routes and schemas of {@link toOpenApi}'s
 * plain document, each operation integrated with the router (payload format 2.0), Cognito
 * authorizers as JWT authorizers, custom authorizers as Lambda REQUEST authorizers (payload 2.0,
 * simple responses), IAM as `awsSigv4`, and the routes' CORS rules as the API's CORS
 * configuration (which answers preflights: the REST document's OPTIONS operations are dropped).
 * HTTP APIs have no request validators, binary media types or gateway responses: the router
 * validates requests (docs/schemas.md) and API Gateway base64-encodes non-text bodies itself.
 */
export function toHttpApiOpenApi(manifest: Manifest, options: HttpApiOptions = {}): OpenApiDocument {
  const doc = toOpenApi(manifest, { ...options, apiGatewayExtensions: false });
  if (options.apiGatewayExtensions === false) return doc;
  const routerArn = options.routerArn ?? '${CalixRouterFunctionArn}';
  const parsed = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):/.exec(options.routerArn ?? '');
  const region = options.region ?? parsed?.[2] ?? '${AWS::Region}';
  const partition = options.partition ?? parsed?.[1] ?? '${AWS::Partition}';
  const invocation = (fnArn: string) => `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;

  for (const item of Object.values(doc.paths)) {
    const ops = item as Record<string, OpenApiOperation>;
    // The API's CORS configuration answers preflights; an OPTIONS route of the app stays.
    if (ops.options?.summary === 'CORS preflight') delete ops.options;
    for (const op of Object.values(ops)) {
      if (Array.isArray(op)) continue; // path-level parameters
      op['x-amazon-apigateway-integration'] = { type: 'aws_proxy', httpMethod: 'POST', uri: invocation(routerArn), payloadFormatVersion: '2.0' };
      // HTTP APIs have no API keys (an apiKeyRequired route is a stage-model problem): no dangling scheme.
      for (const requirement of op.security ?? []) delete requirement[API_KEY_SCHEME];
      if (op.security?.every((r) => !Object.keys(r).length)) delete op.security;
    }
  }
  const schemes: Record<string, Record<string, unknown>> = {};
  for (const a of manifest.authorizers) schemes[a.name] = httpSecurityScheme(a, options, invocation);
  if (Object.keys(schemes).length) doc.components.securitySchemes = schemes;
  else delete doc.components.securitySchemes;
  const cors = httpApiCors(manifest.routes);
  if (cors) doc['x-amazon-apigateway-cors'] = { ...cors };
  doc['x-amazon-apigateway-importexport-version'] = '1.0';
  return doc;
}

function httpSecurityScheme(a: AuthorizerManifest, o: HttpApiOptions, invocation: (fnArn: string) => string): Record<string, unknown> {
  if (a.kind === 'custom') {
    return {
      ...customAuthorizerScheme(a),
      'x-amazon-apigateway-authorizer': {
        type: 'request',
        authorizerUri: invocation(o.authorizerFunctionArns?.[a.name] ?? authorizerFunctionArnPlaceholder(a.name)),
        authorizerPayloadFormatVersion: '2.0',
        enableSimpleResponses: true,
        // A simple response is cached per identity source, not evaluated per route as a REST API's
        // policy is: while caching, the request's method and path join the key, so one route's
        // decision is never reused for another.
        identitySource: a.ttlSeconds > 0 ? `$request.header.${a.header}, $context.httpMethod, $context.path` : `$request.header.${a.header}`,
        authorizerResultTtlInSeconds: a.ttlSeconds,
      },
    };
  }
  if (a.kind === 'iam') {
    return { ...IAM_SCHEME, 'x-amazon-apigateway-authtype': 'awsSigv4' };
  }
  const existing = existingUserPoolArn(a, o.stage);
  const issuer = o.userPoolIssuers?.[a.name] ?? (existing ? issuerOfArn(existing) : userPoolIssuerPlaceholder(a.name));
  const audience = o.userPoolClientIds?.[a.name] ?? o.stage?.authorizers?.[a.name]?.clientIds ?? [userPoolClientIdPlaceholder(a.name)];
  return {
    type: 'oauth2',
    description: `A Cognito user pool token (ID or access token of the pool's app clients${a.scopes.length ? `; access tokens with scopes ${a.scopes.join(', ')}` : ''}) in the ${a.header} header.`,
    flows: {},
    'x-amazon-apigateway-authorizer': {
      type: 'jwt',
      identitySource: `$request.header.${a.header}`,
      jwtConfiguration: { issuer, audience: [...audience] },
    },
  };
}

/** The stage's API document: the HTTP API flavour for `api.type: "http"`, else the REST one. */
export function apiDocument(manifest: Manifest, options: HttpApiOptions = {}): OpenApiDocument {
  return apiType(options.stage) === 'http' ? toHttpApiOpenApi(manifest, options) : toOpenApi(manifest, options);
}
