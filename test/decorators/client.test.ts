// The decorated app (shop.ts) through the test client: HTTP routes and every trigger kind, on the
// app and on a blueprint, static and instance methods.
import { beforeEach, describe, expect, test } from 'vitest';
import { createTestClient } from '../../src/testing/index.js';
import { app, log } from './shop.js';

const client = createTestClient(app);
beforeEach(() => {
  log.length = 0;
});

describe('a decorated app through the test client', () => {
  test('static route methods answer with typed params, errors and responses', async () => {
    const got = await client.http.get('/orders/1', { headers: { Origin: 'https://shop.example' } });
    expect(got.status).toBe(200);
    expect(got.json()).toEqual({ id: '1', total: 5 });
    expect(got.headers.get('access-control-allow-origin')).toBe('*');

    const missing = await client.http.get('/orders/9');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ code: 'NotFoundError', message: 'order 9 not found' });

    const created = await client.http.post('/orders', { json: { total: 12 } });
    expect(created.status).toBe(201);
    expect((await client.http.get(`/orders/${created.json().id}`)).json()).toEqual({ id: created.json().id, total: 12 });
    expect((await client.http.put('/orders/1')).status).toBe(405);
  });

  test('instance route methods run on the instance the app created (constructor arguments and state)', async () => {
    expect((await client.http.get('/carts/c1')).json()).toEqual({ cartId: 'c1', items: [], currency: 'EUR' });
    const added = await client.http.post('/carts/c1/items', { json: { sku: 'tea' } });
    expect(added.status).toBe(201);
    await client.http.post('/carts/c1/items', { json: { sku: 'cup' } });
    expect((await client.http.get('/carts/c1')).json()).toEqual({ cartId: 'c1', items: ['tea', 'cup'], currency: 'EUR' });
    expect((await client.events.lambda('cartCount', {})).result).toBe(1);
  });

  test('blueprint routes are served under the prefix with the blueprint defaults', async () => {
    const r = await client.http.get('/admin/stats');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ orders: expect.any(Number) });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect((await client.http.get('/stats')).status).toBe(404);
  });

  test('every trigger decorator on the app runs its method', async () => {
    await client.events.schedule('expire-orders');
    await client.events.s3('invoice', { key: 'march/No 7.pdf' });
    await expect(client.events.s3('invoice', { key: 'march/No 7.txt' })).rejects.toThrow(/suffix ".pdf"/);
    const paid = await client.events.sqs('payment', [{ ok: true }, { ok: false }, { ok: true }]);
    expect(paid.result.batchItemFailures).toEqual([{ itemIdentifier: paid.event.Records[1]!.messageId }]);
    await client.events.sns('alert', 'disk full', { subject: 'ops' });
    const placed = await client.events.eventBridge('placed', { source: 'shop.orders', detailType: 'OrderPlaced', detail: { orderId: 'o-7' } });
    expect(placed.result).toBe('placed o-7');
    // A static method's `this` is its class.
    expect((await client.events.lambda('total', { id: '1' })).result).toBe(5);
    expect(log).toEqual(['expire-orders', 'invoice march/No 7.pdf', 'alert ops']);
  });

  test('every trigger decorator on a blueprint runs its method once the blueprint is registered', async () => {
    await client.events.schedule('nightly');
    await client.events.s3('importCsv', { key: 'csv/a b.csv' });
    await client.events.sqs('email', ['hi@example.com']);
    await client.events.sns('ops', 'restart');
    await client.events.eventBridge('audit', { source: 'shop.admin', detailType: 'Login', detail: {} });
    expect((await client.events.lambda('reindex', { n: 3 })).result).toBe('reindexed 3');
    expect(log).toEqual(['nightly', 'import csv/a b.csv', 'email hi@example.com', 'ops restart', 'audit Login']);
  });

  test('names default to the method names; options such as { name } and description are kept', () => {
    const m = app.manifest();
    expect(m.routes.map((r) => [r.name, r.methods.join(), r.path])).toEqual([
      ['get', 'GET', '/orders/{id}'],
      ['create', 'POST', '/orders'],
      ['show', 'GET', '/carts/{cartId}'],
      ['add', 'POST', '/carts/{cartId}/items'],
      ['stats', 'GET', '/admin/stats'],
    ]);
    expect(m.triggers.map((t) => `${t.kind}:${t.name}`).sort()).toEqual([
      'eventbridge:audit', 'eventbridge:placed', 'function:cartCount', 'function:reindex', 'function:total',
      's3:importCsv', 's3:invoice', 'schedule:expire-orders', 'schedule:nightly', 'sns:alert', 'sns:ops', 'sqs:email', 'sqs:payment',
    ]);
    expect(m.triggers.find((t) => t.name === 'nightly')).toEqual({ kind: 'schedule', name: 'nightly', expression: 'rate(1 day)', description: 'Nightly report' });
    expect(m.triggers.find((t) => t.name === 'email')).toMatchObject({ kind: 'sqs', queue: 'emails', batchSize: 5 });
  });
});
