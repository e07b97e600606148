// The keepWarm ping (stage config `keepWarm`): the router answers it at once, running no route
// or middleware and logging nothing, so a warm-up never looks like a request.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Calix, KEEP_WARM_EVENT } from '../../src/index.js';
import { lambdaContext, v1Event } from '../fixtures/events.js';

afterEach(() => vi.restoreAllMocks());

describe('the keep-warm event', () => {
  test('is answered with { warm: true } without touching routes or middleware, and logs nothing', async () => {
    const seen: string[] = [];
    const app = new Calix({ name: 'warm' });
    app.use(async (req, next) => (seen.push(`middleware ${req.path}`), next()));
    app.route('/{proxy+}', (req) => (seen.push(`route ${req.path}`), { ok: true }));
    app.schedule('rate(1 hour)', async () => void seen.push('schedule'), { name: 'hourly' });
    const logged = [vi.spyOn(console, 'log'), vi.spyOn(console, 'info'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    expect(await app.handler(structuredClone(KEEP_WARM_EVENT), lambdaContext())).toEqual({ warm: true });
    expect(seen).toEqual([]);
    for (const spy of logged) expect(spy).not.toHaveBeenCalled();
    // Requests still go through as before.
    expect((await app.handler(v1Event({ method: 'GET', path: '/x', resource: '/{proxy+}', pathParameters: { proxy: 'x' } }), lambdaContext())).statusCode).toBe(200);
    expect(seen).toEqual(['middleware /x', 'route /x']);
  });

  test('is the only event that looks like it: an unknown event is still refused loudly', async () => {
    const app = new Calix({ name: 'warm' });
    await expect(app.handler({ calix: 'something-else' }, lambdaContext())).rejects.toThrow();
  });
});
