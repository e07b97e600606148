// `calix local` answers what the deployed API's request validators would (#15): GIVEN routes
// whose schemas declare required query/header parameters and a JSON body, WHEN a request misses
// one or sends a body its draft-04 model refuses, THEN LocalGateway answers API Gateway's 400
// (with the edge CORS headers) before the router runs; everything else reaches the router.
import { describe, expect, test } from 'vitest';
import { LocalAuth } from '../../cli/local/auth.js';
import { localGateway } from '../../cli/local/gateway.js';
import { toOpenApi, type OpenApiOperation } from '../../project/openapi.js';
import { defaultStageConfig } from '../../infra/index.js';
import { Calix } from '../../src/index.js';
import { lambdaContext } from '../fixtures/events.js';
import { doc as hand, schemaApp, withSchemas } from '../fixtures/schema-app.js';
import { testGateway } from '../helpers/gateway.js';

const { app, manifest } = schemaApp({ cors: true });
const local = testGateway(app);
const todo = { title: 'write docs', prio: 2, kind: 'task', tags: [{ name: 'docs' }] };
const json = { 'content-type': 'application/json', 'x-request-id': 'r1' };

describe('required parameters (validateRequestParameters)', () => {
  test('a missing or blank required query parameter is 400 "Missing required request parameters: [q]"', async () => {
    for (const url of ['/todos', '/todos?page=2', '/todos?q=', '/todos?q=%20']) {
      const r = await local.send('GET', url);
      expect(r.status, url).toBe(400);
      expect(r.json()).toEqual({ message: 'Missing required request parameters: [q]' });
      expect(r.headers['x-amzn-ErrorType']).toBe('BadRequestException');
    }
    const ok = await local.send('GET', '/todos?q=milk');
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ query: { q: 'milk' } });
    // API Gateway checks presence only: a page that is not a number reaches the router, whose
    // schema answers 422 naming it.
    const page = await local.send('GET', '/todos?q=milk&page=abc');
    expect(page.status).toBe(422);
    expect((page.json() as { issues: { in: string; path: unknown[] }[] }).issues.map((i) => [i.in, i.path])).toEqual([['query', ['page']]]);
  });

  test('a missing required header is 400 naming it; header names match case-insensitively', async () => {
    const r = await local.send('POST', '/todos', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(todo) });
    expect(r.status).toBe(400);
    expect(r.json()).toEqual({ message: 'Missing required request parameters: [x-request-id]' });
    expect((await local.send('POST', '/todos', { headers: { 'X-Request-Id': 'r1' }, body: JSON.stringify(todo) })).status).toBe(200);
  });

  test('several missing parameters are listed together, query first; the log says why', async () => {
    const a = new Calix({ name: 'x' });
    a.route('/s', { name: 'search' }, () => ({}));
    const object = (...names: string[]) => hand({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])), required: names });
    const m = withSchemas(a.manifest(), { search: { query: object('from', 'to'), headers: object('x-key') } });
    const g = testGateway({ manifest: () => m, handler: a.handler });
    const r = await g.send('GET', '/s?to=b');
    expect(r.json()).toEqual({ message: 'Missing required request parameters: [from, x-key]' });
    expect(g.logs.at(-1)).toMatch(/^notice: {3}400 Missing required request parameters: \[from, x-key\]: .*gateway response BAD_REQUEST_PARAMETERS/);
  });
});

describe('JSON bodies (validateRequestBody)', () => {
  test('a body its model refuses, or that is not JSON, is 400 "Invalid request body"', async () => {
    for (const body of [JSON.stringify({ ...todo, title: '' }), JSON.stringify({ ...todo, prio: 9 }), JSON.stringify({ ...todo, kind: 'note' }), JSON.stringify({ title: 'x' }), '{"title":', '[]']) {
      const r = await local.send('POST', '/todos', { headers: json, body });
      expect(r.status, body).toBe(400);
      expect(r.json()).toEqual({ message: 'Invalid request body' });
      expect(r.headers['x-amzn-ErrorType']).toBe('BadRequestException');
    }
    expect(local.logs.at(-1)).toMatch(/gateway response BAD_REQUEST_BODY/);
  });

  test('a valid body reaches the router; what only the router checks (formats) is its 422, not the edge\'s 400', async () => {
    const r = await local.send('POST', '/todos', { headers: json, body: JSON.stringify(todo) });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ created: todo });
    // Not an e-mail address: the draft-04 model leaves formats to the router, whose schema refuses it.
    const email = await local.send('POST', '/todos', { headers: json, body: JSON.stringify({ ...todo, email: 'nope', due: null }) });
    expect(email.status).toBe(422);
    expect((email.json() as { issues: { in: string; path: unknown[] }[] }).issues.map((i) => [i.in, i.path])).toEqual([['body', ['email']]]);
  });

  test('only application/json (or no Content-Type) bodies are validated, and an empty body is not', async () => {
    const text = await local.send('POST', '/todos', { headers: { 'x-request-id': 'r1', 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).not.toBe(400);
    const bare = await local.send('POST', '/todos', { headers: { 'x-request-id': 'r1' }, body: '{}' });
    expect(bare.json()).toEqual({ message: 'Invalid request body' });
    const charset = await local.send('POST', '/todos', { headers: { ...json, 'content-type': 'application/json; charset=utf-8' }, body: '{}' });
    expect(charset.status).toBe(400);
    const empty = await local.send('POST', '/todos', { headers: json });
    expect(empty.json()).not.toEqual({ message: 'Invalid request body' });
  });
});

describe('the same rules as the deployed document', () => {
  test('every required query/header parameter of the deployed document is one the gateway enforces, and no other', async () => {
    const doc = toOpenApi(manifest);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item) as [string, OpenApiOperation][]) {
        if (method === 'options') continue;
        const required = (op.parameters ?? []).filter((p) => p.required && p.in !== 'path').map((p) => p.name);
        const url = path.replace('{id}', '7');
        const r = await local.send(method.toUpperCase(), url, { headers: { 'content-type': 'application/json' }, body: method === 'get' ? undefined : JSON.stringify(todo) });
        if (required.length) expect(r.json(), `${method} ${path}`).toEqual({ message: `Missing required request parameters: [${required.join(', ')}]` });
        else expect(r.status, `${method} ${path}`).toBe(200);
      }
    }
  });

  test('edge answers carry the API\'s CORS headers, as its other gateway responses do; calix local\'s gateway enforces the rules too', async () => {
    const stage = defaultStageConfig({ app: manifest.app, stage: 'dev' });
    const g = localGateway(manifest, stage, { invoke: (_fn, event) => app.handler(event as never, lambdaContext() as never), auth: new LocalAuth({ stage: 'dev', settings: {} }), log: () => {} });
    const r = await g.handle({ method: 'GET', path: '/todos', query: '', headers: [['Origin', 'https://app.example.com']], body: new Uint8Array() });
    expect(r.status).toBe(400);
    expect(JSON.parse(Buffer.from(r.body).toString())).toEqual({ message: 'Missing required request parameters: [q]' });
    expect(r.headers['Access-Control-Allow-Origin']).toBe('*');
  });
});
