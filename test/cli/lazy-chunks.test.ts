// A Lambda bundle (project/lazy-chunks.ts): index.mjs is what a cold start loads, and the
// code needed only for some events (path-to-regexp, for a Function URL request the router must
// match itself) sits in chunk files beside it, loaded with import() on first need. Real packaged
// bundles, imported and invoked.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { bundleApp } from '../../project/app-loader.js';
import { functionUrlEvent, httpApiEvent, restApiEvent } from '../../src/testing/index.js';
import { runCli, tempProject } from '../helpers/project.js';

const noAws = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
// A Function URL on a REST stage: the router takes payload 1.0 and 2.0 events (project/subsystems.ts).
const config = JSON.stringify({ app: 'slim', stages: { dev: { functionUrl: { auth: 'NONE' } } }, publicRoutes: '*' });
const app = `import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\napp.route('/hello/{name}', (req) => ({ hello: req.params.name }));\n`;
const projects: { remove(): void }[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

type Handler = (e: unknown, c?: unknown) => Promise<{ statusCode: number; body: string }>;
const sourcesOf = (map: string) => (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources.map((s) => s.replace(/\\/g, '/'));
const handlerOf = async (dir: string) => ((await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler: Handler }).handler;

describe('a routes-only app\'s Lambda bundle loads path-to-regexp only when a request needs matching', async () => {
  const p = tempProject({ '.calix/config.json': config, 'app.ts': app });
  projects.push(p);
  const r = await runCli(['package'], { cwd: p.dir, env: noAws });
  const out = join(p.dir, '.calix/package/dev');
  const asset = r.code === 0 ? join(out, readdirSync(out).find((f) => f.startsWith('asset.') && readdirSync(join(out, f)).includes('index.mjs'))!) : '';

  test('the packaged asset has path-to-regexp in a chunk of its own, with its source map, not in index.mjs', () => {
    expect(r.code, r.stderr).toBe(0);
    const chunks = readdirSync(join(asset, 'chunks'));
    expect(sourcesOf(join(asset, 'index.mjs.map')).filter((s) => s.includes('path-to-regexp') || s.includes('routing/match'))).toEqual([]);
    // A cold start reads one file: index.mjs imports no chunk statically (only with import()).
    const entry = readFileSync(join(asset, 'index.mjs'), 'utf8');
    expect(entry).not.toMatch(/(from|import)\s*["']\.\/chunks\//);
    expect(entry).toMatch(/import\(["']\.\/chunks\/match-[0-9A-Z]{8}\.mjs["']\)/);
    const holding = chunks.filter((c) => c.endsWith('.mjs.map') && sourcesOf(join(asset, 'chunks', c)).some((s) => s.includes('node_modules/path-to-regexp/')));
    expect(holding).toHaveLength(1);
    expect(sourcesOf(join(asset, 'chunks', holding[0]!)).some((s) => s.endsWith('src/routing/match.ts'))).toBe(true);
    expect(chunks).toContain(holding[0]!.replace(/\.map$/, ''));
  });

  test('REST and HTTP API events (already matched by API Gateway) are answered without the chunk; a Function URL event loads it and gets its parameters', async () => {
    expect(r.code, r.stderr).toBe(0);
    const matcher = readdirSync(join(asset, 'chunks')).find((c) => c.endsWith('.mjs') && readFileSync(join(asset, 'chunks', c), 'utf8').includes('pathToRegexp'))!;
    // A copy of the asset without the matcher's chunk: anything that loads it fails.
    const copy = join(p.dir, 'copy');
    cpSync(asset, copy, { recursive: true });
    rmSync(join(copy, 'chunks', matcher));
    const withoutMatcher = await handlerOf(copy);
    const rest = await withoutMatcher(restApiEvent({ method: 'GET', path: '/hello/ada', resource: '/hello/{name}', pathParameters: { name: 'ada' } }));
    expect([rest.statusCode, JSON.parse(rest.body)]).toEqual([200, { hello: 'ada' }]);
    const http = await withoutMatcher(httpApiEvent({ method: 'GET', path: '/hello/ada', resource: '/hello/{name}', pathParameters: { name: 'ada' } }));
    expect([http.statusCode, JSON.parse(http.body)]).toEqual([200, { hello: 'ada' }]);
    await expect(withoutMatcher(functionUrlEvent({ method: 'GET', path: '/hello/ada' }))).rejects.toThrow(/Cannot find module .*chunks/);

    const handler = await handlerOf(asset);
    for (const name of ['ada', 'grace%20hopper']) {
      const url = await handler(functionUrlEvent({ method: 'GET', path: `/hello/${name}` }));
      expect([url.statusCode, JSON.parse(url.body)]).toEqual([200, { hello: decodeURIComponent(name) }]);
    }
    expect((await handler(functionUrlEvent({ method: 'GET', path: '/nowhere/x' }))).statusCode).toBe(404);
  });
});

test('a Lambda build removes the chunks an earlier build wrote, and nothing else in that folder', async () => {
  const p = tempProject({ 'app.ts': app });
  projects.push(p);
  const outDir = join(p.dir, 'build');
  mkdirSync(join(outDir, 'chunks'), { recursive: true });
  const stale = ['chunks/match-ABCDEFGH.mjs', 'chunks/match-ABCDEFGH.mjs.map', 'index.mjs', 'index.mjs.map'];
  const mine = ['notes.txt', 'chunks/mine.mjs', 'chunks/readme-ABCDEFGH.txt', 'index.js'];
  for (const f of [...stale, ...mine]) writeFileSync(join(outDir, f), `// ${f}\n`);
  const { outfile } = await bundleApp(p.dir, 'app.ts', outDir, true);
  for (const f of mine) expect(readFileSync(join(outDir, f), 'utf8'), f).toBe(`// ${f}\n`);
  expect(existsSync(join(outDir, 'chunks/match-ABCDEFGH.mjs'))).toBe(false);
  expect(existsSync(join(outDir, 'chunks/match-ABCDEFGH.mjs.map'))).toBe(false);
  expect(readFileSync(outfile, 'utf8')).toContain('./chunks/');
  // A dev build is one file; the Lambda build's chunks go, the user's files stay, and so does a chunk folder that still holds them.
  await bundleApp(p.dir, 'app.ts', outDir, false);
  expect(readdirSync(join(outDir, 'chunks')).sort()).toEqual(['mine.mjs', 'readme-ABCDEFGH.txt']);
  rmSync(join(outDir, 'chunks/mine.mjs'));
  rmSync(join(outDir, 'chunks/readme-ABCDEFGH.txt'));
  await bundleApp(p.dir, 'app.ts', outDir, true);
  await bundleApp(p.dir, 'app.ts', outDir, false);
  expect(existsSync(join(outDir, 'chunks'))).toBe(false);
  // The dev bundle's source map is inline: the Lambda build's index.mjs.map went too.
  expect(readdirSync(outDir).sort()).toEqual(['index.js', 'index.mjs', 'notes.txt']);
}, 60_000);
