import { describe, expect, test } from 'vitest';
import { Blueprint, Calix, Response } from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';

describe('router edge cases', () => {
  test('blueprint middleware added after registration and after a first request still runs', async () => {
    const app = new Calix({ name: 'late' });
    const bp = new Blueprint();
    bp.route('/x', () => ({ ok: true }));
    app.register(bp, { prefix: '/bp' });
    const client = createTestClient(app);
    expect((await client.http.get('/bp/x')).headers.get('x-late')).toBeUndefined();
    bp.use(async (_req, next) => (await next()).setHeader('x-late', 'yes'));
    expect((await client.http.get('/bp/x')).headers.get('x-late')).toBe('yes');
  });

  test("a handler's own Vary header keeps Origin when CORS echoes the origin", async () => {
    const app = new Calix({ name: 'vary' });
    app.route('/v', { cors: { origins: ['https://a.example'] } }, () => new Response({ ok: 1 }, { headers: { Vary: 'Accept-Encoding' } }));
    const r = await createTestClient(app).http.get('/v', { headers: { Origin: 'https://a.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(r.headers.get('vary')).toBe('Accept-Encoding, Origin');
  });

  test('a blueprint prefix may end with a slash', async () => {
    const app = new Calix({ name: 'prefix' });
    const bp = new Blueprint();
    bp.route('/users', () => ['u']);
    bp.route('/', () => 'root');
    app.register(bp, { prefix: '/v2/' });
    expect(app.manifest().routes.map((r) => r.path)).toEqual(['/v2/users', '/v2']);
    expect((await createTestClient(app).http.get('/v2/users')).json()).toEqual(['u']);
  });
});
