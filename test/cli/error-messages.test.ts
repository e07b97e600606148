// Errors that say why: config syntax with line and column, enum-ish keys with their allowed
// values, and synthesis failures with every message Calix and CDK produced (not "Assembly
// builder failed"). Config checks run in-process on real files; synthesis through the CLI.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readConfig } from '../../project/config.js';
import { runCli, tempProject } from '../helpers/project.js';

const configError = (text: string): string => {
  const p = tempProject({ '.calix/config.json': text });
  try {
    readConfig(join(p.dir, '.calix/config.json'));
    return '';
  } catch (e) {
    return (e as Error).message;
  } finally {
    p.remove();
  }
};

describe('.calix/config.json errors', () => {
  test('a syntax error gives file:line:column, not a character position', () => {
    const m = configError('{\n  "app": "shop",\n  "stages": { "dev": {}, }\n}\n');
    expect(m).toMatch(/config\.json:3:26: not valid JSON: .*Fix the syntax at line 3, column 26/);
    expect(m).not.toMatch(/position/);
  });

  test('a file cut short points at its end', () => {
    expect(configError('{\n  "app": "shop",\n')).toMatch(/config\.json:3:1: not valid JSON/);
  });

  test('logRetention: 15 lists the allowed values and the value given', () => {
    const m = configError(JSON.stringify({ app: 'shop', stages: { dev: { logRetention: 15 } } }));
    expect(m).toContain('stages.dev.logRetention: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 15)');
    expect(m).not.toMatch(/Invalid input/);
  });

  test.each([
    [{ architecture: 'arm' }, 'architecture: must be one of "arm64", "x86_64" (got "arm")'],
    [{ runtime: 'nodejs18.x' }, 'runtime: must be one of "nodejs20.x", "nodejs22.x", "nodejs24.x" (got "nodejs18.x")'],
    [{ apiGatewayEndpointType: 'PUBLIC' }, 'apiGatewayEndpointType: must be one of "EDGE", "REGIONAL", "PRIVATE" (got "PUBLIC")'],
    [{ publicRoutes: 5 }, 'publicRoutes: expected "*" or an array of route names (got 5)'],
    [{ iamPolicy: [{ effect: 'Perhaps', actions: ['s3:GetObject'], resources: ['*'] }] }, 'iamPolicy.0.effect: must be one of "Allow", "Deny" (got "Perhaps")'],
    [{ apiGatewayResourceQuota: 100 }, 'apiGatewayResourceQuota: Too small: expected number to be >=300 (got 100)'],
    [{ apiPolicy: { Statement: 'all' } }, 'apiPolicy.Statement: expected an array of IAM policy statements'],
    [{ api: { type: 'websocket' } }, 'api.type: must be one of "rest", "http" (got "websocket")'],
    [{ api: { typ: 'http' } }, 'api.typ: unknown key; did you mean "type"?'],
  ])('%j names the key, the allowed values and the value given', (stage, expected) => {
    const m = configError(JSON.stringify({ app: 'shop', stages: { dev: stage } }));
    expect(m).toContain(`stages.dev.${expected}`);
    expect(m).not.toMatch(/Invalid input/);
  });

  test('"version" must be 1', () => {
    expect(configError(JSON.stringify({ version: 2, app: 'shop', stages: { dev: {} } }))).toContain('version: must be 1 (got 2)');
  });

  test('a misspelt key of an authorizer named "api" is hinted with authorizer keys, not api.type', () => {
    expect(configError(JSON.stringify({ app: 'shop', stages: { dev: { authorizers: { api: { userPoolIdd: 'x' } } } } }))).toContain('stages.dev.authorizers.api.userPoolIdd: unknown key; did you mean "userPoolId"?');
  });

  test('api.type is accepted at the top and per stage', () => {
    expect(configError(JSON.stringify({ app: 'shop', api: { type: 'http' }, stages: { dev: { api: { type: 'rest' } }, web: { api: { type: 'http' } } } }))).toBe('');
  });

  test('an api object without its type names the key and the allowed values', () => {
    expect(configError(JSON.stringify({ app: 'shop', stages: { web: { api: {} } } }))).toContain('stages.web.api.type: must be one of "rest", "http"');
  });

  test('apiPolicy and apiGatewayResourceQuota are accepted', () => {
    expect(configError(JSON.stringify({ app: 'shop', apiGatewayResourceQuota: 600, stages: { dev: { apiPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] } } } }))).toBe('');
  });
});

describe('synthesis failures say why', () => {
  const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'shop' });
app.route('/', () => ({ ok: true }));
export const handler = app.handler;
`;
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': '{}' });
  afterAll(() => project.remove());

  test('every Calix problem, with the construct path and the fix, as one calix: error', async () => {
    writeFileSync(
      join(project.dir, '.calix/config.json'),
      JSON.stringify({ app: 'shop', publicRoutes: ['indx'], apiGatewayEndpointType: 'PRIVATE', stages: { dev: { lambdaFunctions: { apii: { memorySize: 256 } } } } }),
    );
    const r = await runCli(['package'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/^calix: error:/gm)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/Assembly builder failed|^\s+at /m);
    expect(r.stderr).toMatch(/^calix: error: synthesis failed:\n {2}\[shop-dev\/App\] lambdaFunctions\.apii matches no function; functions are: api/m);
    expect(r.stderr).toMatch(/^ {2}\[shop-dev\/App\] apiGatewayEndpointType PRIVATE needs a resource policy \(the apiPolicy prop\).*Set "apiPolicy" in \.calix\/config\.json/m);
    expect(r.stderr).toMatch(/^ {2}\[shop-dev\/App\] publicRoutes names "indx" match no route; routes are: get_root$/m);
  });

  test('a CDK validation error (401 API Gateway resources) with the quota and the key that raises it', async () => {
    const wide = `import { Calix } from 'calix';
export const app = new Calix({ name: 'shop' });
for (let i = 0; i < 400; i++) app.route('/p' + i, { name: 'p' + i }, () => i);
export const handler = app.handler;
`;
    writeFileSync(join(project.dir, 'wide.ts'), wide);
    writeFileSync(join(project.dir, '.calix/config.json'), JSON.stringify({ app: 'shop', main: 'wide.ts', publicRoutes: '*', stages: { dev: {} } }));
    const r = await runCli(['package', '--out', 'out-wide'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr.match(/^calix: error:/gm)).toHaveLength(1);
    expect(existsSync(join(project.dir, 'out-wide')), 'the folder the failed run created is gone').toBe(false);
    expect(r.stderr).toMatch(/^calix: error: synthesis failed:\n {2}\[shop-dev\/App\] the API needs 401 API Gateway resources .*default quota AWS raises on request.*"apiGatewayResourceQuota"/m);
  }, 120_000);
});
