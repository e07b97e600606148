import { createTestClient } from 'calix/testing';
import { expect, test } from 'vitest';
import { app } from './app.js';

const client = createTestClient(app);

test('create, read, update, list and delete a book', async () => {
  const created = await client.http.post('/books', { json: { title: 'Dune', author: 'Herbert', year: 1965 } });
  expect(created.status).toBe(201);
  const { id } = created.json();
  expect(created.headers.get('location')).toBe(`/books/${id}`);

  expect((await client.http.get(`/books/${id}`)).json()).toEqual({ id, title: 'Dune', author: 'Herbert', year: 1965 });
  expect((await client.http.patch(`/books/${id}`, { json: { year: 1966 } })).json().year).toBe(1966);
  expect((await client.http.get('/books', { query: { author: 'Herbert' } })).json()).toHaveLength(1);

  expect((await client.http.delete(`/books/${id}`)).status).toBe(204);
  expect((await client.http.get(`/books/${id}`)).status).toBe(404);
});

test('validation errors are 4xx with a JSON message', async () => {
  const missing = await client.http.post('/books', { json: { title: 'No author', year: 2000 } });
  expect(missing.status).toBe(422);
  expect(missing.json()).toEqual({ code: 'UnprocessableEntityError', message: 'author must be a non-empty string' });

  const malformed = await client.http.post('/books', { body: '{"title":', headers: { 'content-type': 'application/json' } });
  expect(malformed.status).toBe(400);

  await client.http.post('/books', { json: { title: 'Emma', author: 'Austen', year: 1815 } });
  expect((await client.http.post('/books', { json: { title: 'Emma', author: 'Austen', year: 1815 } })).status).toBe(409);
});
