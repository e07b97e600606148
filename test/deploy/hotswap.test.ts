// `calix deploy --hotswap`'s fast path (cli/deploy/fast-hotswap.ts) against the emulator, in
// order on one stack: a first deploy (no record yet: the toolkit deploys it); a code-only change
// goes straight to Lambda without synthesis or a CloudFormation update, ships the bytes a full
// deploy would, and the functions run the new code (the launcher's patch 9 runs it under node);
// every function's `live` alias (the template's) moves to a new version of the code, the old
// version keeping the old code; a memory change
// falls back to the toolkit with the reason, and the change set redeploys the same code bytes;
// after that the fast path works again.
import { DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAliasCommand, GetFunctionConfigurationCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fastHotswap } from '../../cli/deploy/fast-hotswap.js';
import { loadApp } from '../../project/app-loader.js';
import { tempProject } from '../helpers/project.js';
import { startMoto, type CliResult, type Moto } from './moto.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'swap' });
app.route('/', () => ({ hello: 'world' }));
app.lambdaFunction('calc', async (p: { a: number; b: number }) => p.a + p.b);
export const handler = app.handler;
`;
const CONFIG = { version: 1, app: 'swap', main: 'app.ts', publicRoutes: '*', stages: { dev: {} } };

let moto: Moto;
const project = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify(CONFIG) });
const record = () => JSON.parse(readFileSync(join(project.dir, '.calix/deployed/dev.json'), 'utf8'));
const fnName = (name: string): string => record().functions[name].functionName;
// A version or alias goes in the function name (`name:live`): moto 5.2.1's Invoke ignores the Qualifier parameter.
const qualified = (name: string, qualifier?: string) => (qualifier ? `${fnName(name)}:${qualifier}` : fnName(name));
const config = async (name: string, qualifier?: string) => moto.clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: qualified(name, qualifier) }));
/** Invokes the deployed function through the emulator's Lambda API (its code runs under node). */
async function invoke(name: string, event: unknown, qualifier?: string): Promise<unknown> {
  const r = await moto.clients.lambda.send(new InvokeCommand({ FunctionName: qualified(name, qualifier), Payload: new TextEncoder().encode(JSON.stringify(event)) }));
  const text = new TextDecoder().decode(r.Payload);
  expect(r.FunctionError, text).toBeUndefined();
  return JSON.parse(text);
}
/** API Gateway's REST (v1) event for GET / as the router receives it. */
const getRoot = {
  resource: '/', path: '/', httpMethod: 'GET', headers: { Accept: 'application/json' }, multiValueHeaders: { Accept: ['application/json'] },
  queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null, body: null, isBase64Encoded: false,
  requestContext: { resourcePath: '/', httpMethod: 'GET', path: '/api/', stage: 'api', requestId: 'r1', accountId: '123456789012', identity: { sourceIp: '127.0.0.1' } },
};
const greeting = async (qualifier?: string) => JSON.parse(((await invoke('api', getRoot, qualifier)) as { body: string }).body).hello;

/** The stack as CloudFormation reports it: a hotswap must leave all of it as it was. */
async function stack() {
  const s = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: 'swap-dev' }))).Stacks![0]!;
  const events = (await moto.clients.cfn.send(new DescribeStackEventsCommand({ StackName: 'swap-dev' }))).StackEvents ?? [];
  return { status: s.StackStatus, updated: s.LastUpdatedTime?.toISOString() ?? null, events: events.length };
}

/** Lambda's CodeSha256 of `calix package`'s asset for the router, zipped as the toolkit's publisher zips it for a full deploy. */
async function packagedCodeSha256(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'calix-hotswap-package-'));
  try {
    const r = await moto.calix(['package', '--out', join(out, 'assembly')], project.dir, 120_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(out, 'assembly', 'swap-dev.template.json'), 'utf8'));
    const key: string = template.Resources[record().functions.api.logicalId].Properties.Code.S3Key;
    const assetDir = join(out, 'assembly', `asset.${key.replace(/\.zip$/, '')}`);
    expect(readdirSync(assetDir).sort()).toEqual(['chunks', 'index.mjs', 'index.mjs.map']);
    // cdk-assets-lib as the CDK toolkit loads it: its file-asset handler zips a directory asset with this.
    const fromToolkit = createRequire(createRequire(import.meta.url).resolve('@aws-cdk/toolkit-lib'));
    const { zipDirectory } = fromToolkit(join(dirname(fromToolkit.resolve('@aws-cdk/cdk-assets-lib')), 'private', 'archive.js'));
    await zipDirectory(assetDir, join(out, 'code.zip'));
    return createHash('sha256').update(readFileSync(join(out, 'code.zip'))).digest('base64');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const hotswap = (): Promise<CliResult> => moto.calix(['deploy', '--hotswap'], project.dir, 180_000);
const FAST = /^Hotswapped 2 functions' code in \d+\.\d s \(no CloudFormation change\): api \(version \d+, alias live\), calc \(version \d+, alias live\)\nDeployed swap-dev to us-east-1 \(account 123456789012\)\nAPI URL {2}https:\/\/\S+\n$/m;

beforeAll(async () => {
  moto = await startMoto();
  const boot = await moto.calix(['bootstrap'], project.dir, 120_000);
  if (boot.code !== 0) throw new Error(boot.stdout + boot.stderr);
}, 150_000);
afterAll(async () => {
  await moto?.stop();
  project.remove();
});

describe('deploy --hotswap', () => {
  test('a first deploy has no record to compare with: the toolkit deploys it, and the record gets a fingerprint', async () => {
    const r = await hotswap();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^--hotswap: no fast path \(no deploy of stage dev is recorded in \.calix\/deployed\/dev\.json\); synthesizing and deploying with the CDK toolkit's hotswap\n/);
    expect(r.stdout).toMatch(/Deployed swap-dev to us-east-1/);
    expect(record().fingerprint.template).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(record().fingerprint.inputs)).toEqual(expect.arrayContaining(["function api's settings", "function calc's settings", 'the stage config']));
    expect(await greeting()).toBe('world');
    expect(await invoke('calc', { a: 2, b: 3 })).toBe(5);
  }, 200_000);

  test('a code-only change goes straight to Lambda: no synthesis, no CloudFormation update, the bytes a full deploy ships, the new code runs', async () => {
    const before = { stack: await stack(), api: (await config('api')).CodeSha256, calc: (await config('calc')).CodeSha256 };
    project.write('app.ts', APP.replace("'world'", "'hotswapped'").replace('p.a + p.b', 'p.a * p.b'));
    const r = await hotswap();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^--hotswap: only the code changed since the last deploy \(\S+\); updating it in place, without synthesis or CloudFormation\n/);
    expect(r.stdout).toMatch(FAST);
    // No synthesis summary, no toolkit.
    expect(r.stdout).not.toMatch(/Resources|Template|Deploying/);

    const after = { api: (await config('api')).CodeSha256, calc: (await config('calc')).CodeSha256 };
    expect(after.api).not.toBe(before.api);
    expect(after.calc).toBe(after.api); // one bundle for every function
    expect(after.api).toBe(await packagedCodeSha256());
    expect((await config('api')).LastUpdateStatus).toBe('Successful');
    expect(await stack()).toEqual(before.stack);
    expect(before.stack.status).toBe('CREATE_COMPLETE');

    expect(await greeting()).toBe('hotswapped');
    expect(await greeting('live')).toBe('hotswapped'); // what API Gateway invokes
    expect(await invoke('calc', { a: 2, b: 3 })).toBe(6);
    expect(await invoke('calc', { a: 2, b: 3 }, 'live')).toBe(6);
  }, 240_000);

  test('each function\'s `live` alias (the template\'s) moves to a new version of the code; the version it left keeps the old code', async () => {
    const api = fnName('api');
    const v1 = (await moto.clients.lambda.send(new GetAliasCommand({ FunctionName: api, Name: 'live' }))).FunctionVersion!;
    expect(await greeting('live')).toBe('hotswapped');

    project.write('app.ts', APP.replace("'world'", "'via the alias'").replace('p.a + p.b', 'p.a * p.b'));
    const r = await hotswap();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const moved = /^Hotswapped 2 functions' code in \d+\.\d s \(no CloudFormation change\): api \(version (\d+), alias live\), calc \(version \d+, alias live\)\n/m.exec(r.stdout);
    expect(moved, r.stdout).not.toBeNull();
    const alias = await moto.clients.lambda.send(new GetAliasCommand({ FunctionName: api, Name: 'live' }));
    expect(alias.FunctionVersion).toBe(moved![1]);
    expect(alias.FunctionVersion).not.toBe(v1);
    expect((await config('api', alias.FunctionVersion)).CodeSha256).toBe((await config('api')).CodeSha256);
    expect(await greeting('live')).toBe('via the alias');
    expect(await greeting(v1)).toBe('hotswapped');
  }, 240_000);

  test('nothing to do when the deployed functions already run this code', async () => {
    const before = (await config('api')).CodeSha256;
    const r = await hotswap();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toBe('--hotswap: only code can have changed since the last deploy, and every function of swap-dev already runs this code; nothing to update\n');
    expect((await config('api')).CodeSha256).toBe(before);
  }, 120_000);

  test('a memory change is not code-only: it falls back to the toolkit with the reason, and the change set ships the same code bytes', async () => {
    const before = { stack: await stack(), code: (await config('api')).CodeSha256 };
    project.write('.calix/config.json', JSON.stringify({ ...CONFIG, stages: { dev: { memorySize: 256 } } }));
    const r = await hotswap();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^--hotswap: no fast path \(changed since the last deploy: function api's settings, function calc's settings, the stage config\); synthesizing and deploying with the CDK toolkit's hotswap\n/,
    );
    expect(r.stdout).toContain('--hotswap: not a code-only change (Could not perform a hotswap deployment, as the stack swap-dev contains non-Asset changes); deploying it with a CloudFormation change set instead\n');
    expect((await config('api')).MemorySize).toBe(256);
    const after = await stack();
    expect(after.status).toBe('UPDATE_COMPLETE');
    expect(after.events).toBeGreaterThan(before.stack.events);
    // CloudFormation replaced the code from the asset the toolkit published: the same bytes the hotswap had sent.
    expect((await config('api')).CodeSha256).toBe(before.code);
    expect(await greeting()).toBe('via the alias');
  }, 240_000);

  test('after the fallback, the next code-only change takes the fast path again', async () => {
    const before = { stack: await stack(), code: (await config('api')).CodeSha256 };
    project.write('app.ts', APP.replace("'world'", "'again'"));
    const r = await hotswap();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Hotswapped 2 functions' code in \d+\.\d s \(no CloudFormation change\): api \(version \d+, alias live\), calc \(version \d+, alias live\)\n/m);
    expect((await config('api')).CodeSha256).not.toBe(before.code);
    expect(await stack()).toEqual(before.stack);
    expect(await greeting()).toBe('again');
    expect(await greeting('live')).toBe('again');
    expect(await invoke('calc', { a: 2, b: 3 })).toBe(5);
  }, 240_000);

  test('a full deploy of the code the template already names puts that code back where a hotswap had replaced it', async () => {
    // The code of the last change-set deploy (the memory change): the synthesized template is the deployed one.
    project.write('app.ts', APP.replace("'world'", "'via the alias'").replace('p.a + p.b', 'p.a * p.b'));
    const before = await stack();
    const r = await moto.calix(['deploy'], project.dir, 180_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Updated the code of api \(version \d+, alias live\), calc \(version \d+, alias live\): it still ran the code of an earlier --hotswap, and the template did not change it\nDeployed swap-dev/m);
    expect(await stack()).toEqual(before); // CloudFormation saw no change
    expect(await greeting()).toBe('via the alias');
    expect(await greeting('live')).toBe('via the alias');
    expect(await invoke('calc', { a: 2, b: 3 })).toBe(6);
  }, 240_000);

  test('a plain deploy of code a hotswap already sent still publishes its own version (CloudFormation refuses to publish an unchanged function)', async () => {
    project.write('app.ts', APP.replace("'world'", "'marked'"));
    const fast = await hotswap();
    expect(fast.stdout, fast.stdout + fast.stderr).toMatch(FAST);
    // The hotswapped release is marked, so the template's configuration (without the mark) differs from it.
    expect((await config('api', 'live')).Environment?.Variables?.CALIX_HOTSWAP).toMatch(/^[A-Za-z0-9+/]{16}$/); // the start of the code's CodeSha256
    expect((await config('api', 'live')).Environment?.Variables).toMatchObject({ CALIX_HANDLER: 'api', CALIX_STAGE: 'dev' }); // the mark is added, nothing lost
    const hotswapped = (await moto.clients.lambda.send(new GetAliasCommand({ FunctionName: fnName('api'), Name: 'live' }))).FunctionVersion;
    const r = await moto.calix(['deploy'], project.dir, 180_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await stack()).status).toBe('UPDATE_COMPLETE');
    const live = (await moto.clients.lambda.send(new GetAliasCommand({ FunctionName: fnName('api'), Name: 'live' }))).FunctionVersion;
    expect(Number(live)).toBeGreaterThan(Number(hotswapped));
    expect((await config('api', 'live')).Environment?.Variables?.CALIX_HOTSWAP).toBeUndefined();
    expect(await greeting('live')).toBe('marked');
  }, 240_000);

  test("a record without a fingerprint (an older Calix's) goes through the toolkit's hotswap, which records one for the next", async () => {
    const old = record();
    delete old.fingerprint;
    project.write('.calix/deployed/dev.json', JSON.stringify(old, null, 2));
    const before = await stack();
    project.write('app.ts', APP.replace("'world'", "'toolkit'"));
    const r = await hotswap();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^--hotswap: no fast path \(\.calix\/deployed\/dev\.json has no fingerprint of what was deployed \(written by an older Calix\); this deploy records one\); synthesizing/);
    expect(r.stdout).not.toContain('not a code-only change');
    expect(await stack()).toEqual(before); // the toolkit hotswapped: no CloudFormation update
    expect(await greeting()).toBe('toolkit');
    // The record's template is the one the stack still holds, so the next code-only change is fast.
    project.write('app.ts', APP.replace("'world'", "'fast once more'"));
    const next = await hotswap();
    expect(next.stdout).toMatch(/^Hotswapped 2 functions' code in \d+\.\d s \(no CloudFormation change\)/m);
    expect(await greeting()).toBe('fast once more');
  }, 240_000);

  test('declines, changing nothing, when the manifest changed, the credentials are for another region, or the stack is not the recorded one or not as recorded', async () => {
    // In-process (no synthesis follows a decline here): the fast path's own SDK clients read this environment.
    const saved = { ...process.env };
    Object.assign(process.env, { ...moto.env, AWS_ENDPOINT_URL: moto.endpoint });
    const recordFile = '.calix/deployed/dev.json';
    const good = readFileSync(join(project.dir, recordFile), 'utf8');
    const before = (await config('api')).CodeSha256;
    const reason = async (edit: () => void) => {
      edit();
      try {
        const ctx = await loadApp(project.dir, 'dev', { forLambda: true });
        const lines: string[] = [];
        const r = await fastHotswap({ ctx, stage: 'dev', timeout: '60s', write: (l) => lines.push(l) });
        expect(lines).toEqual([]);
        return r.done ? 'done' : r.reason;
      } finally {
        project.write(recordFile, good);
        project.write('app.ts', APP.replace("'world'", "'fast once more'"));
        process.env.AWS_REGION = moto.env.AWS_REGION;
      }
    };
    try {
      expect(await reason(() => project.write('app.ts', APP.replace("'world'", "'x'") + "app.route('/more', () => 'more');\n"))).toMatch(
        /^changed since the last deploy: the manifest \(routes, triggers, authorizers\), the API settings$/,
      );
      expect(await reason(() => (process.env.AWS_REGION = 'eu-west-1'))).toBe("the credentials' region is eu-west-1, the recorded stack is in us-east-1");
      const edited = (f: (r: Record<string, any>) => void) => () => {
        const r = JSON.parse(good);
        f(r);
        project.write(recordFile, JSON.stringify(r));
      };
      expect(await reason(edited((r) => (r.fingerprint.template = '0'.repeat(64))))).toMatch(/^the stack's template is not the one Calix last deployed from here \(\S+\): it was changed elsewhere$/);
      expect(await reason(edited((r) => (r.stackArn = r.stackArn.replace(/\/[^/]+$/, '/00000000-0000-0000-0000-000000000000'))))).toMatch(
        /^stack swap-dev in account 123456789012 \(us-east-1\) is not the one last deployed from here \(account 123456789012, us-east-1, \S+\)$/,
      );
      expect(await reason(edited((r) => (r.stackName = 'gone-dev')))).toBe('stack gone-dev does not exist in us-east-1 for these credentials');
      expect(await reason(edited((r) => (r.functions.api.logicalId = 'NoSuchFunction')))).toBe('the stack has no resource NoSuchFunction (function api) any more');
      expect((await config('api')).CodeSha256).toBe(before);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }, 120_000);
});
