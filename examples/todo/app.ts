// The example app: a small to-do API. `npm run example` serves it locally.
import { Blueprint, Calix, ConflictError, NotFoundError, Response, type Request } from 'calix';
import * as z from 'zod';

export const app = new Calix({ name: 'todo', cors: true });

// Request and response schemas (zod 4; any Standard Schema library works): Calix validates the
// body before the handler runs (a refused value is a 422 listing every issue), types `req.valid`,
// and `calix openapi` / `calix client` document them.
const NewTodo = z.object({ title: z.string().trim().min(1) });
const TodoChanges = z.strictObject({ title: z.string().trim().min(1), done: z.boolean() }).partial();
const Todo = z.object({ id: z.string(), title: z.string(), done: z.boolean() });
type Todo = z.output<typeof Todo>;
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

api.route('/todos', { methods: ['POST'], body: NewTodo, response: { 201: Todo } }, (req) => {
  const { title } = req.valid.body;
  if ([...todos.values()].some((t) => t.title === title)) throw new ConflictError(`a todo titled "${title}" exists`);
  const todo: Todo = { id: String(nextId++), title, done: false };
  todos.set(todo.id, todo);
  return Response.json(todo, { status: 201, headers: { location: `/v1/todos/${todo.id}` } });
});

// One todo, written with decorators instead (standard TC39 decorators, no compiler flags): each
// static method is a route named after the method, registered when the class is defined, just
// like the calls above. `this` in a static method is the class. TypeScript does not type a
// method's `req` from its decorator: annotate it (path parameters, then what `req.valid` holds).
class TodoItem {
  @api.route('/todos/{id}')
  static get(req: Request<{ id: string }>) {
    return this.find(req.params.id);
  }

  @api.route('/todos/{id}', { methods: ['PATCH'], body: TodoChanges, response: { 200: Todo } })
  static update(req: Request<{ id: string }, { body: z.output<typeof TodoChanges> }>) {
    return Object.assign(this.find(req.params.id), req.valid.body);
  }

  @api.route('/todos/{id}', { methods: ['DELETE'] })
  static remove(req: Request<{ id: string }>) {
    todos.delete(this.find(req.params.id).id);
    return undefined; // 204
  }

  private static find(id: string): Todo {
    const todo = todos.get(id);
    if (!todo) throw new NotFoundError(`todo ${id} not found`);
    return todo;
  }
}

app.register(api, { prefix: '/v1' });
