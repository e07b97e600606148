// Deploy failures against the emulator, each answered with one `calix: error:` line that says
// what to do (the mapping lives in cli/deploy/failures.ts; this file provides real emulator
// states for it). The failing resource is the router function naming a Lambda layer version
// that does not exist, a mistake a user can really make (a typo in the version, a deleted
// layer): Lambda refuses it on create and on update, on AWS as in moto, and the launcher's
// rollback patch (docs/deploying-tests.md) then does what CloudFormation does. One emulator
// for the file; the tests run in order on one stack. Every CLI call has an outer timeout.
import { DescribeStackEventsCommand, DescribeStacksCommand, ListStacksCommand, type StackSummary } from '@aws-sdk/client-cloudformation';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, tempProject } from '../helpers/project.js';
import { startMoto, type CliResult, type Moto } from './moto.js';

const STACK = 'todo-dev';
const MISSING_LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer:missing:1';

/** The CLI failed with exactly one `calix: error:` line and no stack trace. */
function expectOneErrorLine(r: CliResult): string {
  expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(1);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('calix: error:'));
  expect(errors, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/unexpected error/);
  return errors[0]!;
}

describe('deploy failures against the emulator', { timeout: 180_000 }, () => {
  let moto: Moto;
  let project: ReturnType<typeof tempProject>;
  /** Sets the dev stage's layers in the project's .calix/config.json. */
  let setLayers: (layers: string[]) => void;
  const summaries = async (): Promise<StackSummary[]> => ((await moto.clients.cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((s) => s.StackName === STACK);
  const status = async () => (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks![0]!.StackStatus;
  const deploy = () => moto.calix(['deploy', '--stage', 'dev'], project.dir, 150_000);

  beforeAll(async () => {
    moto = await startMoto();
    project = tempProject({}, join(repoRoot, 'examples/todo'));
    const config = JSON.parse(readFileSync(join(project.dir, '.calix/config.json'), 'utf8'));
    setLayers = (layers) => {
      config.stages.dev.layers = layers;
      project.write('.calix/config.json', JSON.stringify(config, null, 2));
    };
  });
  afterAll(async () => {
    await moto?.stop();
    project?.remove();
  });

  test('deploy on an account that was never bootstrapped says to run calix bootstrap, and creates nothing', async () => {
    const line = expectOneErrorLine(await moto.calix(['deploy', '--stage', 'dev'], project.dir));
    expect(line).toMatch(/not bootstrapped/);
    expect(line).toContain('`calix bootstrap --stage dev`');
    const live = ((await moto.clients.cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE');
    expect(live).toEqual([]);
  });

  test('a first deploy whose function fails to create rolls back to ROLLBACK_COMPLETE, deletes what it made, and names the resource, the reason and what to do', async () => {
    await moto.bootstrap(project.dir);
    setLayers([MISSING_LAYER]);
    const r = await deploy();
    const line = expectOneErrorLine(r);
    expect(line).toMatch(/^calix: error: deploy of todo-dev failed: CloudFormation could not create AppRouterFunction\w+ and rolled the stack back;/);
    expect(line).toContain('fix the cause below and run `calix deploy --stage dev` again');
    expect(line).toContain('ROLLBACK_COMPLETE');
    expect(line).toContain('`calix delete --stage dev --yes`');
    // The reason follows on an indented line: the resource, its type, its status, Lambda's message.
    expect(r.stderr).toMatch(new RegExp(`^  AppRouterFunction\\w+ \\(AWS::Lambda::Function\\) CREATE_FAILED: .*LayerVersion does not exist .*${MISSING_LAYER}`, 'm'));

    expect(await status()).toBe('ROLLBACK_COMPLETE');
    const events = (await moto.clients.cfn.send(new DescribeStackEventsCommand({ StackName: STACK }))).StackEvents ?? [];
    expect(events.find((e) => e.ResourceStatus === 'CREATE_FAILED')).toMatchObject({ ResourceType: 'AWS::Lambda::Function', ResourceStatusReason: expect.stringContaining(MISSING_LAYER) });
    // Rolled back: the API and the role created before the function are gone again.
    expect((await moto.clients.apigw.send(new GetRestApisCommand({}))).items ?? []).toEqual([]);
    expect(((await moto.clients.lambda.send(new ListFunctionsCommand({}))).Functions ?? []).filter((f) => f.FunctionName?.startsWith(STACK))).toEqual([]);
  });

  test('deploying onto the ROLLBACK_COMPLETE stack: the toolkit deletes it and creates it again (same failure while the cause stays)', async () => {
    const before = (await summaries()).find((s) => s.StackStatus === 'ROLLBACK_COMPLETE')!;
    const line = expectOneErrorLine(await deploy());
    expect(line).toMatch(/could not create AppRouterFunction\w+ and rolled the stack back/);
    const after = await summaries();
    expect(after.find((s) => s.StackId === before.StackId)?.StackStatus).toBe('DELETE_COMPLETE');
    expect(after.filter((s) => s.StackStatus === 'ROLLBACK_COMPLETE').map((s) => s.StackId)).not.toContain(before.StackId);
    expect(await status()).toBe('ROLLBACK_COMPLETE');
  });

  test('`calix delete --stage dev --yes` removes a ROLLBACK_COMPLETE stack, and the fixed app then deploys', async () => {
    const del = await moto.calix(['delete', '--stage', 'dev', '--yes'], project.dir);
    expect(del.code, del.stderr).toBe(0);
    expect((await summaries()).every((s) => s.StackStatus === 'DELETE_COMPLETE')).toBe(true);
    setLayers([]);
    const r = await deploy();
    expect(r.code, r.stderr).toBe(0);
    expect(await status()).toBe('CREATE_COMPLETE');
  });

  test('an update whose function fails rolls back to UPDATE_ROLLBACK_COMPLETE; the previous version still answers', async () => {
    const url = await moto.calix(['url', '--stage', 'dev'], project.dir);
    expect(url.code, url.stderr).toBe(0);
    setLayers([MISSING_LAYER]);
    const r = await deploy();
    const line = expectOneErrorLine(r);
    expect(line).toBe('calix: error: deploy of todo-dev failed and CloudFormation rolled it back (UPDATE_ROLLBACK_COMPLETE): the stack is back on its previous version; fix the cause below and run `calix deploy --stage dev` again');
    expect(r.stderr).toMatch(new RegExp(`^  AppRouterFunction\\w+ \\(AWS::Lambda::Function\\) UPDATE_FAILED: .*LayerVersion does not exist .*${MISSING_LAYER}`, 'm'));
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    const fn = (await moto.clients.lambda.send(new ListFunctionsCommand({}))).Functions!.find((f) => f.FunctionName?.startsWith(STACK) && /Router/.test(f.FunctionName))!;
    expect((await moto.clients.lambda.send(new GetFunctionCommand({ FunctionName: fn.FunctionName }))).Configuration?.Layers ?? []).toEqual([]);
    const again = await moto.calix(['url', '--stage', 'dev'], project.dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(url.stdout);
  });
});
