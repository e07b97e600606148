// Schema-typed routes (issue #15) at run time: any Standard Schema library (zod 4, valibot,
// arktype) validates the request before the handler, through app.handler and the test client alike.
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { Blueprint, Calix, RegistrationError, Response, type Request, type StandardSchemaV1 } from '../../src/index.js';
import { createTestClient, restApiEvent } from '../../src/testing/index.js';

const Todo = z.object({ title: z.string().min(1), done: z.boolean().default(false) });
const TodoOut = z.object({ id: z.string(), title: z.string(), done: z.boolean() });

const unprocessable = (issues: unknown[]) => ({ code: 'UnprocessableEntityError', message: 'Request validation failed', issues });

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errors = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.CALIX_VALIDATE_RESPONSES;
});

function zodApp(options: { validateResponses?: boolean; debug?: boolean } = {}) {
  const app = new Calix({ name: 'schemas', ...options });
  const middlewareSaw: unknown[] = [];
  app.use(async (req, next) => {
    middlewareSaw.push(req.valid);
    const res = await next();
    res.setHeader('x-middleware', 'ran');
    return res;
  });
  app.route('/todos', { methods: ['POST'], body: Todo, response: { 201: TodoOut } }, (req) => {
    const todo = req.valid.body;
    return Response.json({ id: 't1', ...todo }, { status: 201 });
  });
  app.route('/todos/{id}', {
    params: z.object({ id: z.coerce.number().int().positive() }),
    query: z.object({ expand: z.enum(['tags']).optional(), limit: z.coerce.number().max(50).optional(), tag: z.array(z.string()).optional() }),
    headers: z.object({ 'x-tenant': z.string().regex(/^t-\d+$/) }),
  }, (req) => ({ params: req.valid.params, query: req.valid.query, tenant: req.valid.headers['x-tenant'], raw: req.params.id }));
  app.route('/strict', { query: z.object({ n: z.number() }) }, (req) => req.valid.query);
  app.route('/any-query', { query: z.record(z.string(), z.union([z.string(), z.array(z.string())])) }, (req) => req.valid.query);
  app.route('/headers', { headers: z.looseObject({ 'x-one': z.string(), 'x-many': z.string() }) }, (req) => req.valid.headers);
  app.route('/optional-body', { methods: ['POST'], body: Todo.optional() }, (req) => ({ got: req.valid.body ?? null }));
  app.route('/text', { methods: ['POST'], contentTypes: ['text/plain'], body: z.string().max(5) }, (req) => ({ text: req.valid.body }));
  app.route('/async', {
    methods: ['POST'],
    body: z.object({ name: z.string() }).refine(async (b) => (await Promise.resolve(b.name)) !== 'taken', { message: 'name is taken', path: ['name'] }),
  }, async (req) => ({ name: req.valid.body.name }));
  app.route('/answers/{status}', { response: { 200: TodoOut, 201: TodoOut } }, (req) => {
    const body = req.params.status === '200' ? { id: 'x', title: 't', done: true } : { id: 7, title: 't' };
    return new Response(body, { status: Number(req.params.status) });
  });
  app.route('/plain-wrong', { response: { 200: TodoOut } }, () => ({ id: 1 }));
  app.route('/async-wrong', { response: { 200: TodoOut } }, async () => ({ id: 'ok', title: 'x', done: 'no' }));
  app.route('/no-schema', (req) => ({ valid: req.valid }));
  return { app, middlewareSaw };
}

