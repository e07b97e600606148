// manifest -> OpenAPI 3.0 document. The deployed REST API is built from this document (a
// SpecRestApi with an inline body), and `calix openapi` prints it: both read it from here. No CDK
// here: this module must stay cheap to import and usable on its own.
import type { AuthorizerManifest } from '../src/auth/authorizers.js';
import { preflightHeaders, type CorsRule } from '../src/http/cors.js';
import type { Manifest, RouteManifest } from '../src/manifest.js';
import { edgeModel } from './edge-model.js';
import type { OasSchema } from './oas-schema.js';
import { BODY_METHODS, EDGE_BODY_TYPE, routeContracts, statusText, type OpenApiParameter, type RouteContract } from './route-contracts.js';
import type { StageConfig } from './types.js';
import { existingUserPoolArn } from './user-pools.js';

/** Placeholder for the router function's ARN when no `routerArn` is given (Fn::Sub style). */
export const ROUTER_ARN_PLACEHOLDER = '${CalixRouterFunctionArn}';
/** Placeholder for a Cognito pool Calix creates, when no ARN is known: `${CalixUserPoolArn.<authorizer>}`. */
export const userPoolArnPlaceholder = (authorizer: string): string => `\${CalixUserPoolArn.${authorizer}}`;
/** Placeholder for a custom authorizer's function ARN, when none is given: `${CalixAuthorizerFunctionArn.<authorizer>}`. */
export const authorizerFunctionArnPlaceholder = (authorizer: string): string => `\${CalixAuthorizerFunctionArn.${authorizer}}`;

/** The request validator every operation uses (see `x-amazon-apigateway-request-validators`). */
export const REQUEST_VALIDATOR = 'params-only';
/** The request validator of operations with a body model: required parameters and the JSON body. */
export const BODY_VALIDATOR = 'all';

export type { OpenApiParameter } from './route-contracts.js';

/** API Gateway responses that get the CORS headers when any route uses CORS. */
export const CORS_GATEWAY_RESPONSES = ['UNAUTHORIZED', 'ACCESS_DENIED', 'MISSING_AUTHENTICATION_TOKEN', 'DEFAULT_4XX', 'DEFAULT_5XX'] as const;

/** Security scheme name API Gateway reads as "API key required". */
export const API_KEY_SCHEME = 'api_key';

export interface OpenApiOptions {
  /**
   * The stage's resolved config: names the document `<app>-<stage>` and supplies existing
   * Cognito pool ARNs (`stage.authorizers[name].userPoolArn`, which wins over the manifest's).
   * @default the app name only; pool ARNs from the manifest
   */
  readonly stage?: StageConfig;
  /**
   * Emit API Gateway's `x-amazon-apigateway-*` extensions (integrations, authorizers, binary
   * media types, CORS mock integrations, gateway responses, validators). `false` gives a plain
   * OpenAPI document for documentation and client generators.
   * @default true
   */
  readonly apiGatewayExtensions?: boolean;
  /**
   * The router function's ARN: a literal ARN or a CloudFormation token.
   * @default ROUTER_ARN_PLACEHOLDER (`${CalixRouterFunctionArn}`)
   */
  readonly routerArn?: string;
  /**
   * Region of the integration URI (a literal or a token).
   * @default the region in `routerArn` when it is a literal ARN, else `${AWS::Region}`
   */
  readonly region?: string;
  /**
   * Partition of the integration URI (a literal or a token).
   * @default the partition in `routerArn` when it is a literal ARN, else `${AWS::Partition}`
   */
  readonly partition?: string;
  /**
   * ARNs of Cognito pools by authorizer name, e.g. the pools the CDK construct creates
   * (tokens allowed). Wins over the stage config and the manifest.
   * @default none: stage config, then the manifest, then a `${CalixUserPoolArn.<name>}` placeholder
   */
  readonly userPoolArns?: Readonly<Record<string, string>>;
  /**
   * ARNs of the custom (Lambda TOKEN) authorizers' functions by authorizer name (tokens allowed).
   * @default a `${CalixAuthorizerFunctionArn.<name>}` placeholder
   */
  readonly authorizerFunctionArns?: Readonly<Record<string, string>>;
}

/** An OpenAPI 3.0 document (only the parts Calix writes are typed). */
export interface OpenApiDocument {
  openapi: '3.0.1';
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OpenApiOperation | OpenApiParameter[]>>;
  components: { schemas?: Record<string, OasSchema>; securitySchemes?: Record<string, Record<string, unknown>> };
  [extension: `x-${string}`]: unknown;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, Record<string, unknown>> };
  responses: Record<string, { description: string; headers?: Record<string, { schema: { type: 'string' } }>; content?: Record<string, { schema: OasSchema }> }>;
  security?: Record<string, string[]>[];
  [extension: `x-${string}`]: unknown;
}

