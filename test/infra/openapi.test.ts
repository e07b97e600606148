// manifest -> OpenAPI, without CDK: GIVEN a manifest from the real runtime, WHEN converted,
// THEN every route, method, parameter, security requirement and integration is there.
import { describe, expect, test } from 'vitest';
import { Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, AuthResponse, type Manifest } from '../../src/index.js';
import { preflightHeaders } from '../../src/http/cors.js';
import {
  ROUTER_ARN_PLACEHOLDER,
  apiResources,
  gatewayResponseCors,
  toOpenApi,
  userPoolArnPlaceholder,
  type OpenApiOperation,
} from '../../project/openapi.js';
import { ACCOUNT_POOL_ARN, exampleManifest, stageFor } from './fixtures.js';

const ROUTER = 'arn:aws:lambda:eu-west-1:123456789012:function:todo-dev-api';
const URI = `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${ROUTER}/invocations`;

function op(doc: ReturnType<typeof toOpenApi>, path: string, method: string): OpenApiOperation {
  const o = doc.paths[path]?.[method];
  if (!o || Array.isArray(o)) throw new Error(`no ${method} ${path} in ${JSON.stringify(Object.keys(doc.paths))}`);
  return o;
}

/** Every key anywhere in a JSON value. */
function allKeys(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => allKeys(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), allKeys(x, out));
  return out;
}