describe('body schemas (zod)', () => {
  const { app, middlewareSaw } = zodApp();
  const client = createTestClient(app);

  test('a valid body reaches the handler as the schema output (defaults applied)', async () => {
    const r = await client.http.post('/todos', { json: { title: 'milk' } });
    expect(r.status).toBe(201);
    expect(r.json()).toEqual({ id: 't1', title: 'milk', done: false });
  });

  test('a body the schema refuses is a 422 listing every issue with its path', async () => {
    const r = await client.http.post('/todos', { json: { title: '', done: 'yes' } });
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toBe('application/json');
    const body = r.json();
    expect(body).toEqual(unprocessable([
      { in: 'body', path: ['title'], message: expect.any(String) },
      { in: 'body', path: ['done'], message: expect.any(String) },
    ]));
    expect(body.issues[0].message).toMatch(/>=1 characters/);
  });

  test('a malformed JSON body stays a 400; no body is the schema\'s call (422 here)', async () => {
    const bad = await client.http.post('/todos', { body: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({ code: 'BadRequestError', message: expect.stringMatching(/^Request body is not valid JSON/) });
    const none = await client.http.post('/todos');
    expect(none.status).toBe(422);
    expect(none.json().issues).toEqual([{ in: 'body', path: [], message: expect.any(String) }]);
    const optional = await client.http.post('/optional-body');
    expect(optional.json()).toEqual({ got: null });
  });

  test('a non-JSON media type gives the schema the body text', async () => {
    expect((await client.http.post('/text', { body: 'abc', headers: { 'content-type': 'text/plain' } })).json()).toEqual({ text: 'abc' });
    const long = await client.http.post('/text', { body: 'abcdef', headers: { 'content-type': 'text/plain' } });
    expect(long.status).toBe(422);
    expect(long.json().issues).toEqual([{ in: 'body', path: [], message: expect.any(String) }]);
  });

  test('validation runs inside middleware: middleware sees no valid parts and wraps the 422', async () => {
    middlewareSaw.length = 0;
    const r = await client.http.post('/todos', { json: {} });
    expect(r.status).toBe(422);
    expect(r.headers.get('x-middleware')).toBe('ran');
    expect(middlewareSaw).toEqual([{}]);
  });

  test('async schemas are awaited, their issues reported like any other', async () => {
    expect((await client.http.post('/async', { json: { name: 'free' } })).json()).toEqual({ name: 'free' });
    const taken = await client.http.post('/async', { json: { name: 'taken' } });
    expect(taken.status).toBe(422);
    expect(taken.json()).toEqual(unprocessable([{ in: 'body', path: ['name'], message: 'name is taken' }]));
  });

  test('a route without schemas has an empty req.valid', async () => {
    expect((await client.http.get('/no-schema')).json()).toEqual({ valid: {} });
  });
});

describe('params, query and headers schemas (zod)', () => {
  const { app } = zodApp();
  const client = createTestClient(app);
  const tenant = { 'X-Tenant': 't-1' };

  test('valid parts reach the handler as outputs; req.params keeps the raw string', async () => {
    const r = await client.http.get('/todos/42', { query: { expand: 'tags', limit: '10', tag: ['a', 'b'] }, headers: tenant });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ params: { id: 42 }, query: { expand: 'tags', limit: 10, tag: ['a', 'b'] }, tenant: 't-1', raw: '42' });
  });

  test('every failing part is reported, in URL order: params, query, headers', async () => {
    const r = await client.http.get('/todos/-3', { query: { expand: 'users', limit: '99' }, headers: { 'X-Tenant': 'acme' } });
    expect(r.status).toBe(422);
    expect(r.json()).toEqual(unprocessable([
      { in: 'params', path: ['id'], message: expect.any(String) },
      { in: 'query', path: ['expand'], message: expect.any(String) },
      { in: 'query', path: ['limit'], message: expect.any(String) },
      { in: 'headers', path: ['x-tenant'], message: expect.any(String) },
    ]));
  });

  test('no coercion: a z.number() query parameter gets a string and fails; z.coerce.number() is the way', async () => {
    const r = await client.http.get('/strict', { query: { n: '5' } });
    expect(r.status).toBe(422);
    expect(r.json().issues).toEqual([{ in: 'query', path: ['n'], message: expect.stringMatching(/expected number, received string/) }]);
  });

  test('query values: one string per name, an array for a repeated name', async () => {
    const r = await client.http.get('/any-query', { query: { one: 'x', many: ['a', 'b'] } });
    expect(r.json()).toEqual({ one: 'x', many: ['a', 'b'] });
  });

  test('header names are lower-case; repeated headers are joined with ", "', async () => {
    const r = await client.http.get('/headers', { headers: { 'X-One': '1', 'X-Many': ['a', 'b'] } });
    expect(r.json()).toMatchObject({ 'x-one': '1', 'x-many': 'a, b' });
  });

  test('the same answers through app.handler with a raw event and over HTTP API v2', async () => {
    const event = restApiEvent({ method: 'GET', path: '/todos/0', resource: '/todos/{id}', pathParameters: { id: '0' }, headers: tenant });
    const raw = await app.handler(event);
    expect(raw.statusCode).toBe(422);
    expect(JSON.parse(raw.body)).toEqual(unprocessable([{ in: 'params', path: ['id'], message: expect.any(String) }]));
    const v2 = await client.http.get('/todos/0', { version: 2, headers: tenant });
    expect(v2.status).toBe(422);
    expect(v2.json()).toEqual(JSON.parse(raw.body));
  });
});

