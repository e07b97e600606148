// `calix client` (#15): GIVEN a project, WHEN a typed client is generated, THEN it is a
// self-contained module (paths types + createClient) that a consumer compiles against with tsc —
// wrong paths, parameters and body types fail to compile — and that talks to a real `calix local`.
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLIENT_MARKER } from '../../cli/commands/client.js';
import { repoRoot, runCli, startLocal, tempProject, type RunningServer } from '../helpers/project.js';

// Until routes declare schemas themselves (the runtime half of #15), this app's manifest carries
// createTodo's schemas exactly as the runtime will write them (route.schemas, JSON Schema).
const APP = `import { Calix, Response } from 'calix';
export const app = new Calix({ name: 'shop' });
app.route('/todos/{id}', { name: 'getTodo' }, (req) => ({ id: req.params.id }));
app.route('/todos', { name: 'createTodo', methods: ['POST'] }, (req) => new Response({ id: '1', ...req.json<object>() }, { status: 201 }));
app.route('/health', { name: 'health' }, () => ({ ok: true }));
const NewTodo = { type: 'object', properties: { title: { type: 'string', minLength: 1 }, prio: { type: 'integer', minimum: 1 }, done: { type: 'boolean', default: false } }, required: ['title', 'prio'] };
const manifest = app.manifest.bind(app);
app.manifest = () => {
  const m = manifest();
  const route = m.routes.find((r) => r.name === 'createTodo') as any;
  route.schemas = {
    body: { jsonSchema: NewTodo },
    headers: { jsonSchema: { type: 'object', properties: { 'x-request-id': { type: 'string' } }, required: ['x-request-id'] } },
    responses: { '201': { jsonSchema: { ...NewTodo, properties: { ...NewTodo.properties, id: { type: 'string' } }, required: ['id', 'title', 'prio'] } } },
  };
  return m;
};
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
const refused = await api.POST('/todos', { params: { header: { 'x-request-id': 'r1' } }, body: { title: '', prio: 1 } });
console.log(JSON.stringify({ one: one.data, created: created.data, title, status: created.response.status, refused: { status: refused.response.status, error: refused.error } }));
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

    test('the compiled consumer calls the API; the edge refuses what the deployed validator would', () => {
      const run = spawnSync(process.execPath, ['out/consumer.js', server.url], { cwd: project.dir, encoding: 'utf8', timeout: 20_000 });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        one: { id: '42' },
        created: { id: '1', title: 'milk', prio: 1 },
        title: 'milk',
        status: 201,
        refused: { status: 400, error: { message: 'Invalid request body' } },
      });
    });

    // Needs the runtime half of #15 (route options body/headers/response with a real zod schema):
    // replace APP's manifest patch with `app.route('/todos', { body: NewTodo, headers: ..., response: { 201: Todo } }, ...)`
    // and assert that a body the edge lets through but the schema refuses (e.g. title: 'x'.repeat(101)
    // with z.string().max(100) and the model's maxLength dropped... or an e-mail format) comes back as
    // the router's 422 in `error`, and that `created.data` is typed from the response schema.
    test.todo('with a zod app: the router\'s 422 reaches the client as `error`; response types come from `response` schemas');
  });
});
