// Route decorators take the schema options of the call form (issue #15): same validation, same
// 422, same response checks, through the test client.
import { beforeAll, afterAll, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { Blueprint, Calix, Response, type Request } from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';

const Note = z.object({ text: z.string().min(1), pinned: z.boolean().default(false) });
type NoteOut = z.output<typeof Note>;

const app = new Calix({ name: 'notes' });
const bp = new Blueprint();

class Notes {
  static readonly saved: NoteOut[] = [];

  @app.route('/notes', { methods: ['POST'], body: Note, response: { 201: z.object({ id: z.number(), text: z.string() }) } })
  static create(req: Request<{}, { body: NoteOut }>) {
    this.saved.push(req.valid.body);
    return Response.json({ id: this.saved.length, text: req.valid.body.text, pinned: req.valid.body.pinned }, { status: 201 });
  }

  @app.route('/notes/{id}', { params: z.object({ id: z.coerce.number().int() }), query: z.object({ format: z.enum(['short', 'long']) }) })
  static get(req: Request<{ id: string }, { params: { id: number }; query: { format: 'short' | 'long' } }>) {
    return { id: req.valid.params.id, format: req.valid.query.format };
  }

  @app.route('/broken', { response: { 200: z.object({ ok: z.literal(true) }) } })
  static broken() {
    return { ok: 'yes' };
  }
}

class Tags {
  // An instance method: runs on the instance created below.
  constructor(private readonly prefix: string) {}

  @bp.route('/tags', { methods: ['POST'], body: z.object({ name: z.string().max(10) }) })
  add(req: Request<{}, { body: { name: string } }>) {
    return { tag: `${this.prefix}${req.valid.body.name}` };
  }
}
new Tags('#');
app.register(bp, { prefix: '/bp' });
void Notes;

beforeAll(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
afterAll(() => vi.restoreAllMocks());

describe('decorated routes with schemas', () => {
  const client = createTestClient(app);

  test('a valid body reaches the static method as the schema output; an invalid one is the same 422', async () => {
    const ok = await client.http.post('/notes', { json: { text: 'hi' } });
    expect(ok.status).toBe(201);
    expect(ok.json()).toEqual({ id: 1, text: 'hi', pinned: false });
    const bad = await client.http.post('/notes', { json: { text: '', pinned: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.json()).toEqual({
      code: 'UnprocessableEntityError',
      message: 'Request validation failed',
      issues: [
        { in: 'body', path: ['text'], message: expect.any(String) },
        { in: 'body', path: ['pinned'], message: expect.any(String) },
      ],
    });
  });

  test('params and query schemas', async () => {
    expect((await client.http.get('/notes/7', { query: { format: 'short' } })).json()).toEqual({ id: 7, format: 'short' });
    const bad = await client.http.get('/notes/x');
    expect(bad.json().issues.map((i: { in: string; path: string[] }) => [i.in, ...i.path])).toEqual([['params', 'id'], ['query', 'format']]);
  });

  test('an instance method on a blueprint', async () => {
    expect((await client.http.post('/bp/tags', { json: { name: 'ts' } })).json()).toEqual({ tag: '#ts' });
    expect((await client.http.post('/bp/tags', { json: { name: 'much-too-long' } })).status).toBe(422);
  });

  test('response schemas: checked when the test client asks', async () => {
    expect((await client.http.get('/broken')).status).toBe(200);
    expect((await createTestClient(app, { validateResponses: true }).http.get('/broken')).status).toBe(500);
  });

  test('the manifest carries the decorated routes\' schemas', () => {
    const routes = app.manifest().routes;
    expect(Object.keys(routes.find((r) => r.path === '/notes')!.schemas!)).toEqual(['body', 'responses']);
    expect(routes.find((r) => r.path === '/bp/tags')!.schemas!.body!.jsonSchema).toMatchObject({ properties: { name: { type: 'string', maxLength: 10 } } });
  });
});
