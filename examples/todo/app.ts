// The example app: a small to-do API. `npm run example` serves it locally.
import { Blueprint, Calix, ConflictError, NotFoundError, Response, UnprocessableEntityError, type Request } from 'calix';

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

// One todo, written with decorators instead (standard TC39 decorators, no compiler flags): each
// static method is a route named after the method, registered when the class is defined, just
// like the calls above. `this` in a static method is the class.
class TodoItem {
  @api.route('/todos/{id}')
  static get(req: Request<{ id: string }>) {
    return this.find(req.params.id);
  }

  @api.route('/todos/{id}', { methods: ['PATCH'] })
  static update(req: Request<{ id: string }>) {
    return Object.assign(this.find(req.params.id), req.json<Partial<Pick<Todo, 'title' | 'done'>>>());
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
