// The deploy record's fingerprint (cli/deploy/deployed.ts): what `deploy --hotswap` compares to
// know that only the code changed. Each part is named, so a refused hotswap says what changed.
import { describe, expect, test } from 'vitest';
import { changedInputs, inputFingerprint, templateFingerprint } from '../../cli/deploy/deployed.js';
import { defaultStageConfig } from '../../infra/stack.js';
import { Calix } from '../../src/index.js';

function manifest(extraRoute = false) {
  const app = new Calix({ name: 'fp' });
  app.route('/', () => ({ hello: 'world' }));
  if (extraRoute) app.route('/more', () => 'more');
  app.lambdaFunction('calc', async (p: { a: number }) => p.a);
  return app.manifest();
}
const stage = defaultStageConfig({ app: 'fp' });

describe('inputFingerprint', () => {
  test('the same app and stage give the same hashes, whatever the handlers do', () => {
    const other = new Calix({ name: 'fp' });
    other.route('/', () => ({ hello: 'changed code' }));
    other.lambdaFunction('calc', async (p: { a: number }) => p.a * 2);
    expect(inputFingerprint(other.manifest(), stage)).toEqual(inputFingerprint(manifest(), stage));
    expect(changedInputs(inputFingerprint(manifest(), stage), inputFingerprint(manifest(), stage))).toEqual([]);
  });

  test('a setting names the functions it reaches and the stage config; one function\'s setting only that function', () => {
    const before = inputFingerprint(manifest(), stage);
    expect(changedInputs(before, inputFingerprint(manifest(), { ...stage, memorySize: 1024 }))).toEqual(["function api's settings", "function calc's settings", 'the stage config']);
    expect(changedInputs(before, inputFingerprint(manifest(), { ...stage, lambdaFunctions: { calc: { timeout: 60 } } }))).toEqual(["function calc's settings", 'the stage config']);
    expect(changedInputs(before, inputFingerprint(manifest(), { ...stage, environmentVariables: { MODE: 'x' } }))).toContain("function api's settings");
  });

  test('a new route changes the manifest and the API; a new function adds its part', () => {
    const before = inputFingerprint(manifest(), stage);
    expect(changedInputs(before, inputFingerprint(manifest(true), stage))).toEqual(['the manifest (routes, triggers, authorizers)', 'the API settings']);
    const more = new Calix({ name: 'fp' });
    more.route('/', () => ({ hello: 'world' }));
    more.lambdaFunction('calc', async (p: { a: number }) => p.a);
    more.lambdaFunction('extra', async () => 1);
    expect(changedInputs(before, inputFingerprint(more.manifest(), stage))).toEqual(['the manifest (routes, triggers, authorizers)', "function extra's settings"]);
  });
});

describe('templateFingerprint', () => {
  test('whitespace does not count, content does', () => {
    const t = { Resources: { A: { Type: 'AWS::SNS::Topic' } } };
    expect(templateFingerprint(JSON.stringify(t))).toBe(templateFingerprint(JSON.stringify(t, null, 2)));
    expect(templateFingerprint(JSON.stringify(t))).not.toBe(templateFingerprint(JSON.stringify({ Resources: { B: { Type: 'AWS::SNS::Topic' } } })));
    expect(templateFingerprint('Resources: {}')).toMatch(/^[0-9a-f]{64}$/); // YAML is hashed as text
  });
});
