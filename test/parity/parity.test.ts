// Local equals deployed. For the example app, every blueprint and a fixture with a CORS origin
// rule, custom and existing-pool authorizers and triggers: what `calix local` / `calix invoke`
// give each function (environment, memory, timeout, name; CORS on API Gateway's own answers;
// authorizer settings), built by the code they run, against what the synthesized template gives
// it. Each app is loaded and synthesized once, on a `parity` stage with per-function settings.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Manifest } from '../../src/manifest.js';
import { loadApp } from '../../project/app-loader.js';
import { CONFIG_FILE } from '../../project/config.js';
import { DEPLOYED_ONLY_ENVIRONMENT, stageModel } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { resolvePool } from '../../project/user-pools.js';
import { CalixStack } from '../../infra/index.js';
import { LocalAuth, type InvokeFunction } from '../../cli/local/auth.js';
import { localGateway, type GatewayRequest } from '../../cli/local/gateway.js';
import { lambdaContexts, localEnvironment } from '../../cli/local/lambda-context.js';
import { repoRoot, runCli, tempProject } from '../helpers/project.js';

const ORIGIN = 'https://app.example.com';

/** An app whose CORS rule lists origins (API Gateway's own answers then echo the request's Origin, not `*`), with every kind of authorizer. */
const FIXTURE = `import { AuthResponse, Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer, Rate } from 'calix';
export const app = new Calix({ name: 'parity', cors: { origins: ['${ORIGIN}', 'https://admin.example.com'], credentials: true } });
const existing = new CognitoUserPoolAuthorizer('partners', { userPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Partners1', scopes: ['orders/read'] });
const created = new CognitoUserPoolAuthorizer('users', { userPoolName: 'parity-users' });
const keys = new CustomAuthorizer('keys', { header: 'X-Key', ttlSeconds: 60 }, (req) => new AuthResponse({ routes: req.token === 'deny' ? [] : ['*'], principalId: 'me' }));
app.route('/', () => ({ ok: true }));
app.route('/orders', { authorizer: existing }, () => []);
app.route('/me', { authorizer: created }, () => ({}));
app.route('/keyed', { authorizer: keys }, () => ({}));
app.route('/admin', { authorizer: new IAMAuthorizer('iam'), cors: false }, () => ({}));
app.schedule(Rate.hours(1), async function hourly() {});
app.lambdaFunction('direct', async () => 1);
`;

interface Case {
  manifest: Manifest;
  /** The app's handler, imported from the bundle the loader built. */
  handler: (event: unknown, context?: unknown) => Promise<unknown>;
  stage: StageConfig;
  template: Template;
  body: any;
}

const parent = mkdtempSync(join(tmpdir(), 'calix-parity-'));
const removers: (() => void)[] = [() => rmSync(parent, { recursive: true, force: true })];
afterAll(() => removers.forEach((r) => r()));

/** Adds a `parity` stage: the dev stage's settings plus stage-wide and router-only values that must reach both sides. */
function addParityStage(dir: string, routerOnly: Record<string, unknown> = {}): void {
  const file = join(dir, CONFIG_FILE);
  const config = JSON.parse(readFileSync(file, 'utf8'));
  config.stages.parity = {
    ...config.stages.dev,
    apiGatewayStage: 'v1',
    environmentVariables: { ...config.stages.dev?.environmentVariables, SHARED: 'stage-wide' },
    memorySize: 256,
    timeout: 20,
    lambdaFunctions: { api: { environmentVariables: { ROUTER_ONLY: 'yes' }, memorySize: 1024, timeout: 10 }, ...routerOnly },
  };
  writeFileSync(file, JSON.stringify(config));
}

async function generated(blueprint: string): Promise<string> {
  const name = `bp-${blueprint}`;
  const r = await runCli(['new-project', name, '--blueprint', blueprint], { cwd: parent });
  expect(r.code, r.stderr).toBe(0);
  const dir = join(parent, name);
  const linked = tempProject({}, dir); // a linked `calix` dependency, as a user's install gives
  removers.push(linked.remove);
  return linked.dir;
}

