// The decorated app (shop.ts) in a project of its own, served by `calix local` (a child process)
// and driven over HTTP; and `calix routes` reporting a decorated app's registration error.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, startLocal, tempProject, type RunningServer } from '../helpers/project.js';
import { shopSource } from './sources.js';

const CONFIG = JSON.stringify({ app: 'shop', main: 'app.ts', stages: { dev: {} } });

describe('calix local serves a decorated app', () => {
  const project = tempProject({ 'app.ts': shopSource, '.calix/config.json': CONFIG });
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal(['--no-watch'], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    project.remove();
  });

  test('lists the decorated routes', () => {
    for (const route of [/GET\s+\/orders\/\{id\}/, /POST\s+\/orders\b/, /GET\s+\/carts\/\{cartId\}/, /POST\s+\/carts\/\{cartId\}\/items/, /GET\s+\/admin\/stats/]) {
      expect(server.output()).toMatch(route);
    }
  });

  test('answers static-method routes, with path parameters, CORS and errors', async () => {
    const r = await fetch(`${server.url}/orders/1`, { headers: { Origin: 'https://shop.example' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ id: '1', total: 5 });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');

    const created = await fetch(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"total":3}' });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await (await fetch(`${server.url}/orders/${id}`)).json()).toEqual({ id, total: 3 });

    const missing = await fetch(`${server.url}/orders/99`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 'NotFoundError', message: 'order 99 not found' });
  });

  test('answers instance-method routes on the instance the app created, keeping its state', async () => {
    const add = (sku: string) => fetch(`${server.url}/carts/c1/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku }) });
    expect((await add('tea')).status).toBe(201);
    expect(await (await add('cup')).json()).toEqual({ items: ['tea', 'cup'] });
    expect(await (await fetch(`${server.url}/carts/c1`)).json()).toEqual({ cartId: 'c1', items: ['tea', 'cup'], currency: 'EUR' });
  });

  test('answers decorated blueprint routes under the prefix, and refuses what API Gateway would', async () => {
    expect((await fetch(`${server.url}/admin/stats`)).status).toBe(200);
    expect((await fetch(`${server.url}/stats`)).status).toBe(403);
    expect((await fetch(`${server.url}/orders/1`, { method: 'DELETE' })).status).toBe(403);
  });
});

describe('the CLI reports a decorated app\'s registration error naming the class and method', () => {
  const project = tempProject({
    'app.ts': shopSource.replace("@app.onSqsMessage({ queue: 'payments' })", "@app.onSqsMessage({ queue: 'payments', batchSize: 50 })"),
    '.calix/config.json': CONFIG,
  });
  afterAll(() => project.remove());

  test('calix routes', async () => {
    const r = await runCli(['routes'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'app.ts failed while loading: RegistrationError: Orders.payment: app.onSqsMessage "payment": a batchSize above 10 needs maxBatchingWindow of at least 1 second (a Lambda rule)',
    );
    expect(r.stderr).toMatch(/at app\.ts:\d+:\d+/);
  });
});