describe('valibot and arktype work the same way (body and query)', () => {
  const app = new Calix({ name: 'libs' });
  app.route('/valibot', {
    methods: ['POST'],
    body: v.object({ title: v.pipe(v.string(), v.minLength(1)), count: v.number() }),
    query: v.object({ page: v.pipe(v.string(), v.toNumber(), v.integer()) }),
  }, (req) => ({ body: req.valid.body, page: req.valid.query.page }));
  app.route('/arktype', {
    methods: ['POST'],
    body: type({ title: 'string > 0', count: 'number' }),
    query: type({ page: 'string.integer.parse' }),
  }, (req) => ({ body: req.valid.body, page: req.valid.query.page }));
  // Wrapped for its JSON Schema (see the manifest tests), a valibot schema validates the same.
  app.route('/valibot-wrapped', { methods: ['POST'], body: toStandardJsonSchema(v.object({ title: v.pipe(v.string(), v.minLength(1)) })) }, (req) => req.valid.body);
  const client = createTestClient(app);

  test('valibot wrapped with toStandardJsonSchema validates as before', async () => {
    expect((await client.http.post('/valibot-wrapped', { json: { title: 'a' } })).json()).toEqual({ title: 'a' });
    expect((await client.http.post('/valibot-wrapped', { json: { title: '' } })).json()).toEqual(
      unprocessable([{ in: 'body', path: ['title'], message: 'Invalid length: Expected >=1 but received 0' }]),
    );
  });

  for (const lib of ['valibot', 'arktype']) {
    test(`${lib}: valid input reaches the handler as output`, async () => {
      const r = await client.http.post(`/${lib}`, { json: { title: 'a', count: 2 }, query: { page: '3' } });
      expect(r.status).toBe(200);
      expect(r.json()).toEqual({ body: { title: 'a', count: 2 }, page: 3 });
    });

    test(`${lib}: every issue of body and query in the 422`, async () => {
      const r = await client.http.post(`/${lib}`, { json: { title: '', count: 'two' }, query: { page: 'x' } });
      expect(r.status).toBe(422);
      const issues = r.json().issues as { in: string; path: unknown[] }[];
      expect(issues.map((i) => [i.in, i.path])).toEqual(expect.arrayContaining([['query', ['page']], ['body', ['title']], ['body', ['count']]]));
      expect(issues.map((i) => i.in)).toEqual(['query', ...issues.slice(1).map(() => 'body')]);
      for (const i of issues) expect(i).toEqual({ in: i.in, path: i.path, message: expect.any(String) });
    });
  }
});

