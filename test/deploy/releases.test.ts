// Releases against the emulator (moto_server through scripts/moto/launcher.py, whose patches 13
// and 14 give CloudFormation's AWS::Lambda::Version and AWS::Lambda::Alias): every deploy that
// changes the code publishes a version behind the alias `live`; API Gateway's integration
// targets the alias; `calix releases` lists the versions; `calix rollback` moves `live` back
// without deleting anything, and the deployed API then answers with the old code (the function
// and qualifier its integration names, invoked through the emulator's Lambda: patch 9 runs the
// code that qualifier resolves to under node); the next deploy moves `live`
// forward even when CloudFormation sees no change; pruning keeps `releases.keep` versions.
import { GetIntegrationCommand, GetResourcesCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetAliasCommand, InvokeCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { v1Event } from '../fixtures/events.js';
import { tempProject } from '../helpers/project.js';
import { startMoto, type CliResult, type Moto } from './moto.js';
import { errorLines, expectOneError } from './cli-errors.js';

const appSource = (release: string) => `import { Calix } from 'calix';
export const app = new Calix({ name: 'rel' });
app.route('/', () => ({ release: '${release}' }));
app.lambdaFunction('add', async (p: { a: number; b: number }) => p.a + p.b);
export const handler = app.handler;
`;


let moto: Moto;
const project = tempProject({
  'app.ts': appSource('one'),
  '.calix/config.json': JSON.stringify({ version: 1, app: 'rel', main: 'app.ts', publicRoutes: '*', releases: { keep: 3 }, stages: { dev: {}, prod: {} } }),
});
const record = () => JSON.parse(readFileSync(join(project.dir, '.calix/deployed/dev.json'), 'utf8'));
const fnName = (name = 'api') => record().functions[name].functionName as string;
const calix = (args: string[], extraEnv?: NodeJS.ProcessEnv) => moto.calix(args, project.dir, 150_000, extraEnv);
const ok = (r: CliResult) => expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}\nemulator:\n${moto.output().slice(-3000)}`).toBe(0);
const live = async (name = 'api') => (await moto.clients.lambda.send(new GetAliasCommand({ FunctionName: fnName(name), Name: 'live' }))).FunctionVersion;
async function versions(name = 'api'): Promise<string[]> {
  const vs = (await moto.clients.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fnName(name) }))).Versions ?? [];
  return vs.map((v) => v.Version!).filter((v) => v !== '$LATEST').sort((a, b) => Number(a) - Number(b));
}
async function deploy(release: string): Promise<CliResult> {
  project.write('app.ts', appSource(release));
  const r = await calix(['deploy']);
  ok(r);
  return r;
}

/** What the deployed API answers to GET /: API Gateway's integration URI -> the function and qualifier -> that code, run by the emulator. */
async function apiAnswers(): Promise<{ qualifier: string; body: unknown }> {
  const [api] = (await moto.clients.apigw.send(new GetRestApisCommand({}))).items ?? [];
  const root = ((await moto.clients.apigw.send(new GetResourcesCommand({ restApiId: api!.id! }))).items ?? []).find((r) => r.path === '/')!;
  const { uri } = await moto.clients.apigw.send(new GetIntegrationCommand({ restApiId: api!.id!, resourceId: root.id!, httpMethod: 'GET' }));
  const m = /functions\/arn:aws:lambda:[^:]+:\d+:function:([^:/]+):([^/]+)\/invocations$/.exec(uri ?? '');
  expect(m, `integration uri ${uri}`).not.toBeNull();
  // The function and qualifier the integration names, invoked through the emulator's Lambda: launcher
  // patch 9 runs the code that qualifier resolves to under node (a hotswap's code is in no asset bucket).
  const r = await moto.clients.lambda.send(new InvokeCommand({ FunctionName: `${m![1]}:${m![2]}`, Payload: new TextEncoder().encode(JSON.stringify(v1Event({ method: 'GET', path: '/' }))) }));
  const text = new TextDecoder().decode(r.Payload);
  expect(r.FunctionError, text).toBeUndefined();
  const result = JSON.parse(text) as { statusCode: number; body: string };
  expect(result.statusCode).toBe(200);
  return { qualifier: m![2]!, body: JSON.parse(result.body) };
}

beforeAll(async () => {
  moto = await startMoto();
  await moto.bootstrap(project.dir);
}, 120_000);
afterAll(async () => {
  await moto?.stop();
  project.remove();
});

describe('releases and rollback', { timeout: 300_000 }, () => {
  test('a deploy publishes version 1 of each function behind live, and API Gateway invokes the alias', async () => {
    await deploy('one');
    expect([await versions(), await live(), await versions('add'), await live('add')]).toEqual([['1'], '1', ['1'], '1']);
    expect(await apiAnswers()).toEqual({ qualifier: 'live', body: { release: 'one' } });
  });

  test('a code change publishes version 2 and moves live; calix releases lists both, newest first', async () => {
    await deploy('two');
    expect([await versions(), await live()]).toEqual([['1', '2'], '2']);
    expect((await apiAnswers()).body).toEqual({ release: 'two' });
    const r = await calix(['releases']);
    ok(r);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('api '));
    expect(lines[at]).toBe(`api  ${fnName()}`);
    expect(lines[at + 1]).toMatch(/^\s+VERSION\s+PUBLISHED\s+CODE\s+DEPLOYED BY$/);
    expect(lines[at + 2]).toMatch(/^  live  2\s+\d{4}-\d\d-\d\dT\S+\s+\S{12}…\s+calix deploy$/);
    expect(lines[at + 3]).toMatch(/^\s+1\s+\d{4}-\d\d-\d\dT\S+\s+\S{12}…\s+calix deploy$/);
    expect(r.stdout).toMatch(/^add  rel-dev-/m);
    const json = JSON.parse((await calix(['releases', '--json', '--function', 'api'])).stdout);
    expect(json).toHaveLength(1);
    expect(json[0].releases.map((x: any) => [x.version, x.live, x.description])).toEqual([[2, true, 'calix deploy'], [1, false, 'calix deploy']]);
    expect(json[0].releases[0].codeSha256).not.toBe(json[0].releases[1].codeSha256);
  });

  test('rollback --steps 1 moves live back, keeps the newer version, and the API answers with the old code', async () => {
    const r = await calix(['rollback', '--steps', '1']);
    ok(r);
    expect(r.stdout).toMatch(/^api: live 2 -> 1$/m);
    expect(r.stdout).toMatch(/^add: live 2 -> 1$/m);
    expect([await live(), await live('add'), await versions(), await versions('add')]).toEqual(['1', '1', ['1', '2'], ['1', '2']]);
    expect(await apiAnswers()).toEqual({ qualifier: 'live', body: { release: 'one' } });
  });

  test('rolling back past the oldest version, to an unknown version, or with both flags is an error that changes nothing', async () => {
    expectOneError(await calix(['rollback']), /function (api|add): "live" is version 1, the oldest version kept; there is nothing older to roll back to/);
    expectOneError(await calix(['rollback', '--to', '9']), /function (api|add) has no version 9; its versions are 1, 2 \(see `calix releases`\)/);
    const both = await calix(['rollback', '--to', '2', '--steps', '1']);
    expect(both.code).toBe(2);
    expect(errorLines(both)).toEqual(['calix: error: give --to or --steps, not both']);
    expect([await live(), await live('add')]).toEqual(['1', '1']);
  });

  test('rollback --to N moves live to that version (a function already there stays); --function moves one function only', async () => {
    ok(await calix(['rollback', '--to', '2', '--function', 'api']));
    expect([await live(), await live('add')]).toEqual(['2', '1']);
    const both = await calix(['rollback', '--to', '2']);
    ok(both);
    expect(both.stdout).toMatch(/^api: live already 2\nadd: live 1 -> 2\n/);
    expect(await live('add')).toBe('2');
    ok(await calix(['rollback', '--to', '1', '--function', 'add']));
    ok(await calix(['rollback', '--to', '1', '--function', 'api']));
    expect(await live()).toBe('1');
  });

  test('the next deploy moves live forward even though CloudFormation sees nothing to change', async () => {
    const r = await deploy('two');
    expect(r.stdout).toMatch(/^Moved live forward after a rollback: (api 1 -> 2, add 1 -> 2|add 1 -> 2, api 1 -> 2)$/m);
    expect([await live(), await live('add'), await versions()]).toEqual(['2', '2', ['1', '2']]);
    expect((await apiAnswers()).body).toEqual({ release: 'two' });
    const again = await deploy('two');
    expect(again.stdout).not.toMatch(/Moved live|Pruned/);
    expect(await versions()).toEqual(['1', '2']);
  });

  test('pruning keeps releases.keep versions: the oldest go, newer ones and live stay, and numbers are never reused', async () => {
    await deploy('three');
    expect(await versions()).toEqual(['1', '2', '3']);
    const r = await deploy('four');
    expect(r.stdout).toMatch(/^Pruned versions beyond releases\.keep 3: (api 1; add 1|add 1; api 1)$/m);
    expect([await versions(), await versions('add'), await live()]).toEqual([['2', '3', '4'], ['2', '3', '4'], '4']);
    await deploy('five');
    expect([await versions(), await live()]).toEqual([['3', '4', '5'], '5']);
    expect((await apiAnswers()).body).toEqual({ release: 'five' });
  });

  test("deploy --hotswap: the fast path publishes the new code's version and moves live; the API answers with it", async () => {
    project.write('app.ts', appSource('six'));
    const r = await calix(['deploy', '--hotswap']);
    ok(r);
    expect(r.stdout).not.toMatch(/not a code-only change/);
    // Calix's fast path (no synthesis), publishing through the same code as deploy and rollback.
    expect(r.stdout).toMatch(/^Hotswapped 2 functions' code in \d+\.\d s \(no CloudFormation change\): api \(version 6, alias live\), add \(version 6, alias live\)$/m);
    // A hotswap is a deploy: its version is Calix's (`calix deploy --hotswap`), and the oldest beyond keep go.
    expect(r.stdout).toMatch(/^Pruned versions beyond releases\.keep 3: (api 3; add 3|add 3; api 3)$/m);
    expect([await versions(), await live()]).toEqual([['4', '5', '6'], '6']);
    expect((await apiAnswers()).body).toEqual({ release: 'six' });
    // Rolled back, then hotswapped again with nothing changed: no code is sent, nothing is published,
    // and live is moved forward to the deployed code again, as a full deploy does.
    ok(await calix(['rollback', '--function', 'api']));
    expect(await live()).toBe('5');
    const again = await calix(['deploy', '--hotswap']);
    ok(again);
    expect(again.stdout).toMatch(/nothing to update\nMoved live forward after a rollback: api 5 -> 6\n$/);
    expect([await versions(), await live()]).toEqual([['4', '5', '6'], '6']);
    expect((await apiAnswers()).body).toEqual({ release: 'six' });
  });

  test('status shows the live version of each function', async () => {
    const s = JSON.parse((await calix(['status', '--json'])).stdout);
    expect(s.functions.map((f: any) => [f.name, f.live]).sort()).toEqual([['add', '6'], ['api', '6']]);
    expect((await calix(['status'])).stdout).toMatch(/^Functions\s+(api|add)\s+\d+ MB\s+\d+ s\s+nodejs\S+\s+live v6\s/m);
  });

  test('without a deploy record, or without credentials, releases and rollback fail with one line', async () => {
    expectOneError(await calix(['releases', '--stage', 'prod']), /stage "prod" has not been deployed from this project .* run `calix deploy --stage prod` first/);
    expectOneError(await calix(['rollback', '--stage', 'prod']), /stage "prod" has not been deployed/);
    const noCreds = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    expectOneError(await calix(['releases'], noCreds), /no AWS credentials/);
    expectOneError(await calix(['rollback'], noCreds), /no AWS credentials/);
    expect(await live()).toBe('6');
  });
});
