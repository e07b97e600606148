import { createTestClient } from 'calix/testing';
import { expect, test } from 'vitest';
import { app } from './app.js';

const client = createTestClient(app);

test('GET / says hello', async () => {
  const res = await client.http.get('/');
  expect(res.status).toBe(200);
  expect(res.json()).toEqual({ hello: 'world' });
});

test('GET /hello/{name} greets by name', async () => {
  expect((await client.http.get('/hello/ada')).json()).toEqual({ hello: 'ada' });
});
