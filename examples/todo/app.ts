// The example app: a small to-do API. `npm run example` serves it locally.
import { Blueprint, Calix, ConflictError, NotFoundError, Response, UnprocessableEntityError } from 'calix';

export const app = new Calix({ name: 'todo', cors: true });

interface Todo {
  id: string;
  title: string;
  done: boolean;
}
const todos = new Map<string, Todo>();
let nextId = 1;

app.use(async (req, next) => {
  const res = await next();
  res.setHeader('x-request-id', String(req.context.requestId ?? ''));
  return res;
});

app.route('/', () => ({ hello: 'world' }));

const api = new Blueprint();

api.route('/todos', () => [...todos.values()]);

api.route('/todos', { methods: ['POST'] }, (req) => {
  const body = req.json<Partial<Todo>>();
  if (typeof body.title !== 'string' || body.title.trim() === '') throw new UnprocessableEntityError('title must be a non-empty string');
  if ([...todos.values()].some((t) => t.title === body.title)) throw new ConflictError(`a todo titled "${body.title}" exists`);
  const todo: Todo = { id: String(nextId++), title: body.title, done: false };
  todos.set(todo.id, todo);
  return Response.json(todo, { status: 201, headers: { location: `/v1/todos/${todo.id}` } });
});

api.route('/todos/{id}', { methods: ['GET', 'PATCH', 'DELETE'] }, (req) => {
  const todo = todos.get(req.params.id);
  if (!todo) throw new NotFoundError(`todo ${req.params.id} not found`);
  if (req.method === 'DELETE') {
    todos.delete(todo.id);
    return undefined; // 204
  }
  if (req.method === 'PATCH') Object.assign(todo, req.json<Partial<Pick<Todo, 'title' | 'done'>>>());
  return todo;
});

app.register(api, { prefix: '/v1' });

export const handler = app.handler;
