// Releases in the template (real CDK synthesis, offline): GIVEN an app and a stage, WHEN
// synthesized, THEN every function has a retained version published by this deploy and an alias
// `live` on it, which API Gateway, authorizers and every trigger invoke; a code change makes a new
// version and an unchanged synth the same one; provisionedConcurrency sits on the alias. The
// emulator holds versions and aliases (launcher patches 13 and 14) but ignores provisioned
// concurrency, so that part is asserted here only; test/deploy/releases.test.ts deploys the rest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { functionSettings, readConfig } from '../../project/config.js';
import { stageModel } from '../../project/stage-model.js';
import { cleanup, exampleManifest, logicalId, resources, stageFor, synth, tempDir, type Synth } from './fixtures.js';

afterAll(cleanup);

const manifest = exampleManifest();
const aliasId = (s: Synth, name: string) => logicalId(s.stack, s.calix.aliases[name]!);
const versionIdOf = (s: Synth, name: string) => resources(s.template, 'AWS::Lambda::Alias')[aliasId(s, name)]!.Properties.FunctionVersion['Fn::GetAtt'][0] as string;

describe('a version and a live alias per function', () => {
  const s = synth({ manifest, stage: stageFor(manifest), publicRoutes: '*' });

  test('every function has one retained version of itself, described as a Calix deploy, and the alias live on it', () => {
    const fns = Object.keys(s.calix.functions);
    expect(fns.length).toBeGreaterThan(5);
    const versions = resources(s.template, 'AWS::Lambda::Version');
    const aliases = resources(s.template, 'AWS::Lambda::Alias');
    expect(Object.keys(versions)).toHaveLength(fns.length);
    expect(Object.keys(aliases)).toHaveLength(fns.length);
    for (const name of fns) {
      const fnId = logicalId(s.stack, s.calix.functions[name]!);
      const alias = aliases[aliasId(s, name)]!;
      expect(alias.Properties).toMatchObject({ Name: 'live', FunctionName: { Ref: fnId }, FunctionVersion: { 'Fn::GetAtt': [expect.any(String), 'Version'] } });
      expect(alias.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
      const version = versions[versionIdOf(s, name)]!;
      // Retained when a later deploy's template no longer holds it: calix rollback can reach it.
      expect(version).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { FunctionName: { Ref: fnId }, Description: 'calix deploy' } });
    }
  });

  test("API Gateway's integrations and permission, the authorizers' and every trigger's source name an alias, never a function", () => {
    const aliasIds = new Set(Object.keys(resources(s.template, 'AWS::Lambda::Alias')));
    const fnIds = new Set(Object.keys(resources(s.template, 'AWS::Lambda::Function')).filter((id) => !id.startsWith('BucketNotificationsHandler')));
    const targets: unknown[] = [];
    for (const p of Object.values(resources(s.template, 'AWS::Lambda::Permission'))) targets.push(p.Properties.FunctionName);
    for (const m of Object.values(resources(s.template, 'AWS::Lambda::EventSourceMapping'))) targets.push(m.Properties.FunctionName);
    for (const r of Object.values(resources(s.template, 'AWS::Events::Rule'))) for (const t of r.Properties.Targets) targets.push(t.Arn);
    for (const sub of Object.values(resources(s.template, 'AWS::SNS::Subscription'))) targets.push(sub.Properties.Endpoint);
    for (const n of Object.values(resources(s.template, 'Custom::S3BucketNotifications'))) for (const c of n.Properties.NotificationConfiguration.LambdaFunctionConfigurations) targets.push(c.LambdaFunctionArn);
    const body = JSON.stringify(Object.values(resources(s.template, 'AWS::ApiGateway::RestApi'))[0]!.Properties.Body);
    expect(targets.length).toBeGreaterThan(8);
    for (const text of [...targets.map((t) => JSON.stringify(t)), body]) {
      expect([...aliasIds].some((id) => text.includes(`"${id}"`)), text).toBe(true);
      expect([...fnIds].filter((id) => text.includes(`"${id}"`)), text).toEqual([]);
    }
  });

  test('the same code and settings give the same version; new code or a version-locked setting a new one', () => {
    const again = synth({ manifest, stage: stageFor(manifest), publicRoutes: '*' });
    expect(versionIdOf(again, 'api')).toBe(versionIdOf(s, 'api'));
    const bundle = tempDir('bundle-v2');
    writeFileSync(join(bundle, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200, body: "v2" });\n');
    const newCode = synth({ manifest, stage: stageFor(manifest), publicRoutes: '*', bundleDir: bundle });
    expect(versionIdOf(newCode, 'api')).not.toBe(versionIdOf(s, 'api'));
    const newMemory = synth({ manifest, stage: stageFor(manifest, { lambdaFunctions: { api: { memorySize: 1024 } } }), publicRoutes: '*' });
    expect(versionIdOf(newMemory, 'api')).not.toBe(versionIdOf(s, 'api'));
    expect(versionIdOf(newMemory, 'cleanup')).toBe(versionIdOf(s, 'cleanup'));
  });

  test('no stack output changes with the version: a code-only change stays hotswappable', () => {
    // The toolkit's hotswap publishes the version and moves the alias itself, but refuses any
    // change to an output; the CLI finds the deployed version from Lambda instead.
    const outputs = JSON.stringify(s.template.toJSON().Outputs);
    for (const id of Object.keys(resources(s.template, 'AWS::Lambda::Version'))) expect(outputs).not.toContain(`"${id}"`);
  });

  test('cfn-lint finds no error in the template with versions, aliases and provisioned concurrency', () => {
    const pc = synth({ manifest, stage: stageFor(manifest, { provisionedConcurrency: 2, keepWarm: true }), publicRoutes: '*' });
    const file = join(tempDir('lint'), 'template.json');
    writeFileSync(file, JSON.stringify(pc.template.toJSON()));
    const r = spawnSync('cfn-lint', ['--format', 'parseable', file], { encoding: 'utf8' });
    if (r.error) throw new Error(`cfn-lint is not installed here (${r.error.message}); see notes on the machine`);
    expect(r.status! & 2, r.stdout).toBe(0);
  });
});

