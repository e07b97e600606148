// A stage with `api: { type: "http" }` deployed with the real CLI to moto (launcher patches 11-12
// model AWS::ApiGatewayV2::Api with its Body and ::Stage): the emulator's HTTP API holds the
// manifest's routes, each integrated with the router's live alias at payload format 2.0, the JWT authorizer
// with the created pool's issuer and app client, the Lambda REQUEST authorizer, IAM routes and
// the API's CORS configuration; a stage with access logs; `calix url`/`status` print its URL; a
// route added and redeployed appears; `calix delete --yes` removes it. The emulator's AWS API is
// read with the `aws` CLI (the project has no apigatewayv2 SDK client).
import { DescribeStackResourcesCommand, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempProject } from '../helpers/project.js';
import { synthesizedTemplate, type Template } from './lifecycle.js';
import { REGION, runWithin, startMoto, type CliResult, type Moto } from './moto.js';

const app = (extra = '') => `import { Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, AuthResponse, IAMAuthorizer } from 'calix';
export const app = new Calix({ name: 'httpshop' });
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'shop-users' });
const writers = new CognitoUserPoolAuthorizer('writers', { userPoolName: 'shop-users', scopes: ['orders/write'] });
const tokens = new CustomAuthorizer('tokens', { header: 'X-Token', ttlSeconds: 0 }, ({ token }) => new AuthResponse({ routes: token === 'ok' ? ['*'] : [], principalId: 'u1' }));
app.route('/', { name: 'index', cors: { origins: ['https://shop.example.com'], maxAge: 300 } }, () => ({ hello: 'world' }));
app.route('/orders', { name: 'listOrders', authorizer: users }, () => []);
app.route('/orders', { name: 'createOrder', methods: ['POST'], authorizer: writers }, () => ({}));
app.route('/orders/{id}', { name: 'getOrder', authorizer: users }, (req) => ({ id: req.params.id }));
app.route('/admin', { name: 'admin', authorizer: new IAMAuthorizer() }, () => ({}));
app.route('/tokens', { name: 'byToken', authorizer: tokens }, () => ({}));
${extra}
export const handler = app.handler;
`;

