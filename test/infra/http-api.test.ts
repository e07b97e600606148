// `api: { type: "http" }`: the stage deploys an API Gateway HTTP API from the HTTP API flavour of
// the OpenAPI document. GIVEN manifests built with the real runtime, WHEN synthesized with real CDK,
// THEN the template holds one AWS::ApiGatewayV2::Api whose Body carries routes, payload format 2.0
// integrations, authorizers and CORS; and what HTTP APIs lack is a synth error naming the route.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { readConfig } from '../../project/config.js';
import { apiDocument, httpApiCors, toHttpApiOpenApi } from '../../project/http-api.js';
import { stageModel } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer, AuthResponse, type Manifest } from '../../src/index.js';
import { ACCOUNT_POOL_ARN, cleanup, generatedManifest, resources, stageFor, synth, tempDir, type Synth } from './fixtures.js';

afterAll(cleanup);

const HTTP = { api: { type: 'http' } } as const;
const http = (manifest: Manifest, values: Partial<StageConfig> = {}) => stageFor(manifest, { ...HTTP, ...values });

/** The single HTTP API's OpenAPI body. */
function httpBody(s: Synth): any {
  const apis = Object.values(resources(s.template, 'AWS::ApiGatewayV2::Api'));
  expect(apis).toHaveLength(1);
  return apis[0]!.Properties.Body;
}

/** The router's `live` alias: what the API invokes (its `Ref` is the alias ARN). */
const routerAliasId = (s: Synth) => Object.keys(resources(s.template, 'AWS::Lambda::Alias')).find((id) => id.startsWith('AppRouterLive'))!;

/** An app with one route per authorizer kind, CORS on some routes, and schemas. */
function authApp(): Manifest {
  const app = new Calix({ name: 'shop' });
  const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'shop-users' });
  const writers = new CognitoUserPoolAuthorizer('writers', { userPoolName: 'shop-users', scopes: ['orders/write'] });
  const iam = new IAMAuthorizer('iam');
  const tokens = new CustomAuthorizer('tokens', { header: 'X-Token', ttlSeconds: 60 }, () => new AuthResponse({ routes: ['*'], principalId: 'u' }));
  app.route('/', { name: 'index', cors: true }, () => ({}));
  const ordersCors = { origins: ['https://a.example.com'], headers: ['X-Request-Id'], exposeHeaders: ['X-Total'], maxAge: 600 };
  app.route('/orders', { name: 'listOrders', authorizer: users, cors: ordersCors }, () => []);
  app.route('/orders', {
    name: 'createOrder',
    methods: ['POST'],
    authorizer: writers,
    cors: ordersCors,
    body: z.object({ item: z.string().min(1) }),
  }, () => ({}));
  app.route('/admin', { name: 'admin', authorizer: iam }, () => ({}));
  app.route('/tokens/{id}', { name: 'byToken', authorizer: tokens }, () => ({}));
  return app.manifest();
}

describe('api.type in .calix/config.json', () => {
  const read = (api: unknown): string | ReturnType<typeof readConfig> => {
    const dir = tempDir('config');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ app: 'shop', stages: { dev: { api } } }));
    try {
      return readConfig(join(dir, 'config.json'));
    } catch (e) {
      return (e as Error).message;
    }
  };

  test('takes "rest" or "http"; anything else names the key and lists both', () => {
    expect((read({ type: 'http' }) as ReturnType<typeof readConfig>).stages!.dev!.api).toEqual({ type: 'http' });
    expect(read({ type: 'graphql' })).toMatch(/stages\.dev\.api\.type: must be one of "rest", "http" \(got "graphql"\); use one of the allowed values/);
    expect(read({ typ: 'http' })).toMatch(/stages\.dev\.api\.typ: unknown key; did you mean "type"\?/);
  });

  test('the stage model says which: rest by default', () => {
    const m = generatedManifest(1);
    expect(stageModel(m, stageFor(m)).api.type).toBe('rest');
    expect(stageModel(m, http(m)).api.type).toBe('http');
  });

  test("the stage model holds the HTTP API's CORS configuration (what calix local reads); REST stages keep gateway responses instead", () => {
    const m = authApp();
    expect(stageModel(m, http(m)).api.httpCors).toEqual(httpApiCors(m.routes));
    expect(stageModel(m, http(m)).api.gatewayResponseHeaders).toBeUndefined();
    expect(stageModel(m, stageFor(m)).api.httpCors).toBeUndefined();
    expect(stageModel(m, stageFor(m)).api.gatewayResponseHeaders).toBeDefined();
  });
});

