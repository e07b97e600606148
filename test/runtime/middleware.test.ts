import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Blueprint, Calix, ConflictError, ForbiddenError, NotFoundError, Response, type Middleware } from '../../src/index.js';
import { send } from '../fixtures/send.js';

beforeEach(() => void vi.spyOn(console, 'error').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

/** A middleware that logs `name:before` / `name:after` around next(). */
const logging =
  (log: string[], name: string): Middleware =>
  async (_req, next) => {
    log.push(`${name}:before`);
    const res = await next();
    log.push(`${name}:after`);
    return res;
  };

describe.each([1, 2] as const)('middleware (event v%i)', (version) => {
  test('runs around the handler in registration order', async () => {
    const log: string[] = [];
    const app = new Calix({ name: 'mw' });
    app.use(logging(log, 'first')).use(logging(log, 'second'));
    app.route('/x', () => {
      log.push('handler');
      return 'x';
    });
    expect((await send(app, { method: 'GET', path: '/x' }, version)).text).toBe('x');
    expect(log).toEqual(['first:before', 'second:before', 'handler', 'second:after', 'first:after']);
  });

  test('middleware registered after the routes (and after a first request) still wraps them', async () => {
    const log: string[] = [];
    const app = new Calix({ name: 'mw' });
    app.route('/x', () => 'x');
    app.use(logging(log, 'early'));
    await send(app, { method: 'GET', path: '/x' }, version);
    app.use(logging(log, 'late'));
    log.length = 0;
    await send(app, { method: 'GET', path: '/x' }, version);
    expect(log).toEqual(['early:before', 'late:before', 'late:after', 'early:after']);
  });

  test('wraps every route, dynamic ones and blueprint ones included', async () => {
    const seen: string[] = [];
    const app = new Calix({ name: 'mw' });
    app.use((req, next) => {
      seen.push(`${req.method} ${req.path}`);
      return next();
    });
    app.route('/a', () => 'a');
    app.route('/b/{id}', { methods: ['DELETE'] }, () => undefined);
    app.register(new Blueprint().route('/c', () => 'c'), { prefix: '/bp' });
    await send(app, { method: 'GET', path: '/a' }, version);
    await send(app, { method: 'DELETE', path: '/b/1' }, version);
    await send(app, { method: 'GET', path: '/bp/c' }, version);
    expect(seen).toEqual(['GET /a', 'DELETE /b/1', 'GET /bp/c']);
  });

  test('sees req (params, headers) before the handler and can short-circuit', async () => {
    let handlerRan = false;
    const app = new Calix({ name: 'mw' });
    app.use((req, next) => {
      if (req.headers.get('authorization') !== 'Bearer ok') return new Response(JSON.stringify({ code: 'UnauthorizedError', message: 'no' }), { status: 401 });
      return next();
    });
    app.route('/secret/{id}', (req) => {
      handlerRan = true;
      return { id: req.params.id };
    });
    const denied = await send(app, { method: 'GET', path: '/secret/1' }, version);
    expect(denied.status).toBe(401);
    expect(handlerRan).toBe(false);
    const allowed = await send(app, { method: 'GET', path: '/secret/1', headers: { Authorization: 'Bearer ok' } }, version);
    expect(allowed.json).toEqual({ id: '1' });
    expect(handlerRan).toBe(true);
  });

  test('a short-circuit may return any handler result kind (object, string, undefined)', async () => {
    const app = new Calix({ name: 'mw' });
    app.use((req) => (req.path === '/obj' ? { from: 'middleware' } : req.path === '/str' ? 'from middleware' : undefined));
    app.route('/obj', () => 'unreached').route('/str', () => 'unreached').route('/none', () => 'unreached');
    const obj = await send(app, { method: 'GET', path: '/obj' }, version);
    expect([obj.status, obj.headers['content-type'], obj.json]).toEqual([200, 'application/json', { from: 'middleware' }]);
    const str = await send(app, { method: 'GET', path: '/str' }, version);
    expect([str.status, str.headers['content-type'], str.text]).toEqual([200, 'text/plain; charset=utf-8', 'from middleware']);
    expect((await send(app, { method: 'GET', path: '/none' }, version)).status).toBe(204);
  });

  test('an inner short-circuit still passes through the outer middleware', async () => {
    const log: string[] = [];
    const app = new Calix({ name: 'mw' });
    app.use(logging(log, 'outer'));
    app.use(() => 'stopped');
    app.use(logging(log, 'never'));
    app.route('/x', () => 'unreached');
    expect((await send(app, { method: 'GET', path: '/x' }, version)).text).toBe('stopped');
    expect(log).toEqual(['outer:before', 'outer:after']);
  });

  test('next() gives a Response for every handler result kind; middleware can change it', async () => {
    const kinds: string[] = [];
    const app = new Calix({ name: 'mw' });
    app.use(async (_req, next) => {
      const res = await next();
      kinds.push(`${res instanceof Response} ${res.status} ${String(res.header('content-type'))}`);
      res.setHeader('X-Served-By', 'calix');
      if (res.status === 200) res.status = 203;
      res.cookies.push('seen=1');
      return res;
    });
    app.route('/obj', () => ({ a: 1 }));
    app.route('/text', () => 'hi');
    app.route('/none', () => undefined);
    app.route('/bytes', () => new Uint8Array([1]));
    const obj = await send(app, { method: 'GET', path: '/obj' }, version);
    expect([obj.status, obj.json, obj.headers['x-served-by'], obj.cookies]).toEqual([203, { a: 1 }, 'calix', ['seen=1']]);
    expect((await send(app, { method: 'GET', path: '/text' }, version)).text).toBe('hi');
    expect((await send(app, { method: 'GET', path: '/none' }, version)).status).toBe(204);
    expect((await send(app, { method: 'GET', path: '/bytes' }, version)).raw.isBase64Encoded).toBe(true);
    expect(kinds).toEqual(['true 200 application/json', 'true 200 text/plain; charset=utf-8', 'true 204 undefined', 'true 200 application/octet-stream']);
  });

  test('middleware can replace the response entirely', async () => {
    const app = new Calix({ name: 'mw' });
    app.use(async (_req, next) => {
      const res = await next();
      return Response.json({ wrapped: res.status }, { status: 299 });
    });
    app.route('/x', () => 'x');
    const r = await send(app, { method: 'GET', path: '/x' }, version);
    expect([r.status, r.json]).toEqual([299, { wrapped: 200 }]);
  });

  test('errors thrown by the handler reach middleware through next(), which can answer instead', async () => {
    const caught: unknown[] = [];
    const app = new Calix({ name: 'mw' });
    app.use(async (_req, next) => {
      try {
        return await next();
      } catch (err) {
        caught.push(err);
        if (err instanceof NotFoundError) return Response.json({ fallback: true }, { status: 200 });
        throw err;
      }
    });
    app.route('/missing', () => {
      throw new NotFoundError('gone');
    });
    app.route('/conflict', async () => {
      throw new ConflictError('taken');
    });
    const missing = await send(app, { method: 'GET', path: '/missing' }, version);
    expect([missing.status, missing.json]).toEqual([200, { fallback: true }]);
    const conflict = await send(app, { method: 'GET', path: '/conflict' }, version);
    expect([conflict.status, conflict.json]).toEqual([409, { code: 'ConflictError', message: 'taken' }]);
    expect(caught.map((e) => (e as Error).message)).toEqual(['gone', 'taken']);
  });

  test('middleware can turn an unexpected error into an HTTP error', async () => {
    const app = new Calix({ name: 'mw' });
    app.use(async (_req, next) => {
      try {
        return await next();
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('AccessDenied')) throw new ForbiddenError('not allowed');
        throw err;
      }
    });
    app.route('/s3', () => {
      throw new Error('AccessDenied: s3:GetObject');
    });
    const r = await send(app, { method: 'GET', path: '/s3' }, version);
    expect([r.status, r.json]).toEqual([403, { code: 'ForbiddenError', message: 'not allowed' }]);
  });

  test('an error thrown by middleware itself is answered like a handler error', async () => {
    const app = new Calix({ name: 'mw' });
    app.use((req) => {
      if (req.path === '/forbidden') throw new ForbiddenError('blocked by middleware');
      throw new Error('middleware bug');
    });
    app.route('/forbidden', () => 'x').route('/crash', () => 'x');
    const f = await send(app, { method: 'GET', path: '/forbidden' }, version);
    expect([f.status, f.json]).toEqual([403, { code: 'ForbiddenError', message: 'blocked by middleware' }]);
    const c = await send(app, { method: 'GET', path: '/crash' }, version);
    expect([c.status, c.json]).toEqual([500, { code: 'InternalServerError', message: 'An internal server error occurred.' }]);
  });

  test('blueprint middleware runs inside app middleware, only for the blueprint’s routes', async () => {
    const log: string[] = [];
    const app = new Calix({ name: 'mw' });
    app.use(logging(log, 'app'));
    const bp = new Blueprint();
    bp.use(logging(log, 'bp1')).use(logging(log, 'bp2'));
    bp.route('/inside', () => {
      log.push('handler');
      return 'in';
    });
    app.route('/outside', () => {
      log.push('handler');
      return 'out';
    });
    app.register(bp, { prefix: '/bp' });
    await send(app, { method: 'GET', path: '/bp/inside' }, version);
    expect(log).toEqual(['app:before', 'bp1:before', 'bp2:before', 'handler', 'bp2:after', 'bp1:after', 'app:after']);
    log.length = 0;
    await send(app, { method: 'GET', path: '/outside' }, version);
    expect(log).toEqual(['app:before', 'handler', 'app:after']);
  });

  test('blueprint middleware can short-circuit and its errors reach app middleware', async () => {
    const app = new Calix({ name: 'mw' });
    const outer: number[] = [];
    app.use(async (_req, next) => {
      try {
        const res = await next();
        outer.push(res.status);
        return res;
      } catch (err) {
        outer.push(-1);
        throw err;
      }
    });
    const bp = new Blueprint();
    bp.use((req, next) => {
      if (req.query.deny === '1') throw new ForbiddenError('denied by blueprint');
      if (req.query.cached === '1') return { cached: true };
      return next();
    });
    bp.route('/r', () => ({ fresh: true }));
    app.register(bp, { prefix: '/bp' });
    expect((await send(app, { method: 'GET', path: '/bp/r', query: { cached: '1' } }, version)).json).toEqual({ cached: true });
    expect((await send(app, { method: 'GET', path: '/bp/r' }, version)).json).toEqual({ fresh: true });
    expect((await send(app, { method: 'GET', path: '/bp/r', query: { deny: '1' } }, version)).status).toBe(403);
    expect(outer).toEqual([200, 200, -1]);
  });

  test('app.use rejects a non-function', () => {
    expect(() => new Calix({ name: 'mw' }).use('nope' as never)).toThrow(TypeError);
  });
});
