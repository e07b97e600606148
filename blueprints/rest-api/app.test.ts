import { createTestClient } from 'calix/testing';
import { expect, test } from 'vitest';
import { app } from './app.js';

// validateResponses: every answer is also checked against the route's response schemas.
const client = createTestClient(app, { validateResponses: true });

test('create, read, update, list and delete a book', async () => {
  const created = await client.http.post('/books', { json: { title: 'Dune', author: 'Herbert', year: 1965 } });
  expect(created.status).toBe(201);
  const { id } = created.json();
  expect(created.headers.get('location')).toBe(`/books/${id}`);

  expect((await client.http.get(`/books/${id}`)).json()).toEqual({ id, title: 'Dune', author: 'Herbert', year: 1965 });
  expect((await client.http.patch(`/books/${id}`, { json: { year: 1966 } })).json().year).toBe(1966);
  expect((await client.http.get('/books', { query: { author: 'Herbert' } })).json()).toHaveLength(1);
  expect((await client.http.get('/books', { query: { author: 'Austen' } })).json()).toEqual([]);

  expect((await client.http.delete(`/books/${id}`)).status).toBe(204);
  expect((await client.http.get(`/books/${id}`)).status).toBe(404);
});

test('a body the schema refuses is a 422 listing every issue', async () => {
  const bad = await client.http.post('/books', { json: { title: ' ', year: 1965.5, isbn: '0441013597' } });
  expect(bad.status).toBe(422);
  expect(bad.json()).toEqual({
    code: 'UnprocessableEntityError',
    message: 'Request validation failed',
    issues: [
      { in: 'body', path: ['title'], message: 'Too small: expected string to have >=1 characters' },
      { in: 'body', path: ['author'], message: 'Invalid input: expected string, received undefined' },
      { in: 'body', path: ['year'], message: 'Invalid input: expected int, received number' },
      { in: 'body', path: [], message: 'Unrecognized key: "isbn"' },
    ],
  });

  const { id } = (await client.http.post('/books', { json: { title: 'Persuasion', author: 'Austen', year: 1817 } })).json();
  const patch = await client.http.patch(`/books/${id}`, { json: { year: '1818' } });
  expect(patch.status).toBe(422);
  expect(patch.json().issues).toEqual([{ in: 'body', path: ['year'], message: 'Invalid input: expected number, received string' }]);
  expect((await client.http.get(`/books/${id}`)).json().year).toBe(1817);

  const twoAuthors = await client.http.get('/books', { query: { author: ['Austen', 'Herbert'] } });
  expect(twoAuthors.status).toBe(422);
  expect(twoAuthors.json().issues).toEqual([{ in: 'query', path: ['author'], message: 'Invalid input: expected string, received array' }]);
});

test('malformed JSON is a 400, a duplicate a 409, an unknown book a 404', async () => {
  const malformed = await client.http.post('/books', { body: '{"title":', headers: { 'content-type': 'application/json' } });
  expect(malformed.status).toBe(400);

  await client.http.post('/books', { json: { title: 'Emma', author: 'Austen', year: 1815 } });
  const duplicate = await client.http.post('/books', { json: { title: 'Emma', author: 'Austen', year: 1815 } });
  expect(duplicate.status).toBe(409);
  expect(duplicate.json()).toEqual({ code: 'ConflictError', message: '"Emma" by Austen already exists' });

  const missing = await client.http.patch('/books/999', { json: { year: 2000 } });
  expect(missing.status).toBe(404);
  expect(missing.json()).toEqual({ code: 'NotFoundError', message: 'book 999 not found' });
});
