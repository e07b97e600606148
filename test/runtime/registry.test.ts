import { describe, expect, test } from 'vitest';
import { Blueprint, Calix, CognitoUserPoolAuthorizer, RegistrationError } from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';

const ok = () => ({ ok: true });
const newApp = () => new Calix({ name: 'registry' });

/** Runs `register` and returns the RegistrationError it throws. */
function registrationError(register: () => unknown): RegistrationError {
  try {
    register();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistrationError);
    return e as RegistrationError;
  }
  throw new Error('expected a RegistrationError, but registration succeeded');
}

describe('new Calix({ name })', () => {
  test.each(['', '1app', 'my app', 'app_name', 'a'.repeat(64)])('rejects the name %j', (name) => {
    expect(registrationError(() => new Calix({ name })).message).toContain(`"${name}"`);
  });
  test('accepts letters, digits and dashes', () => {
    expect(new Calix({ name: 'todo-api-2' }).name).toBe('todo-api-2');
  });
});

describe('app.route registration', () => {
  test('route(path, handler) defaults to GET; route(path, options, handler) takes methods', async () => {
    const app = newApp();
    app.route('/a', ok).route('/b', { methods: ['POST', 'put'] }, ok);
    expect(app.manifest().routes.map((r) => [r.path, r.methods])).toEqual([
      ['/a', ['GET']],
      ['/b', ['POST', 'PUT']],
    ]);
    const client = createTestClient(app);
    expect((await client.http.get('/a')).status).toBe(200);
    expect((await client.http.put('/b')).status).toBe(200);
    expect((await client.http.get('/b')).status).toBe(405);
  });

  test('the same path with different methods, and the same method on different paths, are fine', () => {
    const app = newApp();
    app.route('/a', ok);
    app.route('/a', { methods: ['POST'] }, ok);
    app.route('/b', ok);
    app.route('/a/{id}', ok);
    expect(app.manifest().routes).toHaveLength(4);
  });

  test('registering the same path + method twice is an error naming the route', () => {
    const app = newApp();
    app.route('/users/{id}', { methods: ['GET', 'PUT'] }, ok);
    const e = registrationError(() => app.route('/users/{id}', { methods: ['put'] }, ok));
    expect(e.message).toContain('PUT /users/{id}');
    expect(e.message).toMatch(/already registered/);
  });

  test('a duplicate through a blueprint is caught with the prefixed path', () => {
    const app = newApp();
    app.route('/admin/stats', ok);
    const bp = new Blueprint().route('/stats', ok);
    const e = registrationError(() => app.register(bp, { prefix: '/admin' }));
    expect(e.message).toContain('GET /admin/stats');
  });

  test('a failed registration leaves nothing half-registered', async () => {
    const app = newApp();
    app.route('/a', ok);
    registrationError(() => app.route('/a', { methods: ['POST', 'GET'] }, ok));
    expect(app.manifest().routes.map((r) => r.methods)).toEqual([['GET']]);
    // POST /a is not served either: the manifest and the router agree.
    const r = await createTestClient(app).http.post('/a', { json: {} });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
  });

  describe('malformed paths are errors naming the route and the problem', () => {
    test.each([
      ['users', 'must start with "/"'],
      ['', 'must start with "/"'],
      ['/users/', 'trailing "/"'],
      ['/users//x', 'empty path segment'],
      ['/files/{id}.json', 'whole "{name}"'],
      ['/files/x{id}', 'whole "{name}"'],
      ['/files/{id', 'whole "{name}"'],
      ['/files/{}', 'whole "{name}"'],
      ['/files/{1st}', 'whole "{name}"'],
      ['/files/{path+}/meta', 'greedy parameter "{path+}" must be the last segment'],
      ['/users/{id}/friends/{id}', 'parameter "{id}" appears twice'],
      ['/users/{id}/files/{id+}', 'parameter "{id}" appears twice'],
      ['/a b', 'characters API Gateway does not allow'],
      ['/a?b', 'characters API Gateway does not allow'],
    ])('%j', (path, why) => {
      const e = registrationError(() => newApp().route(path, ok));
      expect(e.message).toContain(`route GET ${path}`);
      expect(e.message).toContain(`invalid path "${path}"`);
      expect(e.message).toContain(why);
    });

    test('a blueprint rejects a malformed path when it is registered on the blueprint', () => {
      const e = registrationError(() => new Blueprint().route('/x/', ok));
      expect(e.message).toContain('/x/');
      expect(e.message).toContain('trailing "/"');
    });

    test('a malformed blueprint prefix is an error naming the prefix', () => {
      const e = registrationError(() => newApp().register(new Blueprint().route('/x', ok), { prefix: 'admin' }));
      expect(e.message).toContain('"admin"');
    });
  });

  test('sibling variables with different names at one position are an error naming both', () => {
    const app = newApp();
    app.route('/users/{id}', ok);
    const e = registrationError(() => app.route('/users/{name}/x', ok));
    expect(e.message).toContain('/users/{name}/x');
    expect(e.message).toContain('{name}');
    expect(e.message).toContain('{id}');
  });

  test('a {param} and a {param+} at one position are an error too', () => {
    const app = newApp();
    app.route('/files/{path}', ok);
    const e = registrationError(() => app.route('/files/{path+}', ok));
    expect(e.message).toContain('/files/{path+}');
  });

  test('the same variable name at one position in several routes is fine', () => {
    const app = newApp();
    app.route('/users/{id}', ok).route('/users/{id}/items/{itemId}', ok).route('/users/me', ok);
    expect(app.manifest().routes).toHaveLength(3);
  });

  test('an unknown method is an error naming the route and the method', () => {
    const e = registrationError(() => newApp().route('/a', { methods: ['FETCH' as 'GET'] }, ok));
    expect(e.message).toContain('/a');
    expect(e.message).toContain('unknown HTTP method "FETCH"');
  });

  test('an empty or repeated methods list is an error', () => {
    expect(registrationError(() => newApp().route('/a', { methods: [] }, ok)).message).toContain('/a');
    expect(registrationError(() => newApp().route('/a', { methods: ['GET', 'get'] }, ok)).message).toContain('GET,GET /a');
  });

  test('conflicting CORS settings on one path are an error naming the path', () => {
    const app = newApp();
    app.route('/c', { cors: true }, ok);
    const e = registrationError(() => app.route('/c', { methods: ['POST'], cors: { origins: ['https://a.example'] } }, ok));
    expect(e.message).toContain('route POST /c');
    expect(e.message).toMatch(/CORS settings differ/);
  });

  test('the same CORS on every route of a path, or CORS on only some of them, is fine', () => {
    const app = newApp();
    app.route('/c', { cors: { origins: ['https://a.example'] } }, ok);
    app.route('/c', { methods: ['PUT'], cors: { origins: ['https://a.example'] } }, ok);
    app.route('/c', { methods: ['DELETE'] }, ok);
    expect(app.manifest().routes).toHaveLength(3);
  });

  test('a duplicate explicit route name is an error naming the route and the name', () => {
    const app = newApp();
    app.route('/a', { name: 'listThings' }, ok);
    const e = registrationError(() => app.route('/b', { methods: ['POST'], name: 'listThings' }, ok));
    expect(e.message).toContain('route POST /b');
    expect(e.message).toContain('"listThings"');
  });

  test('an invalid explicit route name is an error', () => {
    expect(registrationError(() => newApp().route('/a', { name: 'has space' }, ok)).message).toContain('"has space"');
  });

  test('contentTypes must be media types', () => {
    expect(registrationError(() => newApp().route('/a', { contentTypes: ['json'] }, ok)).message).toContain('route GET /a');
    expect(registrationError(() => newApp().route('/a', { contentTypes: [] }, ok)).message).toContain('route GET /a');
  });

  test("contentTypes may hold wildcards: 'image/*' and '*/*' (as documented)", async () => {
    const app = newApp();
    app.route('/any', { methods: ['POST'], contentTypes: ['*/*'] }, (req) => ({ type: req.contentType }));
    app.route('/img', { methods: ['POST'], contentTypes: ['image/*'] }, (req) => ({ type: req.contentType }));
    expect(app.manifest().binaryMediaTypes).toEqual(['*/*', 'image/*']);
    const client = createTestClient(app);
    expect((await client.http.post('/any', { body: 'x', headers: { 'Content-Type': 'application/x-anything' } })).json()).toEqual({ type: 'application/x-anything' });
    expect((await client.http.post('/img', { body: new Uint8Array([1]), headers: { 'Content-Type': 'image/webp' } })).json()).toEqual({ type: 'image/webp' });
    expect((await client.http.post('/img', { body: 'x', headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
  });

  test('a non-function handler is rejected at registration', () => {
    expect(() => newApp().route('/a', {}, undefined as never)).toThrow(/\/a/);
  });

  test('two different authorizers with one name are an error', () => {
    const app = newApp();
    app.route('/a', { authorizer: new CognitoUserPoolAuthorizer('users', { userPoolName: 'pool-a' }) }, ok);
    const e = registrationError(() => app.route('/b', { authorizer: new CognitoUserPoolAuthorizer('users', { userPoolName: 'pool-b' }) }, ok));
    expect(e.message).toContain('route GET /b');
    expect(e.message).toContain('"users"');
  });
});

describe('blueprints', () => {
  test('routes are registered under the prefix, "/" becoming the prefix itself', async () => {
    const bp = new Blueprint();
    bp.route('/', () => 'root').route('/{id}', (req) => `item ${req.params.id}`);
    const app = newApp().register(bp, { prefix: '/things' });
    expect(app.manifest().routes.map((r) => r.path)).toEqual(['/things', '/things/{id}']);
    const client = createTestClient(app);
    expect((await client.http.get('/things')).body).toBe('root');
    expect((await client.http.get('/things/7')).body).toBe('item 7');
  });

  test('a blueprint can be registered twice under different prefixes, or without one', async () => {
    const bp = new Blueprint().route('/ping', () => 'pong');
    const app = newApp().register(bp, { prefix: '/v1' }).register(bp, { prefix: '/v2' }).register(bp);
    expect(app.manifest().routes.map((r) => r.path)).toEqual(['/v1/ping', '/v2/ping', '/ping']);
  });

  test('blueprint defaults (authorizer, cors) apply to its routes; a route setting wins', () => {
    const users = new CognitoUserPoolAuthorizer('users');
    const bp = new Blueprint({ authorizer: users, cors: true });
    bp.route('/private', ok).route('/public', { authorizer: null, cors: false }, ok);
    const m = newApp().register(bp, { prefix: '/bp' }).manifest();
    expect(m.routes.map((r) => [r.path, r.authorizer, r.cors !== null])).toEqual([
      ['/bp/private', 'users', true],
      ['/bp/public', null, false],
    ]);
  });
});
