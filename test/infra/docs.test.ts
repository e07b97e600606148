// docs/infrastructure.md's CDK app example runs as written: GIVEN the example (with `calix/cdk`
// pointing at this checkout) and a small app.ts, WHEN run with node, THEN it synthesizes a stack
// with the Calix app and the user's own table, wired together.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, test } from 'vitest';

const root = process.cwd();
const doc = readFileSync(join(root, 'docs/infrastructure.md'), 'utf8');
const example = /<!-- example: cdk-app\.ts -->\n```ts\n([\s\S]*?)```/.exec(doc)?.[1];
// Under the repository so the example's own imports (aws-cdk-lib, esbuild) resolve from node_modules.
const dir = join(root, '.tmp', `infra-docs-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the CalixApp example in docs/infrastructure.md synthesizes', async () => {
  expect(example).toBeDefined();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'app.ts'),
    `import { Calix } from ${JSON.stringify(join(root, 'src/index.ts'))};\n` +
      `export const app = new Calix({ name: 'todo' });\n` +
      `app.route('/', { name: 'index' }, () => ({ hello: 'world' }));\n` +
      `export const handler = app.handler;\n`,
  );
  writeFileSync(join(dir, 'example.ts'), example!.replace(`from 'calix/cdk'`, `from ${JSON.stringify(join(root, 'infra/index.ts'))}`));
  // Local sources are bundled; packages stay imports, as in a user's project.
  await build({ entryPoints: [join(dir, 'example.ts')], outfile: join(dir, 'example.mjs'), bundle: true, packages: 'external', format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  const outdir = join(dir, 'cdk.out');
  execFileSync(process.execPath, [join(dir, 'example.mjs')], {
    cwd: dir,
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_VALIDATION: 'false', AWS_EC2_METADATA_DISABLED: 'true' },
    stdio: 'pipe',
  });
  const template = JSON.parse(readFileSync(join(outdir, 'TodoProd.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: any }> };
  const byType = (t: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === t);
  expect(byType('AWS::ApiGateway::RestApi')).toHaveLength(1);
  const tables = byType('AWS::DynamoDB::GlobalTable');
  const routers = byType('AWS::Lambda::Function').filter(([id]) => id.startsWith('ApiRouter'));
  expect(tables).toHaveLength(1);
  expect(routers).toHaveLength(1);
  const tableId = tables[0]![0];
  const router = routers[0]![1];
  expect(router.Properties).toMatchObject({ MemorySize: 1024, Runtime: 'nodejs24.x', Environment: { Variables: { TABLE: { Ref: tableId }, CALIX_HANDLER: 'api' } } });
  // table.grantReadWriteData(api.router) landed on the router's own role.
  const policies = byType('AWS::IAM::Policy').map(([, p]) => JSON.stringify(p.Properties));
  expect(policies.some((p) => p.includes('dynamodb:PutItem') && p.includes(router.Properties.Role['Fn::GetAtt'][0]))).toBe(true);
  expect(readdirSync(join(dir, 'build/todo')).sort()).toEqual(['index.mjs', 'index.mjs.map']);
});
