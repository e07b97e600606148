import { BadRequestError, Calix, ConflictError, NotFoundError, Response, UnprocessableEntityError } from 'calix';

export const app = new Calix({ name: '{{name}}', cors: true });

export interface Book {
  id: string;
  title: string;
  author: string;
  year: number;
}

// An in-memory store: swap it for DynamoDB or a database in a real app.
const books = new Map<string, Book>();
let nextId = 1;

/** Checks a request body and returns the fields, or throws a 422 naming the bad field. */
function readBook(body: unknown, partial: boolean): Partial<Omit<Book, 'id'>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('expected a JSON object');
  const b = body as Record<string, unknown>;
  const out: Partial<Omit<Book, 'id'>> = {};
  for (const key of ['title', 'author'] as const) {
    if (b[key] === undefined && partial) continue;
    if (typeof b[key] !== 'string' || (b[key] as string).trim() === '') throw new UnprocessableEntityError(`${key} must be a non-empty string`);
    out[key] = b[key] as string;
  }
  if (b.year !== undefined || !partial) {
    if (!Number.isInteger(b.year) || (b.year as number) < 0 || (b.year as number) > 9999) throw new UnprocessableEntityError('year must be an integer from 0 to 9999');
    out.year = b.year as number;
  }
  const unknown = Object.keys(b).filter((k) => !['title', 'author', 'year'].includes(k));
  if (unknown.length) throw new UnprocessableEntityError(`unknown field(s): ${unknown.join(', ')}`);
  return out;
}

function find(id: string): Book {
  const book = books.get(id);
  if (!book) throw new NotFoundError(`book ${id} not found`);
  return book;
}

app.route('/books', (req) => {
  const author = req.query.author;
  const all = [...books.values()];
  return author ? all.filter((b) => b.author === author) : all;
});

app.route('/books', { methods: ['POST'] }, (req) => {
  const fields = readBook(req.json(), false) as Omit<Book, 'id'>;
  if ([...books.values()].some((b) => b.title === fields.title && b.author === fields.author)) {
    throw new ConflictError(`"${fields.title}" by ${fields.author} already exists`);
  }
  const book: Book = { id: String(nextId++), ...fields };
  books.set(book.id, book);
  return Response.json(book, { status: 201, headers: { Location: `/books/${book.id}` } });
});

app.route('/books/{id}', (req) => find(req.params.id));

app.route('/books/{id}', { methods: ['PATCH'] }, (req) => Object.assign(find(req.params.id), readBook(req.json(), true)));

app.route('/books/{id}', { methods: ['DELETE'] }, (req) => {
  books.delete(find(req.params.id).id);
  return undefined; // 204 No Content
});
