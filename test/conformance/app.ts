// The one app every conformance driver serves: the router Lambda driver (router.test.ts)
// and, later, the `calix local` driver over real HTTP. Each route exists for a case in
// cases.ts; keep the two files in step.
import {
  BadRequestError,
  Blueprint,
  Calix,
  ConflictError,
  ForbiddenError,
  HttpError,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  Response,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
  type Request,
} from '../../src/index.js';
import { z } from 'zod';

export const app = new Calix({ name: 'conformance' });

/** Per-request trace of the middleware chain, read back by `/admin/trace`. */
const trace = new WeakMap<Request, string[]>();
const note = (req: Request, step: string) => {
  const list = trace.get(req) ?? [];
  list.push(step);
  trace.set(req, list);
};

// ---- app middleware: outermost first ----
app.use(async (req, next) => {
  note(req, 'app1');
  // Short-circuit: answer without running the route.
  if (req.headers.get('x-short-circuit') === 'yes') return Response.json({ shortCircuited: true }, { status: 202 });
  const res = await next();
  res.setHeader('x-app-middleware', 'outer');
  const after = res.header('x-after');
  res.setHeader('x-after', after ? `${after},app1` : 'app1');
  return res;
});
app.use(async (req, next) => {
  note(req, 'app2');
  try {
    const res = await next();
    const after = res.header('x-after');
    res.setHeader('x-after', after ? `${after},app2` : 'app2');
    return res;
  } catch (err) {
    // Catching an error from next(): a ConflictError becomes a 200 when asked to recover.
    if (err instanceof ConflictError && req.headers.get('x-recover') === 'yes') return { recovered: err.message };
    throw err;
  }
});

// ---- static routes and every return kind ----
app.route('/', () => ({ hello: 'conformance' }));
app.route('/kinds/object', () => ({ a: 1, nested: { b: [true, null] } }));
app.route('/kinds/array', () => [1, 'two', { three: 3 }]);
app.route('/kinds/text', () => 'plain text ✓');
app.route('/kinds/empty', () => undefined);
app.route('/kinds/async', async () => ({ async: true }));
app.route('/kinds/bytes', () => new Uint8Array([0, 1, 2, 253, 254, 255]));
app.route('/kinds/image', () => new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { headers: { 'Content-Type': 'image/png' } }));
app.route('/kinds/response', () =>
  new Response(JSON.stringify({ created: true }), {
    status: 201,
    headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes', 'X-Multi': ['one', 'two'], 'X-Number': 7 },
    cookies: ['session=abc123; Path=/; HttpOnly; Secure', 'theme=dark; Path=/; Max-Age=3600'],
  }),
);
app.route('/kinds/redirect', () => Response.redirect('/kinds/object', 303));
app.route('/kinds/status-only', () => new Response(undefined, { status: 202 }));

// ---- dynamic, greedy, multiple methods ----
app.route('/users/me', () => ({ me: true }));
app.route('/users/{id}', (req) => ({ id: req.params.id }));
app.route('/users/{id}/items/{itemId}', (req) => ({ id: req.params.id, itemId: req.params.itemId }));
app.route('/files/{path+}', (req) => ({ path: req.params.path }));
app.route('/items', { methods: ['GET', 'POST'] }, (req) =>
  req.method === 'GET' ? { items: [] } : Response.json({ created: req.json() }, { status: 201, headers: { Location: '/items/1' } }),
);
app.route('/items/{id}', { methods: ['get', 'put', 'patch', 'delete'] }, (req) =>
  req.method === 'DELETE' ? undefined : { method: req.method, id: req.params.id, body: req.method === 'GET' ? null : req.json() },
);

// ---- errors ----
const errors: Record<string, () => unknown> = {
  'bad-request': () => { throw new BadRequestError('bad input'); },
  unauthorized: () => { throw new UnauthorizedError('who are you'); },
  forbidden: () => { throw new ForbiddenError('not yours'); },
  'not-found': () => { throw new NotFoundError('no such thing'); },
  'method-not-allowed': () => { throw new MethodNotAllowedError('not like that', { Allow: 'GET' }); },
  conflict: () => { throw new ConflictError('already exists'); },
  'payload-too-large': () => { throw new PayloadTooLargeError('too big'); },
  'unsupported-media-type': () => { throw new UnsupportedMediaTypeError('no xml'); },
  unprocessable: () => { throw new UnprocessableEntityError('title is required'); },
  'too-many-requests': () => { throw new TooManyRequestsError('slow down', { 'Retry-After': '30' }); },
  internal: () => { throw new InternalServerError('maintenance'); },
  teapot: () => { throw new HttpError(418, 'short and stout', 'TeapotError'); },
  default: () => { throw new NotFoundError(); },
  crash: () => { throw new Error('secret database password in message'); },
  'throw-string': () => { throw 'a plain string'; },
  'async-crash': async () => { await Promise.resolve(); throw new TypeError('cannot read properties of undefined'); },
};
app.route('/errors/{kind}', (req) => {
  const f = errors[req.params.kind];
  if (!f) throw new NotFoundError(`no error kind ${req.params.kind}`);
  return f();
});