describe("the README's example", () => {
  test('is a valid config whose dev stage deploys an HTTP API and prod a REST API', async () => {
    const { readFileSync } = await import('node:fs');
    const { resolveStage } = await import('../../project/config.js');
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const block = /### REST API, HTTP API or Function URL: `api.type`, `functionUrl`[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const dir = tempDir('readme-http');
    mkdirSync(join(dir, '.calix'));
    writeFileSync(join(dir, '.calix/config.json'), block);
    const project = { dir, configFile: join(dir, '.calix/config.json'), config: readConfig(join(dir, '.calix/config.json')) };
    const app = new Calix({ name: 'shop' });
    app.route('/', { name: 'index' }, () => 1);
    const dev = synth({ manifest: app.manifest(), publicRoutes: '*', stage: resolveStage(project, 'dev') });
    expect(Object.keys(resources(dev.template, 'AWS::ApiGatewayV2::Api'))).toHaveLength(1);
    const prod = synth({ manifest: app.manifest(), publicRoutes: '*', stage: resolveStage(project, 'prod') });
    expect(Object.keys(resources(prod.template, 'AWS::ApiGateway::RestApi'))).toHaveLength(1);
  });
});

describe('the HTTP API stack', () => {
  const manifest = generatedManifest(2);
  const s = synth({ manifest, publicRoutes: '*', stage: http(manifest) });

  test('one HTTP API and no REST API: every route integrated with the router, payload format 2.0', () => {
    expect(resources(s.template, 'AWS::ApiGateway::RestApi')).toEqual({});
    expect(resources(s.template, 'AWS::ApiGateway::Stage')).toEqual({});
    const body = httpBody(s);
    expect(body.info.title).toBe('big-dev');
    expect(Object.keys(body.paths)).toEqual(['/res0', '/res0/{id}', '/res1', '/res1/{id}']);
    expect(Object.keys(body.paths['/res0'])).toEqual(['get', 'post']);
    const integration = body.paths['/res0/{id}'].get['x-amazon-apigateway-integration'];
    expect(integration).toMatchObject({ type: 'aws_proxy', httpMethod: 'POST', payloadFormatVersion: '2.0' });
    // The URI names the router's `live` alias ARN (a token resolved into the template).
    expect(JSON.stringify(integration.uri)).toContain(`":lambda:path/2015-03-31/functions/",{"Ref":"${routerAliasId(s)}"},"/invocations"`);
    expect(body['x-amazon-apigateway-request-validators']).toBeUndefined();
    expect(body['x-amazon-apigateway-binary-media-types']).toBeUndefined();
  });

  test('a stage named apiGatewayStage, auto-deployed, with JSON access logs to the access log group', () => {
    const apiId = Object.keys(resources(s.template, 'AWS::ApiGatewayV2::Api'))[0]!;
    const stages = Object.values(resources(s.template, 'AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    expect(stages[0]!.Properties).toMatchObject({
      ApiId: { Ref: apiId },
      StageName: 'api',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^AppAccessLogs/), 'Arn'] } },
    });
    expect(JSON.parse(stages[0]!.Properties.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
  });

  test('one permission lets this API (any stage, route and method) invoke the router\'s live alias', () => {
    const apiId = Object.keys(resources(s.template, 'AWS::ApiGatewayV2::Api'))[0]!;
    const perms = Object.values(resources(s.template, 'AWS::Lambda::Permission'));
    expect(perms).toHaveLength(1);
    expect(perms[0]!.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', FunctionName: { Ref: routerAliasId(s) } });
    expect(JSON.stringify(perms[0]!.Properties.SourceArn)).toContain(`{"Ref":"${apiId}"},"/*/*"`);
  });

  test('the Url output (the key `calix url` and `calix status` read) is the stage URL', () => {
    const out = s.template.toJSON().Outputs.Url;
    const apiId = Object.keys(resources(s.template, 'AWS::ApiGatewayV2::Api'))[0]!;
    expect(out.Value).toEqual({
      'Fn::Join': ['', ['https://', { Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: expect.stringMatching(/^AppApiStage/) }, '/']],
    });
  });

  test('the stack stays the same size as routes grow', () => {
    const count = (n: number) => {
      const m = generatedManifest(n);
      return Object.keys(synth({ manifest: m, publicRoutes: '*', stage: http(m) }).template.toJSON().Resources).length;
    };
    expect(count(1)).toBe(count(90));
  });

  test('calixApp.httpApi holds it; calixApp.api says the stage has no REST API', () => {
    expect(s.calix.httpApi?.api.cfnResourceType).toBe('AWS::ApiGatewayV2::Api');
    expect(() => s.calix.api).toThrow(/big-dev\/App: stage "dev" deploys an HTTP API \(api\.type "http"\), not a REST API; use calixApp\.httpApi/);
  });
});

