import { Calix, ConflictError, NotFoundError, Response } from 'calix';
import * as z from 'zod';

export const app = new Calix({ name: '{{name}}', cors: true });

// The request bodies and the list's query, as zod schemas: Calix validates each request against
// them before the handler runs (a failing value is a 422 listing every issue), types `req.valid`
// from them, and `calix openapi` / `calix client` document them.
const BookFields = z.strictObject({
  title: z.string().trim().min(1),
  author: z.string().trim().min(1),
  year: z.number().int().min(0).max(9999),
});
const Book = BookFields.extend({ id: z.string() });
export type Book = z.output<typeof Book>;
const BookQuery = z.object({ author: z.string().optional() });

// An in-memory store: swap it for DynamoDB or a database in a real app.
const books = new Map<string, Book>();
let nextId = 1;

function find(id: string): Book {
  const book = books.get(id);
  if (!book) throw new NotFoundError(`book ${id} not found`);
  return book;
}

app.route('/books', { query: BookQuery, response: { 200: z.array(Book) } }, (req) => {
  const { author } = req.valid.query;
  const all = [...books.values()];
  return author ? all.filter((b) => b.author === author) : all;
});

app.route('/books', { methods: ['POST'], body: BookFields, response: { 201: Book } }, (req) => {
  const fields = req.valid.body;
  if ([...books.values()].some((b) => b.title === fields.title && b.author === fields.author)) {
    throw new ConflictError(`"${fields.title}" by ${fields.author} already exists`);
  }
  const book: Book = { id: String(nextId++), ...fields };
  books.set(book.id, book);
  return Response.json(book, { status: 201, headers: { Location: `/books/${book.id}` } });
});

app.route('/books/{id}', { response: { 200: Book } }, (req) => find(req.params.id));

app.route('/books/{id}', { methods: ['PATCH'], body: BookFields.partial(), response: { 200: Book } }, (req) =>
  Object.assign(find(req.params.id), req.valid.body));

app.route('/books/{id}', { methods: ['DELETE'] }, (req) => {
  books.delete(find(req.params.id).id);
  return undefined; // 204 No Content
});
