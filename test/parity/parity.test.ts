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
import { stageModel } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { resolvePool } from '../../project/user-pools.js';
import { CalixStack } from '../../infra/index.js';
import { localGateway } from '../../cli/local/gateway.js';
import { lambdaContexts, localEnvironment } from '../../cli/local/lambda-context.js';
import { repoRoot, runCli, tempProject } from '../helpers/project.js';

const ORIGIN = 'https://app.example.com';

/** An app whose CORS rule lists origins (API Gateway's own answers then echo the request's Origin, not `*`), with every kind of authorizer. */
const FIXTURE = `import { AuthResponse, Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer, Rate } from 'calix';
export const app = new Calix({ name: 'parity', cors: { origins: ['${ORIGIN}', 'https://admin.example.com'], credentials: true } });
const existing = new CognitoUserPoolAuthorizer('partners', { userPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Partners1', scopes: ['orders/read'] });
const created = new CognitoUserPoolAuthorizer('users', { userPoolName: 'parity-users' });
const keys = new CustomAuthorizer('keys', { header: 'X-Key', ttlSeconds: 60 }, () => new AuthResponse({ routes: ['*'], principalId: 'me' }));
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
  const { manifest, stage, outfile } = await loadApp(dir, 'parity', { forLambda: true });
  const app = new App({ builtinCloudFormationValidation: false } as ConstructorParameters<typeof App>[0]);
  const stack = new CalixStack(app, { manifest, bundleDir: dirname(outfile), stage, publicRoutes: '*' });
  const template = Template.fromStack(stack);
  const body = Object.values(template.findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Body;
  return { manifest, stage, template, body };
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

const cors = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([k]) => /^(access-control-|vary$)/i.test(k)));

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

beforeAll(async () => {
  // One after the other: each load sets process.env for its app, as a CLI process would.
  for (const [name, make] of Object.entries(projects)) {
    const dir = await make();
    addParityStage(dir, name.startsWith('fixture') ? { hourly: { environmentVariables: { HOURLY: '1' }, timeout: 60 } } : {});
    const loaded = load(dir);
    cases[name] = loaded;
    await loaded;
  }
}, 180_000);

describe.each(Object.keys(projects))('%s: local equals deployed', (name) => {
  test('every function: the same environment (CALIX_STAGE and lambdaFunctions.<fn> included), memory and timeout', async () => {
    const { manifest, stage, template } = await cases[name]!;
    const deployed = deployedFunctions(template);
    const model = stageModel(manifest, stage);
    expect(Object.keys(deployed).sort()).toEqual(model.functions.map((f) => f.name).sort());
    for (const [fn, props] of Object.entries(deployed)) {
      // `calix invoke <fn>` and, for the router, `calix local` set exactly this (Lambda itself sets the name).
      const { AWS_LAMBDA_FUNCTION_NAME, ...local } = localEnvironment(stage, fn);
      expect(props.Environment.Variables, fn).toEqual(local);
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
    const { manifest, stage, template } = await cases[name]!;
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'v1' });
    const r = manifest.routes[0]!;
    const routed = localGateway(manifest, stage).route(r.methods[0]!, r.path.replace(/\{[^}]+\}/g, 'p'), [], Buffer.alloc(0), '127.0.0.1');
    expect('event' in routed && routed.event.requestContext.stage).toBe('v1');
  });

  test("API Gateway's own answers (403/401/413/502) carry the deployed gateway responses' CORS headers", async () => {
    const { manifest, stage, body } = await cases[name]!;
    const gateway = localGateway(manifest, stage);
    for (const origin of [ORIGIN, 'https://elsewhere.example']) {
      const missing = gateway.route('GET', '/no/such/path', ['Origin', origin], Buffer.alloc(0), '127.0.0.1');
      expect('answer' in missing && cors(missing.answer.headers), origin).toEqual(gatewayAnswerCors(body, 'MISSING_AUTHENTICATION_TOKEN', origin));
      expect(cors(gateway.edge(401, 'Unauthorized', 'UnauthorizedException', origin).headers)).toEqual(gatewayAnswerCors(body, 'UNAUTHORIZED', origin));
      expect(cors(gateway.edge(403, '', 'AccessDeniedException', origin).headers)).toEqual(gatewayAnswerCors(body, 'ACCESS_DENIED', origin));
      expect(cors(gateway.edge(413, 'Request Too Long', 'RequestTooLongException', origin).headers)).toEqual(gatewayAnswerCors(body, 'DEFAULT_4XX', origin));
      expect(cors(gateway.edge(502, 'Internal server error', 'InternalServerErrorException', origin).headers)).toEqual(gatewayAnswerCors(body, 'DEFAULT_5XX', origin));
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