async function load(dir: string): Promise<Case> {
  const { manifest, handler, stage, outfile } = await loadApp(dir, 'parity', { forLambda: true });
  const app = new App({ builtinCloudFormationValidation: false } as ConstructorParameters<typeof App>[0]);
  const stack = new CalixStack(app, { manifest, bundleDir: dirname(outfile), stage, publicRoutes: '*' });
  const template = Template.fromStack(stack);
  // The API's document: a REST API's, or on an api.type "http" stage the HTTP API's.
  const api = Object.values(template.findResources('AWS::ApiGateway::RestApi'))[0] ?? Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0]!;
  const body = api.Properties.Body;
  return { manifest, handler, stage, template, body };
}

/** Deployed functions by their Calix name (CALIX_HANDLER). */
function deployedFunctions(t: Template): Record<string, Record<string, any>> {
  const out: Record<string, Record<string, any>> = {};
  for (const r of Object.values(t.findResources('AWS::Lambda::Function'))) {
    const name = r.Properties.Environment?.Variables?.CALIX_HANDLER;
    if (name) out[name] = r.Properties;
  }
  return out;
}

/** What API Gateway's gateway-response mapping (`'value'` or `method.request.header.origin`) sends for a request from `origin`. */
function gatewayAnswerCors(body: any, type: string, origin: string): Record<string, string> {
  const mapping: Record<string, string> = body['x-amazon-apigateway-gateway-responses']?.[type]?.responseParameters ?? {};
  const out: Record<string, string> = {};
  for (const [key, source] of Object.entries(mapping)) {
    const header = key.replace(/^gatewayresponse\.header\./, '');
    if (/^'.*'$/.test(source)) out[header] = source.slice(1, -1);
    else if (source === 'method.request.header.origin') out[header] = origin;
    else throw new Error(`unexpected gateway response mapping ${source}`);
  }
  return out;
}

const cors = (headers: Record<string, string | string[]>) => Object.fromEntries(Object.entries(headers).filter(([k]) => /^(access-control-|vary$)/i.test(k)));

/**
 * The gateway `calix local` serves the app through, built as cli/local/server.ts builds it: custom
 * authorizers run the app's own function with its local context; the router is `router` when
 * given (a stand-in that records or fails), else the app.
 */
function servedGateway(c: Case, router?: InvokeFunction) {
  const auth = new LocalAuth({ stage: c.stage.stage, settings: c.stage.authorizers });
  const invoke: InvokeFunction = (fn, event) => (fn === 'api' && router ? router(fn, event) : c.handler(event, lambdaContexts(c.stage, fn, fn === 'api' ? undefined : fn)()));
  return localGateway(c.manifest, c.stage, { invoke, auth, log: () => {} });
}

const request = (method: string, path: string, headers: [string, string][] = []): GatewayRequest => ({ method, path, query: '', headers, body: new Uint8Array(0) });
/** A path that matches the template (each parameter a single segment). */
const concrete = (template: string) => template.replace(/\{[^}]+\}/g, 'p');

const cases: Record<string, Promise<Case>> = {};
const projects: Record<string, () => Promise<string>> = {
  'examples/todo': async () => {
    const p = tempProject({}, join(repoRoot, 'examples/todo'));
    removers.push(p.remove);
    return p.dir;
  },
  ...Object.fromEntries(['hello', 'rest-api', 'jobs', 'auth'].map((b) => [`blueprint ${b}`, () => generated(b)])),
  'fixture: origin rule, every authorizer kind, triggers': async () => {
    const p = tempProject({ 'app.ts': FIXTURE, '.calix/config.json': JSON.stringify({ app: 'parity', stages: { dev: {} } }) });
    removers.push(p.remove);
    return p.dir;
  },
};

/** The fixture on an HTTP API stage (the existing pool's app client given, as an HTTP API's JWT authorizer needs). */
const HTTP = 'fixture on an HTTP API (api.type "http")';
const httpProject = async () => {
  const config = { app: 'parity', stages: { dev: { api: { type: 'http' }, authorizers: { partners: { clientIds: ['1partnerclient23'] } } } } };
  const p = tempProject({ 'app.ts': FIXTURE, '.calix/config.json': JSON.stringify(config) });
  removers.push(p.remove);
  return p.dir;
};