/** The REST API's binary media types: all of them (see `x-amazon-apigateway-binary-media-types` below). */
export const ALL_BINARY = ['*/*'] as const;

/**
 * Whether API Gateway can answer a path's CORS preflight by itself (a mock integration with
 * fixed headers): only when the allowed origin does not depend on the request's `Origin`.
 * Otherwise (an origin list, or `*` with credentials) the router Lambda answers it.
 */
export function preflightIsStatic(rule: CorsRule): boolean {
  const o = rule.origins;
  if (o.length !== 1) return false;
  return o[0] === '*' ? !rule.credentials : true;
}

/**
 * The distinct API Gateway resources (path prefixes, root included) the routes need; API Gateway
 * allows 300 per API by default.
 */
export function apiResources(manifest: Pick<Manifest, 'routes'>): Set<string> {
  const out = new Set<string>(['/']);
  for (const r of manifest.routes) {
    const parts = r.path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) out.add('/' + parts.slice(0, i).join('/'));
  }
  return out;
}

function arnParts(arn: string | undefined): { partition: string; region: string } | undefined {
  const m = arn && /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):/.exec(arn);
  return m ? { partition: m[1]!, region: m[2]! } : undefined;
}

const quote = (v: string): string => `'${v.replace(/'/g, '')}'`;

/**
 * Turns a manifest into an OpenAPI 3.0 document: one operation per route method, integrated with
 * the router Lambda (`aws_proxy`), with its authorizer as a security requirement.
 */
