// docs/auth.md's example app, taken from the page itself: it type-checks (strict) as a user's
// project would, and behaves as the page says.
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestClient } from '../../src/testing/index.js';
import { repoRoot, runCli, tempProject } from '../helpers/project.js';

const doc = readFileSync(join(repoRoot, 'docs/auth.md'), 'utf8');
const example = /<!-- example: app\.ts -->\n```ts\n([\s\S]*?)```/.exec(doc)?.[1];

describe('docs/auth.md example', () => {
  const project = tempProject({
    'app.ts': example ?? '',
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, include: ['*.ts'] }),
    '.calix/config.json': JSON.stringify({ app: 'shop', stages: { dev: {} } }),
  });
  let client: ReturnType<typeof createTestClient>;
  let app: any;
  beforeAll(async () => {
    symlinkSync(join(repoRoot, 'node_modules/@types'), join(project.dir, 'node_modules/@types'), 'dir');
    ({ app } = await import(join(project.dir, 'app.ts')));
    client = createTestClient(app);
  });
  afterAll(() => project.remove());

  test('is on the page', () => {
    expect(example).toContain("export const app = new Calix({ name: 'shop', authorizer: users });");
  });

  test('type-checks under strict', () => {
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project.dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
  });

  test('routes get the authorizers the page describes', async () => {
    const r = await runCli(['routes', '--json'], { cwd: project.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(Object.fromEntries((JSON.parse(r.stdout) as { path: string; authorizer: string | null }[]).map((x) => [x.path, x.authorizer]))).toEqual({
      '/': null, '/me': 'users', '/orders': 'writers', '/admin/stats': 'users', '/internal/reindex': 'iam', '/reports': 'apiKeys', '/reports/{id}': 'apiKeys',
    });
  });

  test('handlers read req.auth', async () => {
    expect((await client.http.get('/me', { claims: { sub: 'u1', email: 'ada@example.com', 'cognito:groups': 'admins,readers' } })).json()).toEqual({
      sub: 'u1', email: 'ada@example.com', groups: ['admins', 'readers'],
    });
    expect((await client.http.get('/admin/stats', { claims: { sub: 'u1', 'cognito:groups': 'readers' } })).status).toBe(403);
    expect((await client.http.post('/orders', { claims: { sub: 'u1', scope: 'orders/write' } })).json()).toEqual({ by: 'u1', scopes: ['orders/write'] });
  });

  test('the custom authorizer allows its key on the listed routes and refuses others with 401', async () => {
    process.env.REPORTS_KEY = 'k-123';
    try {
      const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/api/GET/reports/7';
      expect(await app.handler({ type: 'TOKEN', authorizationToken: 'k-123', methodArn })).toMatchObject({
        principalId: 'reporting-service',
        context: { team: 'analytics' },
        policyDocument: { Statement: [{ Effect: 'Allow', Resource: ['arn:aws:execute-api:us-east-1:123456789012:abc123/api/*/reports/*', 'arn:aws:execute-api:us-east-1:123456789012:abc123/api/GET/reports'] }] },
      });
      await expect(app.handler({ type: 'TOKEN', authorizationToken: 'wrong', methodArn })).rejects.toThrow('Unauthorized');
    } finally {
      delete process.env.REPORTS_KEY;
    }
  });
});