beforeAll(async () => {
  // One after the other: each load sets process.env for its app, as a CLI process would.
  for (const [name, make] of [...Object.entries(projects), [HTTP, httpProject] as const]) {
    const dir = await make();
    addParityStage(dir, name.startsWith('fixture') ? { hourly: { environmentVariables: { HOURLY: '1' }, timeout: 60 } } : {});
    const loaded = load(dir);
    cases[name] = loaded;
    await loaded;
  }
}, 240_000);

describe.each(Object.keys(projects))('%s: local equals deployed', (name) => {
  test('every function: the same environment (CALIX_STAGE and lambdaFunctions.<fn> included), memory and timeout', async () => {
    const { manifest, stage, template } = await cases[name]!;
    const deployed = deployedFunctions(template);
    const model = stageModel(manifest, stage);
    expect(Object.keys(deployed).sort()).toEqual(model.functions.map((f) => f.name).sort());
    for (const [fn, props] of Object.entries(deployed)) {
      // `calix invoke <fn>` and, for the router, `calix local` set exactly this (Lambda itself sets the name).
      const { AWS_LAMBDA_FUNCTION_NAME, ...local } = localEnvironment(stage, fn);
      // What only the deployed stack sets is named in one place (tasks' CALIX_TASKS: locally, sends run in-process).
      const deployedEnv = Object.fromEntries(Object.entries(props.Environment.Variables as Record<string, string>).filter(([k]) => !DEPLOYED_ONLY_ENVIRONMENT.includes(k)));
      expect(deployedEnv, fn).toEqual(local);
      expect(local.CALIX_STAGE).toBe('parity');
      expect(AWS_LAMBDA_FUNCTION_NAME).toBe(`${manifest.app}-parity-${fn}`);
      const context = lambdaContexts(stage, fn)();
      expect(context.functionName).toBe(AWS_LAMBDA_FUNCTION_NAME);
      expect(Number(context.memoryLimitInMB), fn).toBe(props.MemorySize);
      expect(Math.round(context.getRemainingTimeInMillis() / 1000), fn).toBe(props.Timeout);
    }
    expect(deployed.api!.Environment.Variables.ROUTER_ONLY).toBe('yes');
    expect(deployed.api!.MemorySize).toBe(1024);
  });

  test('the API stage the events name is the deployed stage', async () => {
    const c = await cases[name]!;
    c.template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'v1' });
    const r = c.manifest.routes.find((x) => !x.authorizer)!;
    const events: any[] = [];
    const gateway = servedGateway(c, async (_fn, event) => (events.push(event), { statusCode: 200, body: '' }));
    expect((await gateway.handle(request(r.methods[0]!, concrete(r.path)))).status).toBe(200);
    expect(events.map((e) => e.requestContext.stage)).toEqual(['v1']);
  });

  test("API Gateway's own answers (403/401/413/502) carry the deployed gateway responses' CORS headers", async () => {
    const c = await cases[name]!;
    const { manifest, body } = c;
    const open = manifest.routes.find((x) => !x.authorizer)!;
    const guarded = (kind: string) => manifest.routes.find((x) => manifest.authorizers.some((a) => a.name === x.authorizer && a.kind === kind));
    for (const origin of [ORIGIN, 'https://elsewhere.example']) {
      const o: [string, string] = ['Origin', origin];
      // The router fails: API Gateway's 502 (DEFAULT_5XX).
      const failing = servedGateway(c, async () => {
        throw new Error('boom');
      });
      const answers: [string, GatewayRequest, string][] = [
        ['MISSING_AUTHENTICATION_TOKEN', request('GET', '/no/such/path', [o]), 'MissingAuthenticationTokenException'],
        ['DEFAULT_4XX', { ...request(open.methods[0]!, concrete(open.path), [o]), body: { size: 11 * 1024 * 1024 } }, 'RequestTooLongException'],
      ];
      for (const kind of ['cognito_user_pools', 'custom']) {
        const r = guarded(kind);
        if (r) answers.push(['UNAUTHORIZED', request(r.methods[0]!, concrete(r.path), [o]), 'UnauthorizedException']);
      }
      const denied = guarded('custom');
      const authorizer = manifest.authorizers.find((a) => a.name === denied?.authorizer);
      const header = authorizer && 'header' in authorizer ? authorizer.header : undefined;
      if (denied && header) answers.push(['ACCESS_DENIED', request(denied.methods[0]!, concrete(denied.path), [o, [header, 'deny']]), 'AccessDeniedException']);
      const gateway = servedGateway(c);
      for (const [type, req, error] of answers) {
        const answer = await gateway.handle(req);
        expect(answer.headers['x-amzn-ErrorType'], `${type} for ${req.method} ${req.path}`).toBe(error);
        expect(cors(answer.headers), `${type} from ${origin}`).toEqual(gatewayAnswerCors(body, type, origin));
      }
      const crashed = await failing.handle(request(open.methods[0]!, concrete(open.path), [o]));
      expect(crashed.status).toBe(502);
      expect(cors(crashed.headers), `DEFAULT_5XX from ${origin}`).toEqual(gatewayAnswerCors(body, 'DEFAULT_5XX', origin));
    }
  });

  test('authorizers: the same header, scopes, pool and policy cache on both sides', async () => {
    const { manifest, stage, template, body } = await cases[name]!;
    const schemes = body.components.securitySchemes ?? {};
    for (const a of manifest.authorizers) {
      const s = schemes[a.name];
      if (a.kind === 'iam') {
        expect(s['x-amazon-apigateway-authtype']).toBe('awsSigv4');
        continue;
      }
      // The header calix local reads the token from is the deployed identity source.
      expect(s.name).toBe(a.header);
      if (a.kind === 'custom') {
        expect(s['x-amazon-apigateway-authorizer'].identitySource).toBe(`method.request.header.${a.header}`);
        expect(s['x-amazon-apigateway-authorizer'].authorizerResultTtlInSeconds).toBe(a.ttlSeconds);
        continue;
      }
      const arn = s['x-amazon-apigateway-authorizer'].providerARNs[0];
      const local = resolvePool(a, stage.authorizers[a.name], stage.stage);
      if (typeof arn === 'string') {
        // An existing pool: calix local verifies tokens of that very pool.
        expect('userPoolId' in local && local.userPoolId).toBe(arn.split('/')[1]);
      } else {
        const pool = stageModel(manifest, stage).userPools.find((p) => p.authorizer === a.name)!;
        template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolName: pool.deployedName });
      }
      // Scopes: each protected route requires the same ones deployed as calix local checks.
      for (const r of manifest.routes.filter((x) => x.authorizer === a.name)) {
        for (const m of r.methods) expect(body.paths[r.path][m.toLowerCase()].security).toEqual([{ [a.name]: a.scopes }]);
      }
    }
  });
});