describe('authorizers', () => {
  const manifest = authApp();
  const s = synth({ manifest, publicRoutes: ['index'], stage: http(manifest) });
  const body = httpBody(s);
  const schemes = body.components.securitySchemes;

  test('a Cognito pool Calix creates: a JWT authorizer with its issuer and its app client as audience; scopes on the route', () => {
    const poolId = Object.keys(resources(s.template, 'AWS::Cognito::UserPool'))[0]!;
    const clientId = Object.keys(resources(s.template, 'AWS::Cognito::UserPoolClient'))[0]!;
    for (const name of ['users', 'writers']) {
      expect(schemes[name]).toMatchObject({ type: 'oauth2', flows: {} });
      const jwt = schemes[name]['x-amazon-apigateway-authorizer'];
      expect(jwt).toMatchObject({ type: 'jwt', identitySource: '$request.header.Authorization' });
      expect(jwt.jwtConfiguration.issuer).toEqual({ 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId }]] });
      expect(jwt.jwtConfiguration.audience).toEqual([{ Ref: clientId }]);
    }
    expect(body.paths['/orders'].get.security).toEqual([{ users: [] }]);
    expect(body.paths['/orders'].post.security).toEqual([{ writers: ['orders/write'] }]);
  });

  test('IAM: awsSigv4', () => {
    expect(schemes.iam).toEqual(expect.objectContaining({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' }));
    expect(body.paths['/admin'].get.security).toEqual([{ iam: [] }]);
  });

  test('a custom authorizer: a Lambda REQUEST authorizer, payload format 2.0, simple responses, its header and cache TTL; API Gateway may invoke its live alias', () => {
    const aliasId = Object.keys(resources(s.template, 'AWS::Lambda::Alias')).find((id) => id.startsWith('AppAuthorizerstokensLive'))!;
    const auth = schemes.tokens['x-amazon-apigateway-authorizer'];
    expect(auth).toMatchObject({ type: 'request', authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true, identitySource: '$request.header.X-Token, $context.httpMethod, $context.path', authorizerResultTtlInSeconds: 60 });
    expect(JSON.stringify(auth.authorizerUri)).toContain(`":lambda:path/2015-03-31/functions/",{"Ref":"${aliasId}"},"/invocations"`);
    expect(body.paths['/tokens/{id}'].get.security).toEqual([{ tokens: [] }]);
    const perm = Object.values(resources(s.template, 'AWS::Lambda::Permission')).find((p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ Ref: aliasId }))!;
    expect(JSON.stringify(perm.Properties.SourceArn)).toContain('/authorizers/*');
  });

  test('an existing pool: the issuer from its ARN, the audience from the stage config clientIds', () => {
    const app = new Calix({ name: 'shop' });
    const users = new CognitoUserPoolAuthorizer('users', { userPoolArn: ACCOUNT_POOL_ARN });
    app.route('/me', { name: 'me', authorizer: users }, () => ({}));
    const m = app.manifest();
    const ok = synth({ manifest: m, stage: http(m, { authorizers: { users: { clientIds: ['1abc2def3ghi'] } } }) });
    expect(httpBody(ok).components.securitySchemes.users['x-amazon-apigateway-authorizer'].jwtConfiguration).toEqual({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Existing1',
      audience: ['1abc2def3ghi'],
    });
    expect(() => synth({ manifest: m, stage: http(m) })).toThrow(
      /\[shop-dev\/App\] authorizer "users": an HTTP API checks Cognito tokens with a JWT authorizer, whose audience is the pool's app client ids.*set stages\.dev\.authorizers\.users\.clientIds in \.calix\/config\.json/,
    );
  });
});

