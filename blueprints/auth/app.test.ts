import { createTestClient } from 'calix/testing';
import { expect, test } from 'vitest';
import { app } from './app.js';

const client = createTestClient(app);

test('the public route needs no token', async () => {
  expect((await client.http.get('/')).json()).toEqual({ hello: 'anyone' });
});

test('a protected route called without a token answers 401, as API Gateway does', async () => {
  expect((await client.http.get('/me')).status).toBe(401);
});

test('protected routes see the verified claims', async () => {
  // The test client places claims where API Gateway puts them after a Cognito check:
  // every value a string, cognito:groups comma-separated.
  const me = await client.http.get('/me', { auth: { claims: { sub: 'user-1', email: 'ada@example.com', 'cognito:groups': 'admins,readers' } } });
  expect(me.json()).toEqual({ sub: 'user-1', email: 'ada@example.com', groups: ['admins', 'readers'] });
});

test('group checks happen in the handler', async () => {
  expect((await client.http.get('/admin', { claims: { sub: 'u', 'cognito:groups': 'readers' } })).status).toBe(403);
  expect((await client.http.get('/admin', { claims: { sub: 'u', 'cognito:groups': 'admins' } })).json()).toEqual({ admin: true });
});

test('every route but / is protected in the manifest', () => {
  const routes = app.manifest().routes;
  expect(routes.filter((r) => r.authorizer === 'users').map((r) => r.path).sort()).toEqual(['/admin', '/me']);
  expect(routes.find((r) => r.path === '/')!.authorizer).toBeNull();
});