test('the fixture covers what differed: an origin rule and router-only variables', async () => {
  const { body, template } = await cases['fixture: origin rule, every authorizer kind, triggers']!;
  expect(gatewayAnswerCors(body, 'UNAUTHORIZED', 'https://x.example')['Access-Control-Allow-Origin']).toBe('https://x.example');
  expect(deployedFunctions(template).hourly!.Environment.Variables).toMatchObject({ HOURLY: '1', CALIX_STAGE: 'parity' });
});

describe(`${HTTP}: local equals deployed`, () => {
  test("the stage model's CORS configuration is the HTTP API's, and calix local answers a preflight with it", async () => {
    const c = await cases[HTTP]!;
    const model = stageModel(c.manifest, c.stage).api;
    expect(model.type).toBe('http');
    expect(c.template.findResources('AWS::ApiGateway::RestApi')).toEqual({});
    expect(model.httpCors).toBeDefined();
    expect(c.body['x-amazon-apigateway-cors']).toEqual(model.httpCors);
    const deployed = c.body['x-amazon-apigateway-cors'];
    const answer = await servedGateway(c).handle(request('OPTIONS', '/orders', [['Origin', ORIGIN], ['Access-Control-Request-Method', deployed.allowMethods[0]]]));
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': deployed.allowMethods.join(','),
      'access-control-allow-headers': deployed.allowHeaders.join(','),
      'access-control-allow-credentials': String(deployed.allowCredentials),
    });
  });

  test('the events name the deployed stage: requestContext.stage and the /<stage> prefix of rawPath', async () => {
    const c = await cases[HTTP]!;
    c.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'v1' });
    const events: any[] = [];
    const gateway = servedGateway(c, async (_fn, event) => (events.push(event), { statusCode: 200, body: '' }));
    expect((await gateway.handle(request('GET', '/'))).status).toBe(200);
    expect(events.map((e) => [e.requestContext.stage, e.rawPath])).toEqual([['v1', '/v1/']]);
  });

  test('the Lambda authorizer: payload format 2.0 with simple responses, the same identity source and cache on both sides', async () => {
    const c = await cases[HTTP]!;
    const keys = c.manifest.authorizers.find((a) => a.kind === 'custom')!;
    if (keys.kind !== 'custom') throw new Error('the fixture has a custom authorizer');
    const deployed = c.body.components.securitySchemes[keys.name]['x-amazon-apigateway-authorizer'];
    expect(deployed).toMatchObject({ type: 'request', authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true, authorizerResultTtlInSeconds: keys.ttlSeconds });
    const sent: any[] = [];
    const auth = new LocalAuth({ stage: c.stage.stage, settings: c.stage.authorizers });
    const invoke: InvokeFunction = async (fn, event) => {
      const result = await c.handler(event, lambdaContexts(c.stage, fn, fn === 'api' ? undefined : fn)());
      if (fn !== 'api') sent.push({ event, result });
      return result;
    };
    const gateway = localGateway(c.manifest, c.stage, { invoke, auth, log: () => {} });
    expect((await gateway.handle(request('GET', '/keyed', [[keys.header, 'ok']]))).status).toBe(200);
    expect((await gateway.handle(request('GET', '/keyed', [[keys.header, 'deny']]))).status).toBe(403);
    expect(sent.map((s) => s.event.version)).toEqual(['2.0', '2.0']);
    expect(sent.map((s) => s.result.isAuthorized)).toEqual([true, false]);
    // The identity source values calix local sends are those of the deployed expression, in order.
    const sources = String(deployed.identitySource).split(',').map((x) => x.trim());
    const value = (source: string, req: { token: string; method: string; path: string }) =>
      source === `$request.header.${keys.header}` ? req.token : source === '$context.httpMethod' ? req.method : source === '$context.path' ? req.path : `unknown source ${source}`;
    expect(sent[0].event.identitySource).toEqual(sources.map((src) => value(src, { token: 'ok', method: 'GET', path: '/v1/keyed' })));
  });

  test('JWT authorizers: the issuer and audience calix local checks are the deployed ones (existing pool), the created pool and client for a created one', async () => {
    const c = await cases[HTTP]!;
    for (const a of c.manifest.authorizers) {
      if (a.kind !== 'cognito_user_pools') continue;
      const jwt = c.body.components.securitySchemes[a.name]['x-amazon-apigateway-authorizer'];
      expect(jwt.type).toBe('jwt');
      expect(jwt.identitySource).toBe(`$request.header.${a.header}`);
      const local = resolvePool(a, c.stage.authorizers[a.name], c.stage.stage);
      if (a.userPoolArn) {
        if ('problem' in local) throw new Error(local.problem);
        expect(jwt.jwtConfiguration).toEqual({ issuer: local.issuer, audience: local.clientIds });
      } else {
        // A pool the stack creates: its issuer and app client are the template's own (calix local verifies the pool the config names).
        const pool = stageModel(c.manifest, c.stage).userPools.find((p) => p.authorizer === a.name)!;
        c.template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolName: pool.deployedName });
        const [poolId] = Object.keys(c.template.findResources('AWS::Cognito::UserPool', { Properties: { UserPoolName: pool.deployedName } }));
        const [clientId] = Object.keys(c.template.findResources('AWS::Cognito::UserPoolClient', { Properties: { UserPoolId: { Ref: poolId } } }));
        const deployed = JSON.stringify(jwt.jwtConfiguration);
        expect(deployed).toContain(`"Ref":"${poolId}"`);
        expect(deployed).toContain(`"Ref":"${clientId}"`);
        expect(deployed).toContain('cognito-idp.');
      }
    }
  });
});