describe('an HTTP API stage deployed to the emulator', { timeout: 180_000 }, () => {
  let moto: Moto;
  let template: Template;
  let stackName = '';
  let physical: Record<string, string> = {};
  let apiId = '';
  const project = tempProject({
    'app.ts': app(),
    '.calix/config.json': JSON.stringify({ version: 1, app: 'httpshop', main: 'app.ts', publicRoutes: ['index'], stages: { dev: { api: { type: 'http' } } } }),
  });
  const calix = (args: string[]) => moto.calix([...args, '--stage', 'dev'], project.dir);
  const expectOk = (r: CliResult) => expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}\nemulator:\n${moto.output().slice(-3000)}`).toBe(0);
  /** `aws apigatewayv2 ARGS` against the emulator, parsed. */
  const v2 = async (...args: string[]): Promise<any> => {
    const r = await runWithin('aws', ['apigatewayv2', ...args, '--endpoint-url', moto.endpoint, '--region', REGION, '--output', 'json'], { cwd: project.dir, env: moto.env, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout || '{}');
  };
  /** A function's `live` alias ARN, read from the emulator's Lambda. */
  const liveAliasArn = async (functionName: string): Promise<string> =>
    (await moto.clients.lambda.send(new (await import('@aws-sdk/client-lambda')).GetAliasCommand({ FunctionName: functionName, Name: 'live' }))).AliasArn!;
  const routesOf = async (): Promise<Record<string, any>> => Object.fromEntries(((await v2('get-routes', '--api-id', apiId)).Items as any[]).map((r) => [r.RouteKey, r]));

  beforeAll(async () => {
    moto = await startMoto();
    await moto.bootstrap(project.dir);
  }, 90_000);
  afterAll(async () => {
    await moto?.stop();
    project.remove();
  });

  test('deploy: the stack is complete with one HTTP API, no REST API', async () => {
    const r = await calix(['deploy']);
    expectOk(r);
    template = synthesizedTemplate(project.dir, 'dev');
    stackName = /Deployed (\S+)/.exec(r.stdout)![1]!;
    const stack = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const resources = (await moto.clients.cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
    physical = Object.fromEntries(resources.map((x) => [x.LogicalResourceId!, x.PhysicalResourceId!]));
    apiId = Object.entries(physical).find(([id]) => template.Resources[id]?.Type === 'AWS::ApiGatewayV2::Api')![1];
    expect(Object.values(template.Resources).filter((x) => x.Type.startsWith('AWS::ApiGateway::'))).toEqual([]);
    const apis = (await v2('get-apis')).Items as any[];
    expect(apis.map((a) => [a.ApiId, a.Name, a.ProtocolType])).toEqual([[apiId, 'httpshop-dev', 'HTTP']]);
    expect(apis[0].CorsConfiguration).toEqual({
      AllowOrigins: ['https://shop.example.com'],
      AllowMethods: ['GET'],
      AllowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key'],
      ExposeHeaders: [],
      AllowCredentials: false,
      MaxAge: 300,
    });
  });

  test("the API's routes are the manifest's, each integrated with the router's live alias at payload format 2.0", async () => {
    const routes = JSON.parse((await calix(['routes', '--json'])).stdout) as { path: string; methods: string[] }[];
    const want = routes.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)).sort();
    const got = await routesOf();
    expect(Object.keys(got).sort()).toEqual(want);
    const router = Object.entries(template.Resources).find(([, r]) => r.Properties.Environment?.Variables?.CALIX_HANDLER === 'api')![0];
    // The router's `live` alias, as the emulator holds it: what the API invokes.
    const routerArn = await liveAliasArn(physical[router]!);
    const integrations = Object.fromEntries(((await v2('get-integrations', '--api-id', apiId)).Items as any[]).map((i) => [i.IntegrationId, i]));
    for (const r of Object.values(got)) {
      const integration = integrations[(r.Target as string).replace(/^integrations\//, '')];
      expect(integration, r.RouteKey).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      expect(integration.IntegrationUri).toBe(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${routerArn}/invocations`);
    }
  });

  test('authorizers: JWT with the created pool as issuer and its app client as audience (scopes per route), Lambda REQUEST 2.0 with simple responses, IAM', async () => {
    const routes = await routesOf();
    // moto has no GetAuthorizers (the list); each route names its authorizer's id.
    const ids = [...new Set(Object.values(routes).map((r) => r.AuthorizerId).filter(Boolean))] as string[];
    const authorizers = (await Promise.all(ids.map((id) => v2('get-authorizer', '--api-id', apiId, '--authorizer-id', id)))).sort((a, b) => a.Name.localeCompare(b.Name));
    const poolId = Object.entries(physical).find(([id]) => template.Resources[id]?.Type === 'AWS::Cognito::UserPool')![1];
    const clientId = Object.entries(physical).find(([id]) => template.Resources[id]?.Type === 'AWS::Cognito::UserPoolClient')![1];
    const jwt = { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`, Audience: [clientId] } };
    expect(authorizers.map((a) => a.Name)).toEqual(['tokens', 'users', 'writers']);
    expect(authorizers[1]).toMatchObject(jwt);
    expect(authorizers[2]).toMatchObject(jwt);
    const fnArn = await liveAliasArn(physical[Object.entries(template.Resources).find(([, r]) => r.Properties.Environment?.Variables?.CALIX_HANDLER === 'tokens')![0]]!);
    expect(authorizers[0]).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.X-Token'],
      AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
    });
    const auth = (key: string) => [routes[key].AuthorizationType, authorizers.find((a) => a.AuthorizerId === routes[key].AuthorizerId)?.Name, routes[key].AuthorizationScopes ?? []];
    expect(auth('GET /orders')).toEqual(['JWT', 'users', []]);
    expect(auth('POST /orders')).toEqual(['JWT', 'writers', ['orders/write']]);
    expect(auth('GET /tokens')).toEqual(['CUSTOM', 'tokens', []]);
    expect(auth('GET /admin')).toEqual(['AWS_IAM', undefined, []]);
    expect(routes['GET /'].AuthorizationType ?? 'NONE').toBe('NONE');
  });

  test('one stage, auto-deployed, with access logs to the access log group', async () => {
    const stages = (await v2('get-stages', '--api-id', apiId)).Items as any[];
    const logGroupId = Object.keys(template.Resources).find((id) => id.startsWith('AppAccessLogs') || /AccessLogs/.test(id))!;
    expect(stages.map((s) => [s.StageName, s.AutoDeploy])).toEqual([['api', true]]);
    // AWS's GetAtt Arn of a log group ends in ":*"; moto's does not.
    expect(stages[0].AccessLogSettings.DestinationArn.replace(/:\*$/, '')).toBe(`arn:aws:logs:us-east-1:123456789012:log-group:${physical[logGroupId]}`);
  });

  test('url and status print the HTTP API stage URL', async () => {
    const url = await calix(['url']);
    expectOk(url);
    expect(url.stdout.trim()).toBe(`https://${apiId}.execute-api.us-east-1.amazonaws.com/api/`);
    const status = await calix(['status', '--json']);
    expectOk(status);
    expect(JSON.parse(status.stdout).url).toBe(url.stdout.trim());
  });

  test('calix openapi prints the HTTP API flavour of the document for this stage', async () => {
    const r = await calix(['openapi']);
    expectOk(r);
    const doc = JSON.parse(r.stdout);
    expect(doc['x-amazon-apigateway-cors']).toMatchObject({ allowOrigins: ['https://shop.example.com'] });
    expect(doc.paths['/orders'].get['x-amazon-apigateway-integration']).toMatchObject({ payloadFormatVersion: '2.0' });
    expect(doc.components.securitySchemes.users['x-amazon-apigateway-authorizer'].type).toBe('jwt');
  });

  test('a route added and redeployed is on the API; the stage stays', async () => {
    project.write('app.ts', app(`app.route('/health', { name: 'health', authorizer: users }, () => 'ok');`));
    expectOk(await calix(['deploy']));
    const routes = await routesOf();
    expect(routes['GET /health']).toMatchObject({ AuthorizationType: 'JWT' });
    expect(Object.keys(routes)).toHaveLength(7);
    expect(((await v2('get-stages', '--api-id', apiId)).Items as any[]).map((s) => s.StageName)).toEqual(['api']);
  });

  test('delete --yes removes the stack and the HTTP API', async () => {
    expectOk(await calix(['delete', '--yes']));
    const live = ((await moto.clients.cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName);
    expect(live).toEqual(['CDKToolkit']);
    expect((await v2('get-apis')).Items ?? []).toEqual([]);
  });
});