describe('response schemas', () => {
  test('are not checked by default: a mismatching response goes out as the handler made it', async () => {
    const client = createTestClient(zodApp().app);
    const r = await client.http.get('/answers/201');
    expect(r.status).toBe(201);
    expect(r.json()).toEqual({ id: 7, title: 't' });
  });

  test('the test client turns them on: a mismatch is a 500, logged with its issues; a match passes', async () => {
    const client = createTestClient(zodApp().app, { validateResponses: true });
    const bad = await client.http.get('/answers/201');
    expect(bad.status).toBe(500);
    expect(bad.json()).toEqual({ code: 'InternalServerError', message: 'An internal server error occurred.' });
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/route GET \/answers\/\{status\} answered 201 .*response schema/), expect.stringContaining('"path":["id"]'));
    expect((await client.http.get('/answers/200')).status).toBe(200);
    expect((await client.http.get('/plain-wrong')).status).toBe(500);
    expect((await client.http.get('/async-wrong')).status).toBe(500);
    // Only statuses with a schema are checked.
    expect((await client.http.get('/answers/202')).status).toBe(202);
  });

  test('new Calix({ validateResponses: true }) turns them on; debug puts the issues in the body', async () => {
    const r = await createTestClient(zodApp({ validateResponses: true, debug: true }).app).http.get('/answers/201');
    expect(r.status).toBe(500);
    expect(r.json()).toEqual({
      code: 'InternalServerError',
      message: 'Response validation failed (status 201)',
      issues: [{ path: ['id'], message: expect.any(String) }, { path: ['done'], message: expect.any(String) }],
    });
  });

  test('CALIX_VALIDATE_RESPONSES=1 turns them on (what calix local can set)', async () => {
    process.env.CALIX_VALIDATE_RESPONSES = '1';
    expect((await createTestClient(zodApp().app).http.get('/answers/201')).status).toBe(500);
    expect((await createTestClient(zodApp({ validateResponses: false }).app).http.get('/answers/201')).status).toBe(201);
  });
});

describe('registration', () => {
  test('blueprint routes take the same options', async () => {
    const bp = new Blueprint();
    bp.route('/items/{n}', { methods: ['PUT'], params: z.object({ n: z.coerce.number() }), body: z.object({ name: z.string() }) }, (req) => ({
      n: req.valid.params.n,
      name: req.valid.body.name,
    }));
    const app = new Calix({ name: 'bp' });
    app.register(bp, { prefix: '/v1' });
    const client = createTestClient(app);
    expect((await client.http.put('/v1/items/3', { json: { name: 'x' } })).json()).toEqual({ n: 3, name: 'x' });
    expect((await client.http.put('/v1/items/z', { json: {} })).json().issues.map((i: { in: string }) => i.in)).toEqual(['params', 'body']);
  });

  test('a value that is not a Standard Schema, or a bad status, is refused at registration', () => {
    const app = new Calix({ name: 'bad' });
    expect(() => app.route('/a', { methods: ['POST'], body: { parse() {} } as unknown as StandardSchemaV1 }, () => null)).toThrow(
      new RegistrationError('route POST /a: body must be a Standard Schema v1 (a zod 4, valibot or arktype schema, …)'),
    );
    expect(() => app.route('/b', { response: { 99: Todo } }, () => null)).toThrow(/route GET \/b: response status "99" must be an HTTP status code/);
    expect(() => app.route('/c', { response: { 200: 'x' as unknown as StandardSchemaV1 } }, () => null)).toThrow(/response\[200\] must be a Standard Schema/);
    expect(() => new Calix({ name: 'x', validateResponses: 'yes' as unknown as boolean })).toThrow(/validateResponses/);
  });

  test('a hand-written Standard Schema works (the interface is all the runtime needs)', async () => {
    const even: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'hand',
        validate: (value) => (typeof value === 'number' && value % 2 === 0 ? { value } : { issues: [{ message: 'must be even', path: [{ key: 'n' }] }] }),
      },
    };
    const app = new Calix({ name: 'hand' });
    app.route('/even', { methods: ['POST'], body: even }, (req: Request<{}, { body: number }>) => ({ half: req.valid.body / 2 }));
    const client = createTestClient(app);
    expect((await client.http.post('/even', { json: 4 })).json()).toEqual({ half: 2 });
    expect((await client.http.post('/even', { json: 3 })).json()).toEqual(unprocessable([{ in: 'body', path: ['n'], message: 'must be even' }]));
  });
});
