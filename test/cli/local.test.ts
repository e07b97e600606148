import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, startLocal, tempProject, type RunningServer } from '../helpers/project.js';

// The example app, copied to a temp folder so the test can edit its source.
describe('calix local on the example app (real HTTP, child process)', () => {
  const project = tempProject({}, join(repoRoot, 'examples/todo'));
  let server: RunningServer;

  beforeAll(async () => {
    server = await startLocal([], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    project.remove();
  });

  test('prints the URL and the route table', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).toMatch(/GET\s+\/v1\/todos\/\{id\}/);
  });

  test('serves routes with the status, headers and body the router returns', async () => {
    const r = await fetch(`${server.url}/`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ hello: 'world' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('content-length')).toBe('17');

    const created = await fetch(`${server.url}/v1/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'e2e' }) });
    expect(created.status).toBe(201);
    const todo = (await created.json()) as { id: string };
    expect(created.headers.get('location')).toBe(`/v1/todos/${todo.id}`);
    // The middleware saw API Gateway's requestContext.requestId.
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (await fetch(`${server.url}/v1/todos/${todo.id}`)).json()).toMatchObject({ title: 'e2e' });
  });

  test('malformed JSON is a 400 with a JSON message', async () => {
    // POST /v1/todos declares a body schema, so the gateway refuses a body that is not JSON, as API Gateway's validator does.
    const r = await fetch(`${server.url}/v1/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(r.status).toBe(400);
    expect(r.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(await r.json()).toEqual({ message: 'Invalid request body' });
  });

  test('a body its schema refuses is a 422 listing the issues', async () => {
    const r = await fetch(`${server.url}/v1/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":" "}' });
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({
      code: 'UnprocessableEntityError',
      message: 'Request validation failed',
      issues: [{ in: 'body', path: ['title'], message: 'Too small: expected string to have >=1 characters' }],
    });
  });

  test('unknown path and wrong method answer like API Gateway REST: 403 Missing Authentication Token', async () => {
    for (const [method, path] of [['GET', '/nope'], ['PUT', '/v1/todos']]) {
      const r = await fetch(`${server.url}${path}`, { method });
      expect(r.status).toBe(403);
      expect(await r.json()).toEqual({ message: 'Missing Authentication Token' });
    }
  });

  test('answers CORS preflight for cors routes', async () => {
    const r = await fetch(`${server.url}/v1/todos`, { method: 'OPTIONS', headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'POST' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  test('a payload over 10 MB is a 413', async () => {
    const r = await fetch(`${server.url}/v1/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(10 * 1024 * 1024 + 1) });
    expect(r.status).toBe(413);
  });

  test('reloads on change; a broken edit keeps the last good build serving', async () => {
    const file = join(project.dir, 'app.ts');
    const original = readFileSync(file, 'utf8');
    project.write('app.ts', original.replace("({ hello: 'world' })", "({ hello: 'reloaded' })"));
    await server.waitFor(/Reloaded app\.ts/);
    expect(await (await fetch(`${server.url}/`)).json()).toEqual({ hello: 'reloaded' });

    project.write('app.ts', original.replace("app.route('/', () => ({ hello: 'world' }));", "app.route('/', () => ({ hello: 'broken' });"));
    await server.waitFor(/Build failed; still serving the last good build:\n.*app\.ts:\d+:\d+: error/);
    expect(await (await fetch(`${server.url}/`)).json()).toEqual({ hello: 'reloaded' });
  });
});