// ---- request reading ----
app.route('/echo/headers', (req) => ({
  tag: req.headers.get('x-tag') ?? null,
  tags: req.headers.getAll('X-Tag'),
  userAgent: req.headers.get('USER-AGENT') ?? null,
  cookies: req.cookies,
}));
app.route('/echo/query', (req) => ({ query: req.query, multi: req.multiQuery }));
app.route('/echo/json', { methods: ['POST', 'PUT'] }, (req) => {
  const a = req.json();
  return { received: a, sameObject: req.json() === a, contentType: req.contentType ?? null };
});
app.route('/echo/ignore-body', { methods: ['POST'] }, () => ({ ignored: true }));
app.route('/echo/text', { methods: ['POST'], contentTypes: ['text/plain', 'text/csv'] }, (req) => ({ text: req.text(), contentType: req.contentType ?? null }));
app.route('/upload', { methods: ['POST', 'PUT'], contentTypes: ['image/*', 'application/octet-stream'] }, (req) => {
  const bytes = req.bytes();
  if (req.method === 'PUT') return new Response(bytes, { headers: { 'Content-Type': req.contentType ?? 'application/octet-stream' } });
  return { size: bytes.length, first: bytes[0] ?? null, last: bytes[bytes.length - 1] ?? null, contentType: req.contentType ?? null };
});

// ---- schema-typed routes (issue #15): validated inside the middleware above ----
const Todo = z.object({ title: z.string().min(1), done: z.boolean().default(false) });
app.route('/schema/todos', { methods: ['POST'], body: Todo, response: { 201: z.object({ id: z.string(), title: z.string(), done: z.boolean() }) } }, (req) =>
  Response.json({ id: 't1', ...req.valid.body }, { status: 201 }),
);
app.route('/schema/todos/{id}', {
  params: z.object({ id: z.coerce.number().int().positive() }),
  query: z.object({ expand: z.enum(['tags']).optional(), limit: z.coerce.number().max(50).optional() }),
  headers: z.object({ 'x-tenant': z.string().regex(/^t-\d+$/) }),
}, (req) => ({ params: req.valid.params, query: req.valid.query, tenant: req.valid.headers['x-tenant'] }));
app.route('/schema/strict', { query: z.object({ n: z.number() }) }, (req) => req.valid.query);
// A pattern is left out of API Gateway's draft-04 model (docs/schemas.md): only the router checks it.
app.route('/schema/codes', { methods: ['POST'], body: z.object({ code: z.string().regex(/^[A-Z]+$/) }) }, (req) => req.valid.body);
app.route('/schema/async', {
  methods: ['POST'],
  body: z.object({ name: z.string() }).refine(async (b) => (await Promise.resolve(b.name)) !== 'taken', { message: 'name is taken', path: ['name'] }),
}, (req) => ({ name: req.valid.body.name }));

// ---- CORS ----
app.route('/cors/open', { cors: true }, () => ({ cors: 'open' }));
app.route('/cors/open', { methods: ['DELETE'], cors: true }, () => undefined);
const strict = {
  origins: ['https://app.example.com', 'https://admin.example.com'],
  credentials: true,
  maxAge: 600,
  headers: ['Content-Type', 'X-Token'],
  exposeHeaders: ['X-Request-Id'],
};
app.route('/cors/strict', { methods: ['GET', 'PUT'], cors: strict }, (req) => {
  if (req.method === 'PUT') throw new UnprocessableEntityError('nope');
  return new Response(JSON.stringify({ cors: 'strict' }), { headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r-1' } });
});
app.route('/cors/strict', { methods: ['POST'] }, () => ({ cors: false }));

// ---- blueprint with a prefix and its own middleware ----
const admin = new Blueprint();
admin.use(async (req, next) => {
  note(req, 'admin');
  if (req.path !== '/admin' && req.headers.get('x-admin-token') !== 'letmein') {
    return new Response(JSON.stringify({ code: 'UnauthorizedError', message: 'admin token required' }), { status: 401, headers: { 'Content-Type': 'application/json' } });
  }
  const res = await next();
  res.setHeader('x-blueprint-middleware', 'admin');
  const after = res.header('x-after');
  res.setHeader('x-after', after ? `${after},admin` : 'admin');
  return res;
});
admin.route('/', () => ({ admin: true }));
admin.route('/users/{id}', { methods: ['GET', 'DELETE'] }, (req) => ({ adminUser: req.params.id, method: req.method }));
admin.route('/trace', (req) => {
  note(req, 'handler');
  return { trace: trace.get(req) };
});
admin.route('/conflict', () => {
  throw new ConflictError('version mismatch');
});
app.register(admin, { prefix: '/admin' });