describe('toOpenApi', () => {
  const manifest = exampleManifest();
  const doc = toOpenApi(manifest, { routerArn: ROUTER, stage: stageFor(manifest) });

  test('every route method is an operation at its API Gateway path, with the route name as operationId', () => {
    expect(doc.openapi).toBe('3.0.1');
    expect(doc.info.title).toBe('todo-dev');
    for (const r of manifest.routes) {
      for (const m of r.methods) {
        const o = op(doc, r.path, m.toLowerCase());
        expect(o.operationId).toBe(r.methods.length === 1 ? r.name : `${r.name}_${m.toLowerCase()}`);
        expect(o['x-amazon-apigateway-integration']).toEqual({ type: 'aws_proxy', httpMethod: 'POST', uri: URI, passthroughBehavior: 'when_no_match' });
      }
    }
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => (o as OpenApiOperation).operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(doc.paths).sort()).toEqual(['/', '/admin/stats', '/files/{path+}', '/metrics', '/v1/todos', '/v1/todos/{id}']);
  });

  test('path parameters are required strings; a greedy {path+} is parameter "path"', () => {
    expect(op(doc, '/v1/todos/{id}', 'patch').parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(op(doc, '/files/{path+}', 'put').parameters).toEqual([{ name: 'path', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(op(doc, '/v1/todos', 'get').parameters).toBeUndefined();
  });

  test('methods with bodies declare the route\'s content types; others have no requestBody', () => {
    expect(op(doc, '/files/{path+}', 'put').requestBody).toEqual({ required: false, content: { 'image/png': {}, 'application/octet-stream': {} } });
    expect(op(doc, '/v1/todos', 'post').requestBody?.content).toEqual({ 'application/json': {} });
    expect(op(doc, '/v1/todos/{id}', 'patch').requestBody?.content).toEqual({ 'application/json': {} });
    expect(op(doc, '/v1/todos/{id}', 'get').requestBody).toBeUndefined();
    expect(op(doc, '/v1/todos/{id}', 'delete').requestBody).toBeUndefined();
    // Every type is binary, so a base64 body returns as bytes whatever the Accept header says.
    expect(doc['x-amazon-apigateway-binary-media-types']).toEqual(['*/*']);
  });

  test('security follows each route\'s authorizer: Cognito (with scopes), IAM (SigV4), API key, none', () => {
    expect(op(doc, '/v1/todos', 'get').security).toEqual([{ users: [] }]);
    expect(op(doc, '/v1/todos', 'post').security).toEqual([{ writers: ['todos/write'] }]);
    expect(op(doc, '/admin/stats', 'get').security).toEqual([{ iam: [] }]);
    expect(op(doc, '/metrics', 'get').security).toEqual([{ api_key: [] }]);
    expect(op(doc, '/', 'get').security).toBeUndefined();
    const schemes = doc.components.securitySchemes!;
    expect(schemes.users).toEqual({
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      description: expect.any(String),
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [userPoolArnPlaceholder('users')] },
    });
    expect(schemes.iam).toMatchObject({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' });
    expect(schemes.iam).not.toHaveProperty('x-amazon-apigateway-authorizer');
    expect(schemes.api_key).toMatchObject({ type: 'apiKey', name: 'x-api-key', in: 'header' });
  });

  test('an existing pool ARN comes from the stage config first, then the manifest; the caller\'s ARNs win', () => {
    const app = new Calix({ name: 'pools' });
    const byArn = new CognitoUserPoolAuthorizer('byArn', { userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_FromCode' });
    const byName = new CognitoUserPoolAuthorizer('byName');
    app.route('/a', { authorizer: byArn }, () => 1);
    app.route('/b', { authorizer: byName }, () => 1);
    const m = app.manifest();
    const arns = (d: ReturnType<typeof toOpenApi>) =>
      Object.fromEntries(Object.entries(d.components.securitySchemes!).map(([k, v]) => [k, (v['x-amazon-apigateway-authorizer'] as { providerARNs: string[] }).providerARNs[0]]));
    expect(arns(toOpenApi(m))).toEqual({ byArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_FromCode', byName: userPoolArnPlaceholder('byName') });
    const stage = stageFor(m, { authorizers: { byArn: { userPoolArn: ACCOUNT_POOL_ARN }, byName: { userPoolArn: ACCOUNT_POOL_ARN } } });
    expect(arns(toOpenApi(m, { stage }))).toEqual({ byArn: ACCOUNT_POOL_ARN, byName: ACCOUNT_POOL_ARN });
    expect(arns(toOpenApi(m, { stage, userPoolArns: { byName: 'TOKEN' } }))).toEqual({ byArn: ACCOUNT_POOL_ARN, byName: 'TOKEN' });
  });

  test('a custom (Lambda TOKEN) authorizer is an x-amazon-apigateway-authorizer of type token', () => {
    const app = new Calix({ name: 'custom' });
    const keys = new CustomAuthorizer('keys', { header: 'X-Token', ttlSeconds: 60 }, () => new AuthResponse({ routes: ['*'], principalId: 'me' }));
    app.route('/a', { authorizer: keys }, () => 1);
    const d = toOpenApi(app.manifest(), { routerArn: ROUTER, authorizerFunctionArns: { keys: 'arn:aws:lambda:eu-west-1:123456789012:function:keys' } });
    expect(op(d, '/a', 'get').security).toEqual([{ keys: [] }]);
    expect(d.components.securitySchemes!.keys).toMatchObject({
      type: 'apiKey',
      name: 'X-Token',
      in: 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': {
        type: 'token',
        authorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:keys/invocations',
        identitySource: 'method.request.header.X-Token',
        authorizerResultTtlInSeconds: 60,
      },
    });
  });

  test('CORS preflight: a mock integration answering exactly what the router would, for a fixed origin or "*"', () => {
    const pre = op(doc, '/v1/todos/{id}', 'options');
    const rule = manifest.routes.find((r) => r.name === 'todo')!.cors!;
    const expected = preflightHeaders(rule, ['GET', 'PATCH', 'DELETE'], undefined);
    expect(expected['Access-Control-Allow-Origin']).toBe('*');
    const integration = pre['x-amazon-apigateway-integration'] as any;
    expect(integration.type).toBe('mock');
    expect(integration.requestTemplates).toEqual({ 'application/json': '{"statusCode": 200}' });
    expect(integration.responses.default.responseParameters).toEqual(
      Object.fromEntries(Object.entries(expected).map(([h, v]) => [`method.response.header.${h}`, `'${v}'`])),
    );
    // Every mapped header is declared on the method response, or API Gateway rejects the import.
    expect(Object.keys(pre.responses['200']!.headers!).sort()).toEqual(Object.keys(expected).sort());
    expect(pre.security).toBeUndefined();
    expect(pre.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    // Routes without CORS get no preflight.
    expect(doc.paths['/admin/stats']!.options).toBeUndefined();
    expect(doc.paths['/metrics']!.options).toBeUndefined();
  });

  test('CORS preflight goes to the router when the allowed origin depends on the request; an OPTIONS route is kept', () => {
    const app = new Calix({ name: 'cors' });
    app.route('/list', { cors: { origins: ['https://a.example', 'https://b.example'] } }, () => 1);
    app.route('/creds', { cors: { origins: '*', credentials: true } }, () => 1);
    app.route('/one', { cors: { origins: 'https://app.example', credentials: true, maxAge: 600 } }, () => 1);
    app.route('/own', { cors: true, methods: ['GET', 'OPTIONS'] }, () => 1);
    const m = app.manifest();
    const d = toOpenApi(m, { routerArn: ROUTER });
    for (const p of ['/list', '/creds']) {
      expect((op(d, p, 'options')['x-amazon-apigateway-integration'] as any).type).toBe('aws_proxy');
    }
    const one = op(d, '/one', 'options')['x-amazon-apigateway-integration'] as any;
    expect(one.type).toBe('mock');
    expect(one.responses.default.responseParameters).toMatchObject({
      'method.response.header.Access-Control-Allow-Origin': "'https://app.example'",
      'method.response.header.Access-Control-Allow-Credentials': "'true'",
      'method.response.header.Access-Control-Max-Age': "'600'",
      'method.response.header.Vary': "'Origin'",
    });
    expect(op(d, '/own', 'options').operationId).toBe('get_own_options');
    expect((op(d, '/own', 'options')['x-amazon-apigateway-integration'] as any).type).toBe('aws_proxy');
  });

  test("a custom CORS headers list adds to the defaults in the deployed preflight too (as the router answers)", () => {
    const app = new Calix({ name: 'cors' });
    app.route('/h', { methods: ['POST'], cors: { headers: ['X-Custom'] } }, () => 1);
    const mock = op(toOpenApi(app.manifest(), { routerArn: ROUTER }), '/h', 'options')['x-amazon-apigateway-integration'] as any;
    expect(mock.responses.default.responseParameters['method.response.header.Access-Control-Allow-Headers']).toBe(
      "'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Custom'",
    );
  });

  test('with every type binary (*/*), the preflight mock converts to text, or API Gateway answers it with a 500', () => {
    const mock = op(doc, '/v1/todos/{id}', 'options')['x-amazon-apigateway-integration'] as any;
    expect(mock.contentHandling).toBe('CONVERT_TO_TEXT');
    expect(mock.responses.default.contentHandling).toBe('CONVERT_TO_TEXT');
  });

  test('gateway responses carry CORS headers when a route uses CORS, and only then', () => {
    const responses = doc['x-amazon-apigateway-gateway-responses'] as Record<string, { responseParameters: Record<string, string> }>;
    expect(Object.keys(responses).sort()).toEqual(['ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX', 'MISSING_AUTHENTICATION_TOKEN', 'UNAUTHORIZED']);
    for (const r of Object.values(responses)) expect(r.responseParameters).toEqual({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" });

    const plain = new Calix({ name: 'plain' });
    plain.route('/', () => 1);
    expect(toOpenApi(plain.manifest())).not.toHaveProperty('x-amazon-apigateway-gateway-responses');

    const rule = (origins: string[], credentials = false) => ({ origins, headers: [], exposeHeaders: [], methods: null, maxAge: null, credentials });
    const route = (cors: ReturnType<typeof rule>) => ({ name: 'r', path: '/', methods: ['GET'], params: [], authorizer: null, cors, contentTypes: [], apiKeyRequired: false });
    expect(gatewayResponseCors([route(rule(['https://a.example']))])).toEqual({ 'Access-Control-Allow-Origin': "'https://a.example'", Vary: "'Origin'" });
    expect(gatewayResponseCors([route(rule(['https://a.example', 'https://b.example'], true))])).toEqual({
      'Access-Control-Allow-Origin': 'method.request.header.origin',
      Vary: "'Origin'",
      'Access-Control-Allow-Credentials': "'true'",
    });
  });

  test('requests are validated (parameters) by a validator every operation uses', () => {
    expect(doc['x-amazon-apigateway-request-validators']).toEqual({ 'params-only': { validateRequestBody: false, validateRequestParameters: true } });
    expect(doc['x-amazon-apigateway-request-validator']).toBe('params-only');
  });

  test('apiGatewayExtensions: false gives a plain OpenAPI document without any x-amazon key', () => {
    const plain = toOpenApi(manifest, { apiGatewayExtensions: false });
    expect(allKeys(plain).filter((k) => k.startsWith('x-amazon'))).toEqual([]);
    expect(allKeys(doc).filter((k) => k.startsWith('x-amazon')).length).toBeGreaterThan(10);
    // Same operations and security, just without the API Gateway wiring.
    expect(Object.keys(plain.paths)).toEqual(Object.keys(doc.paths));
    expect(op(plain, '/v1/todos', 'post').security).toEqual([{ writers: ['todos/write'] }]);
    expect(op(plain, '/v1/todos/{id}', 'options').summary).toBe('CORS preflight');
    expect(plain.components.securitySchemes!.users).toEqual({ type: 'apiKey', name: 'Authorization', in: 'header', description: expect.any(String) });
  });

  test('without a router ARN the integration URI holds placeholders; a literal ARN gives its region and partition', () => {
    const d = toOpenApi(manifest);
    expect((op(d, '/', 'get')['x-amazon-apigateway-integration'] as any).uri).toBe(
      `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${ROUTER_ARN_PLACEHOLDER}/invocations`,
    );
    const cn = toOpenApi(manifest, { routerArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:f' });
    expect((op(cn, '/', 'get')['x-amazon-apigateway-integration'] as any).uri).toBe(
      'arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:f/invocations',
    );
  });

  test('a route naming an undeclared authorizer is an error naming the route', () => {
    const m: Manifest = structuredClone(manifest);
    m.routes[0]!.authorizer = 'ghost';
    expect(() => toOpenApi(m)).toThrow(/route "index" \(GET \/\) uses authorizer "ghost", which the manifest does not declare/);
  });

  test('apiResources counts distinct path prefixes, root included', () => {
    expect([...apiResources(manifest)].sort()).toEqual(['/', '/admin', '/admin/stats', '/files', '/files/{path+}', '/metrics', '/v1', '/v1/todos', '/v1/todos/{id}']);
  });
});
