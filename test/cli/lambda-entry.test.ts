// Calix writes the Lambda entry itself: an app module without `export const handler = app.handler`
// packages into functions whose `index.handler` exists and answers, as deployed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { restApiEvent, scheduledEvent } from '../../src/testing/index.js';
import { runCli, tempProject } from '../helpers/project.js';

const noAws = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
const config = JSON.stringify({ app: 'entry', stages: { dev: {} }, publicRoutes: '*' });
const projects: { remove(): void }[] = [];
afterAll(() => projects.forEach((p) => p.remove()));
const project = (app: string) => {
  const p = tempProject({ '.calix/config.json': config, 'app.ts': app });
  projects.push(p);
  return p;
};

type Fn = { Type: string; Properties: { Handler: string; Code: { S3Key: string }; Environment: { Variables: Record<string, string> } } };

describe('the generated Lambda entry', () => {
  test('an app without a handler export packages, and each function\'s index.handler answers its events', async () => {
    // GIVEN an app module that exports only the app (no `handler`)
    const p = project(
      `import { Calix, Rate } from 'calix';\n` +
        `export const app = new Calix({ name: 'entry' });\n` +
        `app.route('/hello/{name}', (req) => ({ hello: req.params.name }));\n` +
        `app.schedule(Rate.minutes(5), () => ({ swept: true }), { name: 'sweep' });\n`,
    );
    // WHEN packaged
    const r = await runCli(['package'], { cwd: p.dir, env: noAws });
    expect(r.code, r.stderr).toBe(0);
    const out = join(p.dir, '.calix/package/dev');
    const template = JSON.parse(readFileSync(join(out, 'entry-dev.template.json'), 'utf8'));
    const fns = (Object.values(template.Resources) as Fn[]).filter((x) => x.Type === 'AWS::Lambda::Function' && x.Properties.Environment?.Variables?.CALIX_HANDLER);
    expect(fns.map((f) => [f.Properties.Environment.Variables.CALIX_HANDLER, f.Properties.Handler]).sort()).toEqual([['api', 'index.handler'], ['sweep', 'index.handler']]);
    // THEN the staged asset's index.mjs exports `handler`: the router answers an API Gateway event…
    const asset = join(out, `asset.${fns[0]!.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    expect(readdirSync(asset)).toContain('index.mjs');
    const mod = (await import(pathToFileURL(join(asset, 'index.mjs')).href)) as { handler: (e: unknown, c?: unknown) => Promise<any> };
    const res = await mod.handler(restApiEvent({ method: 'GET', path: '/hello/ada', resource: '/hello/{name}', pathParameters: { name: 'ada' } }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ hello: 'ada' });
    // …and the schedule's function (CALIX_HANDLER=sweep) runs the trigger
    expect(await mod.handler(scheduledEvent('sweep'), { [Symbol.for('calix.handler')]: 'sweep' })).toEqual({ swept: true });
  }, 60_000);

  test('a module exporting no Calix app is refused, naming the module and the fix', async () => {
    const p = project(`export const x = 1;\n`);
    const r = await runCli(['routes'], { cwd: p.dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("calix: error: app.ts exports no Calix app; export it: `export const app = new Calix({ name: '…' })`");
  }, 30_000);

  test('two Calix apps without an `app` export are ambiguous; with one named `app`, that one is served', async () => {
    const two = `import { Calix } from 'calix';\nexport const a = new Calix({ name: 'entry' });\nexport const b = new Calix({ name: 'other' });\n`;
    const r = await runCli(['routes', '--json'], { cwd: project(two).dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('calix: error: app.ts exports several Calix apps (a, b); export the one to serve and deploy as `app`');
    const named = two.replace('const a =', 'const app =') + `app.route('/', () => 'x');\n`;
    const ok = await runCli(['routes', '--json'], { cwd: project(named).dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).map((x: { path: string }) => x.path)).toEqual(['/']);
  }, 30_000);
});
