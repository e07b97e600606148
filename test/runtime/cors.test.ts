import { describe, expect, test } from 'vitest';
import { Blueprint, Calix, NotFoundError, Response } from '../../src/index.js';
import { send } from '../fixtures/send.js';

const DEFAULT_ALLOW_HEADERS = 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key';
const ok = () => ({ ok: true });
const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
];
const corsOf = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('access-control-') || k === 'vary'));

describe.each([1, 2] as const)('CORS (event v%i)', (version) => {
  describe('cors: true', () => {
    const app = new Calix({ name: 'cors' });
    app.route('/open', { methods: ['GET', 'POST'], cors: true }, ok);
    app.route('/open', { methods: ['DELETE'], cors: true }, () => undefined);
    app.route('/open/{id}', { cors: true }, (req) => {
      throw new NotFoundError(`no ${req.params.id}`);
    });

    test('responses carry Access-Control-Allow-Origin: * and nothing else', async () => {
      const r = await send(app, { method: 'GET', path: '/open', headers: { Origin: 'https://x.example' } }, version);
      expect(r.status).toBe(200);
      expect(corsOf(r.headers)).toEqual({ 'access-control-allow-origin': '*' });
    });

    test('also without an Origin header, and on 204s', async () => {
      expect(corsOf((await send(app, { method: 'GET', path: '/open' }, version)).headers)).toEqual({ 'access-control-allow-origin': '*' });
      const del = await send(app, { method: 'DELETE', path: '/open', headers: { Origin: 'https://x.example' } }, version);
      expect(del.status).toBe(204);
      expect(del.headers['access-control-allow-origin']).toBe('*');
    });

    test('error responses carry them too, so a browser can read the error', async () => {
      const r = await send(app, { method: 'GET', path: '/open/7', headers: { Origin: 'https://x.example' } }, version);
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ code: 'NotFoundError', message: 'no 7' });
      expect(r.headers['access-control-allow-origin']).toBe('*');
    });

    test('a 405 on a CORS path carries them', async () => {
      const r = await send(app, { method: 'PUT', path: '/open', headers: { Origin: 'https://x.example' } }, version);
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET,POST,DELETE');
      expect(r.headers['access-control-allow-origin']).toBe('*');
    });

    test('OPTIONS preflight is answered: 200, every CORS method of the path, default headers, no max age', async () => {
      const r = await send(app, { method: 'OPTIONS', path: '/open', headers: { Origin: 'https://x.example', 'Access-Control-Request-Method': 'POST' } }, version);
      expect(r.status).toBe(200);
      expect(r.text).toBe('');
      expect(corsOf(r.headers)).toEqual({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET,POST,DELETE,OPTIONS',
        'access-control-allow-headers': DEFAULT_ALLOW_HEADERS,
      });
    });

    test('preflight on a dynamic path', async () => {
      const r = await send(app, { method: 'OPTIONS', path: '/open/42', headers: { Origin: 'https://x.example' } }, version);
      expect(r.status).toBe(200);
      expect(r.headers['access-control-allow-methods']).toBe('GET,OPTIONS');
    });
  });

  describe('a cors config: origins list, credentials, headers, expose headers, max age', () => {
    const app = new Calix({ name: 'cors' });
    app.route(
      '/strict',
      {
        methods: ['GET', 'PUT'],
        cors: { origins: ['https://app.example.com', 'https://admin.example.com'], credentials: true, maxAge: 600, headers: ['Content-Type', 'X-Token'], exposeHeaders: ['X-Request-Id', 'ETag'] },
      },
      ok,
    );
    app.route('/strict', { methods: ['POST'] }, ok);

    test('a listed origin is echoed, with Vary: Origin, credentials and exposed headers', async () => {
      const r = await send(app, { method: 'GET', path: '/strict', headers: { Origin: 'https://admin.example.com' } }, version);
      expect(corsOf(r.headers)).toEqual({
        'access-control-allow-origin': 'https://admin.example.com',
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Request-Id,ETag',
        vary: 'Origin',
      });
    });

    test('an origin not in the list gets no CORS headers at all', async () => {
      const r = await send(app, { method: 'GET', path: '/strict', headers: { Origin: 'https://evil.example' } }, version);
      expect(r.status).toBe(200);
      for (const h of CORS_HEADERS) expect(r.headers[h], h).toBeUndefined();
    });

    test('no Origin header with several allowed origins: no CORS headers', async () => {
      const r = await send(app, { method: 'GET', path: '/strict' }, version);
      for (const h of CORS_HEADERS) expect(r.headers[h], h).toBeUndefined();
    });

    test('the Origin header is matched case-insensitively by name', async () => {
      const r = await send(app, { method: 'GET', path: '/strict', headers: { origin: 'https://app.example.com' } }, version);
      expect(r.headers['access-control-allow-origin']).toBe('https://app.example.com');
    });

    test('preflight: origin echoed, the CORS methods, the configured headers and max age', async () => {
      const r = await send(
        app,
        { method: 'OPTIONS', path: '/strict', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'X-Token' } },
        version,
      );
      expect(r.status).toBe(200);
      expect(corsOf(r.headers)).toEqual({
        'access-control-allow-origin': 'https://app.example.com',
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Request-Id,ETag',
        'access-control-allow-methods': 'GET,PUT,OPTIONS',
        // Chalice's allow_headers: the app's headers are added to the defaults.
        'access-control-allow-headers': 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Token',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    });

    test('preflight from an origin not in the list: no Allow-Origin, so the browser refuses', async () => {
      const r = await send(app, { method: 'OPTIONS', path: '/strict', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' } }, version);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });

    test('a route without cors on the same path sends no CORS headers', async () => {
      const r = await send(app, { method: 'POST', path: '/strict', headers: { Origin: 'https://app.example.com', 'Content-Type': 'application/json' }, body: '{}' }, version);
      expect(r.status).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('other configs', () => {
    test('a single fixed origin is announced as is, whatever the request Origin', async () => {
      const app = new Calix({ name: 'cors' }).route('/one', { cors: { origins: 'https://only.example' } }, ok);
      for (const headers of [{}, { Origin: 'https://other.example' }] as Record<string, string>[]) {
        const r = await send(app, { method: 'GET', path: '/one', headers }, version);
        expect(r.headers['access-control-allow-origin']).toBe('https://only.example');
        expect(r.headers.vary).toBe('Origin');
      }
    });

    test("origins '*' with credentials echoes the origin, never '*'", async () => {
      const app = new Calix({ name: 'cors' }).route('/c', { cors: { credentials: true } }, ok);
      const r = await send(app, { method: 'GET', path: '/c', headers: { Origin: 'https://x.example' } }, version);
      expect(r.headers['access-control-allow-origin']).toBe('https://x.example');
      expect(r.headers['access-control-allow-credentials']).toBe('true');
    });

    test("a ported Chalice app's allow_headers=['X-Custom'] keeps Content-Type: custom headers add to the defaults", async () => {
      const app = new Calix({ name: 'cors' }).route('/h', { methods: ['POST'], cors: { headers: ['X-Custom', 'content-type'] } }, ok);
      const r = await send(app, { method: 'OPTIONS', path: '/h', headers: { Origin: 'https://x.example', 'Access-Control-Request-Headers': 'content-type' } }, version);
      expect(r.headers['access-control-allow-headers']).toBe('Authorization,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Custom,content-type');
      expect(app.manifest().routes[0]!.cors!.headers).toEqual(['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key', 'X-Custom', 'content-type']);
    });

    test('replaceDefaultHeaders: true announces exactly the given headers', async () => {
      const app = new Calix({ name: 'cors' }).route('/h', { methods: ['POST'], cors: { headers: ['X-Custom'], replaceDefaultHeaders: true } }, ok);
      const r = await send(app, { method: 'OPTIONS', path: '/h' }, version);
      expect(r.headers['access-control-allow-headers']).toBe('X-Custom');
    });

    test('cors: true announces the defaults', async () => {
      const app = new Calix({ name: 'cors' }).route('/h', { methods: ['POST'], cors: true }, ok);
      const r = await send(app, { method: 'OPTIONS', path: '/h' }, version);
      expect(r.headers['access-control-allow-headers']).toBe(DEFAULT_ALLOW_HEADERS);
    });

    test('configured methods replace the registered ones in preflight', async () => {
      const app = new Calix({ name: 'cors' }).route('/m', { methods: ['GET', 'POST'], cors: { methods: ['get'] } }, ok);
      const r = await send(app, { method: 'OPTIONS', path: '/m' }, version);
      expect(r.headers['access-control-allow-methods']).toBe('GET,OPTIONS');
    });

    test('a header the handler sets itself wins over the CORS default', async () => {
      const app = new Calix({ name: 'cors' }).route('/own', { cors: true }, () => new Response('x', { headers: { 'Access-Control-Allow-Origin': 'https://mine.example' } }));
      const r = await send(app, { method: 'GET', path: '/own' }, version);
      expect(r.headers['access-control-allow-origin']).toBe('https://mine.example');
    });

    test('a route that registers OPTIONS itself answers its own preflight', async () => {
      const app = new Calix({ name: 'cors' });
      app.route('/self', { methods: ['GET', 'OPTIONS'], cors: true }, (req) => (req.method === 'OPTIONS' ? new Response('', { status: 204, headers: { 'X-Own': 'yes' } }) : 'get'));
      const r = await send(app, { method: 'OPTIONS', path: '/self' }, version);
      expect(r.status).toBe(204);
      expect(r.headers['x-own']).toBe('yes');
    });
  });

  describe('app-wide and blueprint CORS', () => {
    const app = new Calix({ name: 'cors', cors: { origins: ['https://app.example.com'], maxAge: 60 } });
    app.route('/inherits', ok);
    app.route('/opts-out', { cors: false }, ok);
    app.route('/own', { cors: true }, ok);
    const bp = new Blueprint({ cors: false });
    bp.route('/plain', ok);
    bp.route('/open', { cors: true }, ok);
    app.register(bp, { prefix: '/bp' });

    test('every route inherits the app setting', async () => {
      const r = await send(app, { method: 'GET', path: '/inherits', headers: { Origin: 'https://app.example.com' } }, version);
      expect(r.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const pre = await send(app, { method: 'OPTIONS', path: '/inherits', headers: { Origin: 'https://app.example.com' } }, version);
      expect(pre.headers['access-control-max-age']).toBe('60');
    });

    test('cors: false opts a route out; OPTIONS on it is a 405', async () => {
      const r = await send(app, { method: 'GET', path: '/opts-out', headers: { Origin: 'https://app.example.com' } }, version);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await send(app, { method: 'OPTIONS', path: '/opts-out', headers: { Origin: 'https://app.example.com' } }, version);
      expect(pre.status).toBe(405);
      expect(pre.headers.allow).toBe('GET');
    });

    test("a route's own cors wins over the app's", async () => {
      const r = await send(app, { method: 'GET', path: '/own', headers: { Origin: 'https://elsewhere.example' } }, version);
      expect(r.headers['access-control-allow-origin']).toBe('*');
    });

    test("a blueprint's setting wins over the app's, a route's over the blueprint's", async () => {
      const plain = await send(app, { method: 'GET', path: '/bp/plain', headers: { Origin: 'https://app.example.com' } }, version);
      expect(plain.headers['access-control-allow-origin']).toBeUndefined();
      const open = await send(app, { method: 'GET', path: '/bp/open', headers: { Origin: 'https://x.example' } }, version);
      expect(open.headers['access-control-allow-origin']).toBe('*');
    });

    test('the manifest records each route’s normalized rule', () => {
      const byPath = Object.fromEntries(app.manifest().routes.map((r) => [r.path, r.cors]));
      expect(byPath['/inherits']).toEqual({
        origins: ['https://app.example.com'],
        headers: DEFAULT_ALLOW_HEADERS.split(','),
        exposeHeaders: [],
        methods: null,
        maxAge: 60,
        credentials: false,
      });
      expect(byPath['/opts-out']).toBeNull();
      expect(byPath['/bp/plain']).toBeNull();
      expect(byPath['/own']).toEqual({ origins: ['*'], headers: DEFAULT_ALLOW_HEADERS.split(','), exposeHeaders: [], methods: null, maxAge: null, credentials: false });
    });
  });
});
