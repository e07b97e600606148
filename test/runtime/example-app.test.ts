import { describe, expect, test } from 'vitest';
import { app } from '../../examples/todo/app.js';
import { createTestClient } from '../../src/testing/index.js';

describe('example todo app through the test client', () => {
  const client = createTestClient(app);

  test('GET / answers hello world', async () => {
    const r = await client.http.get('/');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ hello: 'world' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  test('create, read, delete a todo', async () => {
    const created = await client.http.post('/v1/todos', { json: { title: 'example' } });
    expect(created.status).toBe(201);
    const { id } = created.json();
    expect(created.headers.get('location')).toBe(`/v1/todos/${id}`);
    expect((await client.http.get(`/v1/todos/${id}`)).json()).toMatchObject({ title: 'example', done: false });
    expect((await client.http.delete(`/v1/todos/${id}`)).status).toBe(204);
    const gone = await client.http.get(`/v1/todos/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json()).toEqual({ code: 'NotFoundError', message: `todo ${id} not found` });
  });

  test('invalid input is a 4xx with a JSON message', async () => {
    const empty = await client.http.post('/v1/todos', { json: { title: ' ' } });
    expect(empty.status).toBe(422);
    expect(empty.json()).toEqual({
      code: 'UnprocessableEntityError',
      message: 'Request validation failed',
      issues: [{ in: 'body', path: ['title'], message: 'Too small: expected string to have >=1 characters' }],
    });
    expect((await client.http.post('/v1/todos', { json: { title: '' } })).status).toBe(422);
    const { id } = (await client.http.post('/v1/todos', { json: { title: 'patch me' } })).json();
    const patch = await client.http.patch(`/v1/todos/${id}`, { json: { done: 'yes', id: '7' } });
    expect(patch.status).toBe(422);
    expect(patch.json().issues).toEqual([
      { in: 'body', path: ['done'], message: 'Invalid input: expected boolean, received string' },
      { in: 'body', path: [], message: 'Unrecognized key: "id"' },
    ]);
    expect((await client.http.patch(`/v1/todos/${id}`, { json: { done: true } })).json()).toEqual({ id, title: 'patch me', done: true });
    const bad = await client.http.post('/v1/todos', { body: '{oops', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json().code).toBe('BadRequestError');
  });
});