describe('provisionedConcurrency', () => {
  const pcOf = (s: Synth, name: string) => resources(s.template, 'AWS::Lambda::Alias')[aliasId(s, name)]!.Properties.ProvisionedConcurrencyConfig;

  test("the stage's value is the router's live alias's; a function sets its own under lambdaFunctions", () => {
    const s = synth({ manifest, stage: stageFor(manifest, { provisionedConcurrency: 3, lambdaFunctions: { work: { provisionedConcurrency: 1 } } }), publicRoutes: '*' });
    expect(pcOf(s, 'api')).toEqual({ ProvisionedConcurrentExecutions: 3 });
    expect(pcOf(s, 'work')).toEqual({ ProvisionedConcurrentExecutions: 1 });
    expect(pcOf(s, 'cleanup')).toBeUndefined();
    // On the alias, not the version: a new version does not re-provision by itself.
    for (const v of Object.values(resources(s.template, 'AWS::Lambda::Version'))) expect(v.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    const off = synth({ manifest, stage: stageFor(manifest, { provisionedConcurrency: 0 }), publicRoutes: '*' });
    expect(pcOf(off, 'api')).toBeUndefined();
  });

  test('more provisioned than reserved executions is a synth error naming the function and the fix', () => {
    expect(() => synth({ manifest, stage: stageFor(manifest, { provisionedConcurrency: 5, reservedConcurrency: 2 }), publicRoutes: '*' })).toThrow(
      /lambdaFunctions\.api: provisionedConcurrency 5 exceeds reservedConcurrency 2; Lambda refuses more provisioned than reserved executions/,
    );
    expect(stageModel(manifest, stageFor(manifest, { provisionedConcurrency: -1 })).problems).toContain('lambdaFunctions.api: provisionedConcurrency -1 must be an integer of at least 0 (0 = none)');
  });
});

describe('the config keys', () => {
  const read = (stage: unknown): { config?: ReturnType<typeof readConfig>; error?: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'calix-releases-'));
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ app: 'shop', stages: { dev: stage } }));
      return { config: readConfig(join(dir, 'config.json')) };
    } catch (e) {
      return { error: (e as Error).message };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test('provisionedConcurrency is an integer of at least 0; releases.keep an integer from 1', () => {
    expect(read({ provisionedConcurrency: 2, releases: { keep: 5 }, lambdaFunctions: { work: { provisionedConcurrency: 1 } } }).error).toBeUndefined();
    expect(read({ provisionedConcurrency: -1 }).error).toMatch(/stages\.dev\.provisionedConcurrency: .*>=0/s);
    expect(read({ provisionedConcurrency: 1.5 }).error).toMatch(/stages\.dev\.provisionedConcurrency: expected int/s);
    expect(read({ releases: { keep: 0 } }).error).toMatch(/stages\.dev\.releases\.keep: .*>=1/s);
    expect(read({ releases: { kept: 3 } }).error).toMatch(/stages\.dev\.releases\.kept: unknown key; did you mean "keep"\?/);
  });

  test('keep defaults to 10; the stage model carries it and the alias name', () => {
    expect(stageModel(manifest, stageFor(manifest)).releases).toEqual({ alias: 'live', keep: 10 });
    expect(stageModel(manifest, stageFor(manifest, { releases: { keep: 3 } })).releases).toEqual({ alias: 'live', keep: 3 });
    expect(stageModel(manifest, stageFor(manifest, { releases: { keep: 0 } })).problems).toContain('releases.keep 0 must be an integer from 1 to 1000 (versions kept per function for calix rollback)');
    expect(functionSettings(stageFor(manifest, { provisionedConcurrency: 4 }), 'api').provisionedConcurrency).toBe(4);
    expect(functionSettings(stageFor(manifest, { provisionedConcurrency: 4 }), 'cleanup').provisionedConcurrency).toBe(0);
  });
});