export function toOpenApi(manifest: Manifest, options: OpenApiOptions = {}): OpenApiDocument {
  const ext = options.apiGatewayExtensions ?? true;
  const stage = options.stage;
  const routerArn = options.routerArn ?? ROUTER_ARN_PLACEHOLDER;
  const parsed = arnParts(options.routerArn);
  const region = options.region ?? parsed?.region ?? '${AWS::Region}';
  const partition = options.partition ?? parsed?.partition ?? '${AWS::Partition}';
  const invocation = (fnArn: string) => `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
  const uri = invocation(routerArn);
  const integration = () => ({ type: 'aws_proxy', httpMethod: 'POST', uri, passthroughBehavior: 'when_no_match' });

  const authorizers = new Map(manifest.authorizers.map((a) => [a.name, a]));
  const schemes: Record<string, Record<string, unknown>> = {};
  for (const a of manifest.authorizers) schemes[a.name] = securityScheme(a, ext, options, stage, invocation);
  if (manifest.routes.some((r) => r.apiKeyRequired)) {
    schemes[API_KEY_SCHEME] = { type: 'apiKey', name: 'x-api-key', in: 'header', description: 'An API Gateway API key (usage plan).' };
  }

  // Declared schemas: parameters, bodies, responses; API Gateway models when deployed.
  const contracts = routeContracts(manifest);
  let bodyValidated = false;

  // Routes grouped by path, in registration order.
  const byPath = new Map<string, RouteManifest[]>();
  for (const r of manifest.routes) {
    const list = byPath.get(r.path);
    if (list) list.push(r);
    else byPath.set(r.path, [r]);
  }
  const operationIds = new Set<string>();
  const unique = (id: string): string => {
    let out = id;
    for (let i = 2; operationIds.has(out); i++) out = `${id}_${i}`;
    operationIds.add(out);
    return out;
  };
  // Route names are unique; take them first so generated preflight ids never steal one.
  for (const r of manifest.routes) if (r.methods.length === 1) operationIds.add(r.name);

  const paths: OpenApiDocument['paths'] = {};
  for (const [path, routes] of byPath) {
    const item: Record<string, OpenApiOperation> = {};
    // Path parameters without a declared schema (and in CORS preflights): required strings.
    const parameters = (routes[0]!.params ?? []).map((name): OpenApiParameter => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    for (const r of routes) {
      const auth = r.authorizer === null ? undefined : authorizers.get(r.authorizer);
      if (r.authorizer !== null && !auth) {
        throw new Error(`route "${r.name}" (${r.methods.join(',')} ${r.path}) uses authorizer "${r.authorizer}", which the manifest does not declare`);
      }
      for (const method of r.methods) {
        const contract = contracts.routes.get(r.name);
        const own = contract ? contract.parameters.map((p) => (ext ? { ...p, schema: edgeModel(p.schema, contracts.components) } : { ...p })) : parameters.map((p) => ({ ...p }));
        const op: OpenApiOperation = {
          operationId: r.methods.length === 1 ? r.name : unique(`${r.name}_${method.toLowerCase()}`),
          ...(own.length ? { parameters: own } : {}),
          responses: responses(contract),
        };
        if (BODY_METHODS.has(method)) op.requestBody = requestBody(r, contract, ext);
        if (ext && BODY_METHODS.has(method) && contract?.edge.body) {
          op['x-amazon-apigateway-request-validator'] = BODY_VALIDATOR;
          bodyValidated = true;
        }
        const requirement: Record<string, string[]> = {};
        if (auth) requirement[auth.name] = auth.kind === 'cognito_user_pools' ? [...auth.scopes] : [];
        if (r.apiKeyRequired) requirement[API_KEY_SCHEME] = [];
        if (Object.keys(requirement).length) op.security = [requirement];
        if (ext) op['x-amazon-apigateway-integration'] = integration();
        item[method.toLowerCase()] = op;
      }
    }
    // CORS preflight, unless a route handles OPTIONS itself.
    const corsRoutes = routes.filter((r) => r.cors);
    if (corsRoutes.length && !item.options) {
      const rule = corsRoutes[0]!.cors!;
      const headers = preflightHeaders(rule, corsRoutes.flatMap((r) => r.methods), undefined);
      const op: OpenApiOperation = {
        operationId: unique(`${corsRoutes[0]!.name}_preflight`),
        summary: 'CORS preflight',
        ...(parameters.length ? { parameters: parameters.map((p) => ({ ...p })) } : {}),
        responses: { '200': { description: 'CORS preflight answer', headers: Object.fromEntries(Object.keys(headers).map((h) => [h, { schema: { type: 'string' as const } }])) } },
      };
      if (ext && preflightIsStatic(rule)) {
        op['x-amazon-apigateway-integration'] = {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          passthroughBehavior: 'when_no_match',
          // With binary media type */*, a mock cannot transform the (binary) request without this:
          // preflights would be API Gateway's 500 (aws/chalice#1310).
          contentHandling: 'CONVERT_TO_TEXT',
          responses: {
            default: {
              statusCode: '200',
              contentHandling: 'CONVERT_TO_TEXT',
              responseParameters: Object.fromEntries(Object.entries(headers).map(([h, v]) => [`method.response.header.${h}`, quote(v)])),
            },
          },
        };
      } else if (ext) {
        // The allowed origin depends on the request's Origin: the router answers (it knows the rule).
        op['x-amazon-apigateway-integration'] = integration();
      }
      item.options = op;
    }
    paths[path] = item;
  }

  const doc: OpenApiDocument = {
    openapi: '3.0.1',
    info: {
      title: stage ? `${manifest.app}-${stage.stage}` : manifest.app,
      version: String(manifest.manifestVersion),
      description: `Generated by Calix from the app's manifest${stage ? ` for stage "${stage.stage}"` : ''}.`,
    },
    paths,
    components: {},
  };
  // Deployed, every schema is an API Gateway model (draft-04, self-contained); otherwise exactly what OpenAPI 3.0 can say.
  const schemas = ext ? contracts.edgeComponents : contracts.components;
  if (Object.keys(schemas).length) doc.components.schemas = { ...schemas };
  if (Object.keys(schemes).length) doc.components.securitySchemes = schemes;
  if (ext) {
    // Every type is binary to API Gateway: it then returns a base64 Lambda body as bytes whatever
    // the request's Accept says (with a narrower list it does so only when the *first* Accept
    // type matches one, and sends browsers base64 text otherwise), and hands the router every
    // request body base64-encoded, which Request decodes. `calix local` and the test client
    // behave the same way (README, "Binary responses").
    doc['x-amazon-apigateway-binary-media-types'] = [...ALL_BINARY];
    doc['x-amazon-apigateway-request-validators'] = {
      [REQUEST_VALIDATOR]: { validateRequestBody: false, validateRequestParameters: true },
      ...(bodyValidated ? { [BODY_VALIDATOR]: { validateRequestBody: true, validateRequestParameters: true } } : {}),
    };
    doc['x-amazon-apigateway-request-validator'] = REQUEST_VALIDATOR;
    const cors = gatewayResponseCors(manifest.routes);
    if (cors) {
      doc['x-amazon-apigateway-gateway-responses'] = Object.fromEntries(
        CORS_GATEWAY_RESPONSES.map((type) => [type, { responseParameters: Object.fromEntries(Object.entries(cors).map(([h, v]) => [`gatewayresponse.header.${h}`, v])) }]),
      );
    }
  }
  return doc;
}

