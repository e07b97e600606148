// Schema-typed routes through `calix local` over real HTTP: the route's schemas answer 422 (as
// deployed, after API Gateway's own edge checks), and `--validate-responses` turns on checking
// results against `response` schemas, which is off otherwise (as in production).
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const APP = `import { Calix } from 'calix';
import { z } from 'zod';
export const app = new Calix({ name: 'shapes' });
const Item = z.object({ id: z.string(), qty: z.number().int() });
// The handler's bug: qty comes back as a string.
app.route('/items/{id}', { name: 'getItem', response: { 200: Item } }, (req) => ({ id: req.params.id, qty: '3' }));
// API Gateway's draft-04 model leaves patterns out (docs/schemas.md): the router checks sku.
app.route('/items', { name: 'addItem', methods: ['POST'], body: Item.omit({ id: true }).extend({ sku: z.string().regex(/^[A-Z]{3}-[0-9]+$/) }) }, (req) => ({ id: '1', ...req.valid.body }));
export const handler = app.handler;
`;

describe.each([
  ['without --validate-responses', [] as string[]],
  ['with --validate-responses', ['--validate-responses']],
])('calix local %s', (_title, args) => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'shapes', publicRoutes: '*', stages: { dev: {} } }) });
  if (!existsSync(join(project.dir, 'node_modules/zod'))) symlinkSync(join(repoRoot, 'node_modules/zod'), join(project.dir, 'node_modules/zod'), 'dir');
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal(args, project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    project.remove();
  });

  test('a body the edge model refuses is 400; one only the route schema refuses is 422 listing the issue; a valid one reaches the handler', async () => {
    const post = (body: unknown) => fetch(`${server.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const edge = await post({ qty: 1.5, sku: 'ABC-1' });
    expect([edge.status, await edge.json()]).toEqual([400, { message: 'Invalid request body' }]);
    const route = await post({ qty: 1, sku: 'abc' });
    expect(route.status).toBe(422);
    expect(await route.json()).toMatchObject({ code: 'UnprocessableEntityError', message: 'Request validation failed', issues: [{ in: 'body', path: ['sku'] }] });
    const ok = await post({ qty: 2, sku: 'ABC-1' });
    expect([ok.status, await ok.json()]).toEqual([200, { id: '1', qty: 2, sku: 'ABC-1' }]);
  });

  test('a result that breaks its response schema is sent as is, or is a 500 logged with its issue when checked', async () => {
    const r = await fetch(`${server.url}/items/7`);
    if (args.length === 0) {
      expect([r.status, await r.json()]).toEqual([200, { id: '7', qty: '3' }]);
      return;
    }
    expect(r.status).toBe(500);
    expect(await r.json()).toMatchObject({ code: 'InternalServerError' });
    await server.waitFor(/getItem[\s\S]*200[\s\S]*qty/);
  });
});
