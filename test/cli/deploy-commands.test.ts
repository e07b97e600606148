import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, runCli, tempProject } from '../helpers/project.js';

// Nothing here may reach AWS: no credentials anywhere, no instance metadata.
const noAws = {
  AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1',
};

const project = tempProject({}, join(repoRoot, 'examples/todo'));
afterAll(() => project.remove());

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
const template = (dir: string): Template => {
  const file = readdirSync(dir).find((f) => f.endsWith('.template.json'))!;
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
};

describe('calix package', () => {
  test('writes a cloud assembly and prints a summary, with no credentials', async () => {
    const r = await runCli(['package'], { cwd: project.dir, env: noAws });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Stack\s+todo-dev/);
    expect(r.stdout).toMatch(/Functions\s+1 \(the router \+ 0 more\), bundle [\d.]+ KB/);
    expect(r.stdout).toMatch(/Routes\s+6/);
    expect(r.stdout).toMatch(/Resources\s+\d+/);
    expect(r.stdout).not.toMatch(/Warning/);
    const dir = join(project.dir, '.calix/package/dev');
    const t = template(dir);
    const types = Object.values(t.Resources).map((x) => x.Type);
    expect(types.filter((x) => x === 'AWS::Lambda::Permission')).toHaveLength(1);
    const api = Object.values(t.Resources).find((x) => x.Type === 'AWS::ApiGateway::RestApi')!;
    expect(Object.keys(api.Properties.Body.paths).sort()).toEqual(['/', '/v1/todos', '/v1/todos/{id}']);
    expect(Object.keys(api.Properties.Body.paths['/v1/todos/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete', 'options']));
    expect(existsSync(join(project.dir, '.calix/deployed'))).toBe(false);
  }, 60_000);

  test('--out chooses the folder; routes without authorizer are reported unless declared public', async () => {
    const p = tempProject({
      'app.ts': "import { Calix } from 'calix';\nexport const app = new Calix({ name: 'open' });\napp.route('/', () => 1);\napp.route('/admin', function admin() { return 2; });\nexport const handler = app.handler;\n",
      '.calix/config.json': JSON.stringify({ app: 'open', publicRoutes: ['get_root'], stages: { dev: {} } }),
    });
    try {
      const r = await runCli(['package', '--out', 'assembly'], { cwd: p.dir, env: noAws });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Warning: 1 route\(s\) have no authorizer and are not declared public:\n\s+GET\s+\/admin \(admin\)/);
      expect(r.stdout).toMatch(/Cloud assembly written to assembly/);
      expect(existsSync(join(p.dir, 'assembly/manifest.json'))).toBe(true);
    } finally {
      p.remove();
    }
  }, 60_000);
});

describe('calix deploy / delete / url / logs without AWS credentials', () => {
  test('deploy fails with a message that says how to configure credentials, exit 1, nothing deployed', async () => {
    const r = await runCli(['deploy'], { cwd: project.dir, env: noAws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/calix: error: cannot deploy: no AWS credentials/);
    expect(r.stderr).toMatch(/aws configure/);
    expect(r.stderr).toMatch(/Nothing was deployed; the synthesized assembly is in/);
    expect(existsSync(join(project.dir, '.calix/package/dev/manifest.json'))).toBe(true);
    expect(existsSync(join(project.dir, '.calix/deployed'))).toBe(false);
  }, 60_000);

  test('delete asks for --yes when it cannot prompt, and needs credentials', async () => {
    const noYes = await runCli(['delete'], { cwd: project.dir, env: noAws });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/refusing to delete todo-dev without confirmation: run `calix delete --stage dev --yes`/);
    const r = await runCli(['delete', '--yes'], { cwd: project.dir, env: noAws });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot delete: no AWS credentials/);
  }, 60_000);

  test('invoke --remote needs a deploy record; --timeout belongs to --remote', async () => {
    const remote = await runCli(['invoke', 'api', '--remote'], { cwd: project.dir, env: noAws });
    expect(remote.code).toBe(1);
    expect(remote.stderr).toMatch(/^calix: error: stage "dev" has not been deployed from this project .* run `calix deploy --stage dev` first\n$/);
    const local = await runCli(['invoke', 'api', '--timeout', '5m'], { cwd: project.dir, env: noAws });
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/--timeout applies to --remote only/);
  });

  test('url and logs need a deployed stage', async () => {
    for (const cmd of [['url'], ['logs']]) {
      const r = await runCli(cmd, { cwd: project.dir, env: noAws });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/stage "dev" has not been deployed from this project .* run `calix deploy --stage dev` first/);
    }
    const bad = await runCli(['logs', '--since', 'yesterday'], { cwd: project.dir, env: noAws });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since must look like 30s, 15m, 2h or 1d/);
  });

  test('url and logs read what deploy recorded; logs without credentials says how to get them', async () => {
    const p = tempProject({}, join(repoRoot, 'examples/todo'));
    try {
      p.write('.calix/deployed/dev.json', JSON.stringify({
        stackName: 'todo-dev', region: 'us-east-1', deployedAt: '2026-11-25T00:00:00Z', url: 'https://abc123.execute-api.us-east-1.amazonaws.com/api/',
        outputs: {}, functions: { api: { functionName: 'todo-dev-api', logGroupName: '/calix/todo-dev/api' } },
      }));
      const url = await runCli(['url'], { cwd: p.dir, env: noAws });
      expect(url.code).toBe(0);
      expect(url.stdout).toBe('https://abc123.execute-api.us-east-1.amazonaws.com/api/\n');
      const unknown = await runCli(['logs', '--function', 'nope'], { cwd: p.dir, env: noAws });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/no function "nope" in todo-dev; deployed functions: api/);
      const logs = await runCli(['logs'], { cwd: p.dir, env: noAws });
      expect(logs.code).toBe(1);
      expect(logs.stderr).toMatch(/cannot read logs: no AWS credentials\. To fix, configure AWS credentials/);
    } finally {
      p.remove();
    }
  }, 30_000);
});

describe('calix openapi', () => {
  test('prints the OpenAPI document with API Gateway extensions, or without them', async () => {
    const r = await runCli(['openapi'], { cwd: project.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(doc.paths['/v1/todos/{id}'].get['x-amazon-apigateway-integration'].type).toBe('aws_proxy');
    const plain = await runCli(['openapi', '--no-extensions', '--out', 'openapi.json'], { cwd: project.dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('OpenAPI document written to openapi.json\n');
    const text = readFileSync(join(project.dir, 'openapi.json'), 'utf8');
    expect(text).not.toContain('x-amazon-apigateway');
    expect(JSON.parse(text).paths['/v1/todos'].post.operationId).toBe('post_v1_todos');
  });
});