describe('CORS: the HTTP API\'s own configuration', () => {
  const manifest = authApp();
  const body = httpBody(synth({ manifest, publicRoutes: ['index'], stage: http(manifest) }));

  test('the union of the routes\' rules, and no OPTIONS operations (API Gateway answers preflights)', () => {
    expect(body['x-amazon-apigateway-cors']).toEqual({
      allowOrigins: ['*'],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key', 'X-Request-Id'],
      exposeHeaders: ['X-Total'],
      allowCredentials: false,
      maxAge: 600,
    });
    for (const item of Object.values(body.paths) as Record<string, unknown>[]) expect(Object.keys(item)).not.toContain('options');
  });

  test('origins are listed when no route allows any; none without a CORS route', () => {
    const app = new Calix({ name: 'shop' });
    app.route('/a', { name: 'a', cors: { origins: ['https://a.example.com'], credentials: true } }, () => 1);
    app.route('/b', { name: 'b', cors: { origins: 'https://b.example.com' } }, () => 1);
    app.route('/c', { name: 'c' }, () => 1);
    expect(httpApiCors(app.manifest().routes)).toMatchObject({ allowOrigins: ['https://a.example.com', 'https://b.example.com'], allowCredentials: true });
    expect(httpApiCors(generatedManifest(1).routes)).toBeUndefined();
  });

  test('a preflight cache longer than a day is an error naming the route', () => {
    const app = new Calix({ name: 'shop' });
    app.route('/a', { name: 'a', cors: { maxAge: 172800 } }, () => 1);
    const m = app.manifest();
    expect(() => synth({ manifest: m, publicRoutes: '*', stage: http(m) })).toThrow(/CORS: route "a" \(GET \/a\) sets maxAge 172800; an HTTP API caches preflights for at most 86400 seconds/);
  });

  test('credentials with any origin is an error naming the routes and the alternative', () => {
    const app = new Calix({ name: 'shop' });
    app.route('/a', { name: 'a', cors: true }, () => 1);
    app.route('/b', { name: 'b', cors: { origins: ['https://b.example.com'], credentials: true } }, () => 1);
    const m = app.manifest();
    expect(() => synth({ manifest: m, publicRoutes: '*', stage: http(m) })).toThrow(
      /CORS: an HTTP API has one CORS configuration for all routes, and it cannot allow credentials for any origin \("\*"\); route "a" \(GET \/a\) allows any origin.*List the origins .*"api": \{ "type": "rest" \}/,
    );
  });
});

describe('what HTTP APIs lack is a synth error naming the route or key and the alternative', () => {
  const errorsOf = (m: Manifest, values: Partial<StageConfig>): string[] => {
    try {
      synth({ manifest: m, publicRoutes: '*', stage: http(m, values) });
      return [];
    } catch (e) {
      return (e as Error).message.split('\n').slice(1).map((l) => l.trim());
    }
  };

  test('an API-key route', () => {
    const app = new Calix({ name: 'shop' });
    app.route('/metrics', { name: 'metrics', apiKeyRequired: true }, () => 1);
    expect(errorsOf(app.manifest(), {})).toEqual([
      '[shop-dev/App] route "metrics" (GET /metrics) requires an API key, which HTTP APIs do not have (no API keys or usage plans): remove apiKeyRequired and protect it with an authorizer, or deploy this stage as a REST API ("api": { "type": "rest" })',
    ]);
  });

  test('the document of such a stage (calix openapi) names no API key scheme', async () => {
    const app = new Calix({ name: 'shop' });
    app.route('/metrics', { name: 'metrics', apiKeyRequired: true }, () => 1);
    app.route('/admin', { name: 'admin', apiKeyRequired: true, authorizer: new IAMAuthorizer() }, () => 1);
    const doc = toHttpApiOpenApi(app.manifest());
    expect(doc.paths['/metrics']!.get).not.toHaveProperty('security');
    expect((doc.paths['/admin']!.get as { security: unknown }).security).toEqual([{ iam: [] }]);
    expect(Object.keys(doc.components.securitySchemes!)).toEqual(['iam']);
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
  });

  test('private and edge endpoints, a resource policy, TLS 1.0', () => {
    const m = generatedManifest(1);
    expect(errorsOf(m, { apiGatewayEndpointType: 'PRIVATE', apiPolicy: { Statement: [{ Effect: 'Allow' }] } })).toEqual([
      expect.stringMatching(/^\[big-dev\/App\] apiGatewayEndpointType PRIVATE: HTTP APIs have no private endpoints; use REGIONAL, or deploy this stage as a REST API/),
      expect.stringMatching(/^\[big-dev\/App\] apiPolicy: HTTP APIs have no resource policies; remove it and use an IAM authorizer/),
    ]);
    expect(errorsOf(m, { apiGatewayEndpointType: 'EDGE' })).toEqual([expect.stringMatching(/apiGatewayEndpointType EDGE: HTTP APIs are regional only; use REGIONAL/)]);
    const cert = 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-0000-1111-2222-333344445555';
    expect(errorsOf(m, { customDomain: { domainName: 'api.example.com', certificateArn: cert, tlsPolicy: 'TLS_1_0' } })).toEqual([
      expect.stringMatching(/customDomain\.tlsPolicy TLS_1_0: HTTP API custom domains support TLS 1\.2 only/),
    ]);
  });

  test('more than 300 routes (path x method), the HTTP API default quota', () => {
    expect(errorsOf(generatedManifest(100), {})).toEqual([]);
    expect(errorsOf(generatedManifest(101), {})).toEqual([
      expect.stringMatching(/^\[big-dev\/App\] the API needs 303 HTTP API routes \(one per path and method\); API Gateway allows 300 per HTTP API by default/),
    ]);
  });

  test('route schemas are allowed: documented in the body, validated by the router (no request validator at the edge)', () => {
    const body = httpBody(synth({ manifest: authApp(), publicRoutes: ['index'], stage: http(authApp()) }));
    expect(body.paths['/orders'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateOrderBody' });
    expect(body.components.schemas.CreateOrderBody).toMatchObject({ type: 'object', properties: { item: { type: 'string', minLength: 1 } } });
    expect(body.paths['/orders'].post['x-amazon-apigateway-request-validator']).toBeUndefined();
  });
});

describe('a custom domain', () => {
  test('a regional domain name (TLS 1.2) mapped to the stage, an alias record, and the certificate region rule', () => {
    const m = generatedManifest(1);
    const cert = 'arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d-0000-1111-2222-333344445555';
    const s = synth({ manifest: m, publicRoutes: '*', stage: http(m, { customDomain: { domainName: 'api.example.com', certificateArn: cert, hostedZoneId: 'Z0123456789ABCDEFGHIJ', basePath: 'v1' } }) });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [{ CertificateArn: cert, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    const domainId = Object.keys(resources(s.template, 'AWS::ApiGatewayV2::DomainName'))[0]!;
    s.template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: { Ref: domainId }, ApiMappingKey: 'v1', Stage: { Ref: Match.stringLikeRegexp('^AppApiStage') } });
    s.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] } },
    });
    expect(JSON.stringify(s.template.toJSON().Rules)).toContain('eu-west-1');
    expect(s.template.toJSON().Outputs.CustomDomainUrl.Value).toBe('https://api.example.com/v1');
  });
});

