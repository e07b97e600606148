// The decorator form of the registration methods (`@app.route(path)`, `@app.schedule(rate)`…):
// standard (TC39) method decorators that hand the method to the call form, so both forms share
// one code path and the manifest cannot tell them apart.
import { RegistrationError } from './http/errors.js';

/** `f` with `name` as its `.name`, which is what the call form takes default names from. */
const named = (f: Function, name: string) => Object.defineProperty(f, 'name', { value: name });

interface Waiting {
  method: string;
  bound(): boolean;
}

// Registered instance-method handlers and whether their class has an instance yet. Shared through
// the global symbol registry: a process may hold two copies of Calix (a test's and a bundle's).
const WAITING = Symbol.for('calix.instanceMethods');
const waiting: WeakMap<Function, Waiting> = ((globalThis as Record<symbol, unknown>)[WAITING] ??= new WeakMap()) as WeakMap<Function, Waiting>;

/** The parts of an app (or anything holding handlers) the check below reads. */
export interface HandlerHolder {
  readonly routes: readonly { readonly handler: Function; readonly methods: readonly string[]; readonly path: string }[];
  readonly triggers: ReadonlyMap<string, { readonly handler: Function; readonly what: string }>;
}

/**
 * One message per decorated instance method of `app` whose class has no instance yet: such a
 * handler could only fail when called. A standard decorator on an instance method never sees its
 * class (the method and its name are all it gets), so the message names the method and what it
 * serves. Run once the app module has loaded: by the entry Calix generates for every bundle
 * (`local`, `routes`, `invoke`, `package`, `deploy`) and by the test client before each call.
 */
export function instanceMethodsWithoutInstance(app: HandlerHolder): string[] {
  const problems: string[] = [];
  const check = (handler: Function, what: string) => {
    const w = waiting.get(handler);
    if (w && !w.bound()) {
      problems.push(
        `instance method ${w.method} (${what}) has no instance of its class to run on: create one when the module loads (\`new YourClass(…)\` after the class), or make ${w.method} static`,
      );
    }
  };
  for (const r of app.routes) check(r.handler, `route ${r.methods.join(',')} ${r.path}`);
  for (const t of app.triggers.values()) check(t.handler, t.what);
  return problems;
}
// The generated Lambda entry cannot import this copy of Calix by path; it finds the check here.
(globalThis as Record<symbol, unknown>)[Symbol.for('calix.instanceMethodsWithoutInstance')] ??= instanceMethodsWithoutInstance;

/**
 * @internal A method decorator that registers the method with `register` (the call form) while
 * the class is being defined. A static method is registered once the class exists (a static
 * initializer), bound to the class, and errors name both: `Orders.get: route GET …`. An instance
 * method is registered at once and called on the first instance of its class that is created;
 * `instanceMethodsWithoutInstance` reports those whose class never got one.
 */
export function decorator(register: (handler: Function) => unknown) {
  return (method: Function, context: ClassMethodDecoratorContext): void => {
    const name = String(context.name);
    const add = (owner: string, handler: Function) => {
      try {
        register(named(handler, name));
      } catch (e) {
        throw new RegistrationError(`${owner}${name}: ${(e as Error).message}`);
      }
    };
    if (context.static) {
      context.addInitializer(function (this: any) {
        add(this.name + '.', method.bind(this));
      });
    } else {
      let self: unknown;
      context.addInitializer(function () {
        self ??= this;
      });
      const handler = function (...args: unknown[]) {
        if (!self) throw new Error(`Calix: instance method ${name}: no instance of its class exists; create one at import time, or make ${name} static`);
        return method.apply(self, args);
      };
      waiting.set(handler, { method: name, bound: () => self !== undefined });
      add('instance method ', handler);
    }
  };
}
