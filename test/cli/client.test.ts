// `calix client` (#15): GIVEN a project, WHEN a typed client is generated, THEN it is a
// self-contained module (paths types + createClient) that a consumer compiles against with tsc —
// wrong paths, parameters and body types fail to compile — and that talks to a real `calix local`.
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLIENT_MARKER } from '../../cli/commands/client.js';
import { repoRoot, runCli, startLocal, tempProject, type RunningServer } from '../helpers/project.js';

// createTodo declares zod schemas: the router validates them, the manifest carries their JSON
// Schemas, and the client's types come from the OpenAPI document built from those.
const APP = `import { Calix, Response } from 'calix';
import { z } from 'zod';
export const app = new Calix({ name: 'shop' });
const NewTodo = z.object({ title: z.string().min(1), prio: z.number().int().min(1), done: z.boolean().default(false), email: z.email().optional() });
const Todo = NewTodo.extend({ id: z.string() });
app.route('/todos/{id}', { name: 'getTodo' }, (req) => ({ id: req.params.id }));
app.route('/todos', { name: 'createTodo', methods: ['POST'], body: NewTodo, headers: z.object({ 'x-request-id': z.string() }), response: { 201: Todo } }, (req) => new Response({ id: '1', ...req.valid.body }, { status: 201 }));
app.route('/health', { name: 'health' }, () => ({ ok: true }));
export const handler = app.handler;
`;
const CONFIG = JSON.stringify({ app: 'shop', publicRoutes: '*', stages: { dev: {} } });

// Compiled without @types/node (as in a browser project): the generated module needs only fetch.
const CONSUMER = `import { createClient } from './api-client.js';
declare const process: { argv: string[] };
const api = createClient(process.argv[2]!);
const one = await api.GET('/todos/{id}', { params: { path: { id: '42' } } });
const created = await api.POST('/todos', { params: { header: { 'x-request-id': 'r1' } }, body: { title: 'milk', prio: 1 } });
const title: string | undefined = created.data?.title;
// The 201 response schema types the data: it has the id the request body lacks.
const id: string | undefined = created.data?.id;
const refused = await api.POST('/todos', { params: { header: { 'x-request-id': 'r1' } }, body: { title: '', prio: 1 } });
const byRouter = await api.POST('/todos', { params: { header: { 'x-request-id': 'r1' } }, body: { title: 'milk', prio: 1, email: 'nope' } });
console.log(JSON.stringify({ one: one.data, created: created.data, title, id, status: created.response.status, refused: { status: refused.response.status, error: refused.error }, byRouter: { status: byRouter.response.status, error: byRouter.error } }));
`;
const WRONG = `import { createClient } from './api-client.js';
const api = createClient('http://127.0.0.1:1');
await api.POST('/todos', { params: { header: { 'x-request-id': 'r1' } }, body: { title: 42, prio: 1 } });
await api.POST('/todos', { body: { title: 'no header', prio: 1 } });
await api.GET('/todos/{id}', {});
await api.GET('/nope');
`;

const tsc = (project: string, args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', ...args], {
    cwd: project,
    encoding: 'utf8',
  });

describe('calix client', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': CONFIG, 'package.json': '{"type":"module"}', 'consumer.ts': CONSUMER, 'wrong.ts': WRONG, 'notes.ts': '// mine\n' });
  // The consumer installs openapi-fetch, as the generated file's header says.
  symlinkSync(join(repoRoot, 'node_modules/openapi-fetch'), join(project.dir, 'node_modules/openapi-fetch'), 'dir');
  afterAll(() => project.remove());

  test('writes a module exporting the paths types and createClient, and regenerates it in place', async () => {
    const r = await runCli(['client', '--out', 'api-client.ts'], { cwd: project.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Typed client written to api-client.ts (it imports openapi-fetch: npm install openapi-fetch@0.17.0)\n');
    const text = readFileSync(join(project.dir, 'api-client.ts'), 'utf8');
    expect(text.startsWith(CLIENT_MARKER)).toBe(true);
    expect(text).toMatch(/^export interface paths \{$/m);
    expect(text).toMatch(/^export function createClient\(baseUrl: string/m);
    expect(text).toContain('"/todos/{id}": {');
    expect(text).toContain("import createFetchClient, { type ClientOptions } from 'openapi-fetch';");
    const again = await runCli(['client', '--out', 'api-client.ts'], { cwd: project.dir });
    expect(again.code).toBe(0);
    expect(readFileSync(join(project.dir, 'api-client.ts'), 'utf8')).toBe(text);
  });

  test('never overwrites a file it did not write; usage mistakes exit 2', async () => {
    const r = await runCli(['client', '--out', 'notes.ts'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to overwrite notes\.ts: it exists and is not a client `calix client` generated\. Nothing was changed/);
    expect(readFileSync(join(project.dir, 'notes.ts'), 'utf8')).toBe('// mine\n');
    const js = await runCli(['client', '--out', 'client.js'], { cwd: project.dir });
    expect(js.code).toBe(2);
    expect(js.stderr).toMatch(/--out client\.js: the client is a TypeScript module; pass a \.ts file/);
    expect((await runCli(['client'], { cwd: project.dir })).code).toBe(2);
    expect((await runCli(['client', '--out', 'missing/dir/c.ts'], { cwd: project.dir })).stderr).toMatch(/the folder missing\/dir does not exist/);
  });

  test('a consumer compiles against it with tsc; wrong bodies, missing parameters and unknown paths do not', () => {
    const ok = tsc(project.dir, ['--outDir', 'out', 'consumer.ts']);
    expect(ok.stdout + ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const wrong = tsc(project.dir, ['--noEmit', 'wrong.ts']);
    expect(wrong.status).not.toBe(0);
    const errors = wrong.stdout.split('\n').filter((l) => l.startsWith('wrong.ts('));
    expect(errors.map((l) => /^wrong\.ts\((\d+),/.exec(l)![1])).toEqual(['3', '4', '5', '6']);
    expect(errors[0]).toMatch(/Type 'number' is not assignable to type 'string'/);
  });

  describe('against calix local', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startLocal([], project.dir);
    }, 30_000);
    afterAll(async () => {
      if (server) expect(await server.stop()).toBe(0);
    });

    test('the compiled consumer calls the API; the edge refuses what the deployed validator would, the router what only its schema checks', () => {
      const run = spawnSync(process.execPath, ['out/consumer.js', server.url], { cwd: project.dir, encoding: 'utf8', timeout: 20_000 });
      expect(run.stderr).toBe('');
      const got = JSON.parse(run.stdout);
      expect({ ...got, byRouter: undefined }).toEqual({
        one: { id: '42' },
        // done: the schema's default, applied by the router before the handler saw the body.
        created: { id: '1', title: 'milk', prio: 1, done: false },
        title: 'milk',
        id: '1',
        status: 201,
        refused: { status: 400, error: { message: 'Invalid request body' } },
        byRouter: undefined,
      });
      // An e-mail format is not checked at the edge (draft-04 models leave formats out): the router's 422.
      expect(got.byRouter.status).toBe(422);
      expect(got.byRouter.error).toMatchObject({ code: 'UnprocessableEntityError', message: 'Request validation failed', issues: [{ in: 'body', path: ['email'] }] });
    });

  });
});