describe('independent checks of the HTTP API stack and document', () => {
  const manifest = authApp();

  test.each([
    ['', {}],
    [', with a custom domain', { customDomain: { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-0000-1111-2222-333344445555', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } }],
  ])('cdk-nag AwsSolutions: no open finding%s, and nothing acknowledged for the HTTP API', (_what, values: Partial<StageConfig>) => {
    const s = synth({ manifest, publicRoutes: ['index'], stage: http(manifest, values) });
    const result = new AwsSolutionsChecks(s.app, { verbose: true }).validateScope(s.stack);
    expect(result.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    const acknowledged = s.stack.node.findAll().filter((c) => c.node.path.startsWith('shop-dev/App/Api') && c.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    expect(acknowledged.map((c) => c.node.path)).toEqual([]);
  });

  test('cfn-lint finds no error in the template (with CDK\'s own template validation on), custom domain included', () => {
    const cert = 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-0000-1111-2222-333344445555';
    const customDomain = { domainName: 'api.example.com', certificateArn: cert, hostedZoneId: 'Z0123456789ABCDEFGHIJ', basePath: 'v1' };
    const s = synth({ manifest, publicRoutes: ['index'], stage: http(manifest, { customDomain }) }, { validation: true });
    const dir = tempDir('lint');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(s.template.toJSON()));
    const r = spawnSync('cfn-lint', ['--format', 'parseable', file], { encoding: 'utf8' });
    if (r.error) throw new Error(`cfn-lint is not installed here (${r.error.message}); see notes on the machine`);
    // Exit codes: 2 = errors; 4 = warnings (W3005 from CDK's Lambda DependsOn is known), 8 = informational.
    expect(r.status! & 2, r.stdout).toBe(0);
  });

  test.each([
    ['with extensions, placeholders', () => toHttpApiOpenApi(manifest)],
    ['without extensions', () => toHttpApiOpenApi(manifest, { apiGatewayExtensions: false })],
  ])('@seriousme/openapi-schema-validator accepts the document %s', async (_what, doc) => {
    const result = await new Validator().validate(structuredClone(doc()) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test('apiDocument picks the flavour by the stage: REST by default, HTTP for api.type http', () => {
    expect(apiDocument(manifest, { stage: stageFor(manifest) })['x-amazon-apigateway-request-validators']).toBeDefined();
    const doc = apiDocument(manifest, { stage: http(manifest) });
    expect(doc['x-amazon-apigateway-cors']).toBeDefined();
    expect(doc.components.securitySchemes!.users!['x-amazon-apigateway-authorizer']).toMatchObject({
      type: 'jwt',
      jwtConfiguration: { issuer: '${CalixUserPoolIssuer.users}', audience: ['${CalixUserPoolClientId.users}'] },
    });
  });
});