const ref = (component: string) => ({ $ref: `#/components/schemas/${component}` });

/** Declared responses with their schemas; without any, the handler's 200. */
function responses(contract: RouteContract | undefined): OpenApiOperation['responses'] {
  if (!contract?.responses) return { '200': { description: 'The route handler\'s response' } };
  return Object.fromEntries(
    Object.entries(contract.responses).map(([status, component]) => [status, { description: statusText(status), content: { 'application/json': { schema: ref(component) } } }]),
  );
}

/**
 * The route's content types; with a body schema, the body is required and described by it.
 * Deployed, only `application/json` carries the model: API Gateway validates every content type
 * that has one as JSON, and the others (forms, binary) are not JSON.
 */
function requestBody(r: RouteManifest, contract: RouteContract | undefined, ext: boolean): NonNullable<OpenApiOperation['requestBody']> {
  if (!contract?.body) return { required: false, content: Object.fromEntries(r.contentTypes.map((t) => [t, {}])) };
  const body = contract.body;
  return { required: true, content: Object.fromEntries(r.contentTypes.map((t) => [t, !ext || t === EDGE_BODY_TYPE ? { schema: ref(body) } : {}])) };
}

/** A custom authorizer's scheme as both API flavours document it (each adds its own authorizer extension). */
export const customAuthorizerScheme = (a: Extract<AuthorizerManifest, { kind: 'custom' }>) => ({
  type: 'apiKey',
  name: a.header,
  in: 'header',
  description: `A token in the ${a.header} header, checked by the app's authorizer function "${a.function}".`,
});

/** The IAM scheme as both API flavours document it (each adds its own auth type). */
export const IAM_SCHEME = { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS Signature Version 4 (IAM) signed requests.' } as const;

function securityScheme(
  a: AuthorizerManifest,
  ext: boolean,
  o: OpenApiOptions,
  stage: StageConfig | undefined,
  invocation: (fnArn: string) => string,
): Record<string, unknown> {
  if (a.kind === 'custom') {
    return {
      ...customAuthorizerScheme(a),
      ...(ext
        ? {
            'x-amazon-apigateway-authtype': 'custom',
            'x-amazon-apigateway-authorizer': {
              type: 'token',
              authorizerUri: invocation(o.authorizerFunctionArns?.[a.name] ?? authorizerFunctionArnPlaceholder(a.name)),
              identitySource: `method.request.header.${a.header}`,
              authorizerResultTtlInSeconds: a.ttlSeconds,
            },
          }
        : {}),
    };
  }
  if (a.kind === 'iam') {
    return { ...IAM_SCHEME, ...(ext ? { 'x-amazon-apigateway-authtype': 'awsSigv4' } : {}) };
  }
  const arn = o.userPoolArns?.[a.name] ?? existingUserPoolArn(a, stage) ?? userPoolArnPlaceholder(a.name);
  return {
    type: 'apiKey',
    name: a.header,
    in: 'header',
    description: `A Cognito user pool token (ID token, or access token${a.scopes.length ? ` with scopes ${a.scopes.join(', ')}` : ''}) in the ${a.header} header.`,
    ...(ext
      ? { 'x-amazon-apigateway-authtype': 'cognito_user_pools', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [arn] } }
      : {}),
  };
}

/**
 * Static header mappings for the gateway responses (401/403/4XX/5XX answered by API Gateway
 * itself), so browsers see the error instead of a CORS failure. undefined when no route uses CORS.
 * Several distinct origins cannot be written as one static value: the request's Origin is
 * echoed then (these responses carry API Gateway's own error messages only).
 */
export function gatewayResponseCors(routes: readonly RouteManifest[]): Record<string, string> | undefined {
  const rules = routes.map((r) => r.cors).filter((c): c is CorsRule => c !== null);
  if (!rules.length) return undefined;
  const credentials = rules.some((r) => r.credentials);
  const origins = new Set(rules.flatMap((r) => r.origins));
  const out: Record<string, string> = {};
  if (origins.has('*') && !credentials) out['Access-Control-Allow-Origin'] = quote('*');
  else if (origins.size === 1 && !origins.has('*')) {
    out['Access-Control-Allow-Origin'] = quote([...origins][0]!);
    out['Vary'] = quote('Origin');
  } else {
    out['Access-Control-Allow-Origin'] = 'method.request.header.origin';
    out['Vary'] = quote('Origin');
  }
  if (credentials) out['Access-Control-Allow-Credentials'] = quote('true');
  return out;
}
