// The decorator form of the registration methods (`@app.route(path)`, `@app.schedule(rate)`…):
// standard (TC39) method decorators that hand the method to the call form, so both forms share
// one code path and the manifest cannot tell them apart.
import { RegistrationError } from './http/errors.js';

/** `f` with `name` as its `.name`, which is what the call form takes default names from. */
const named = (f: Function, name: string) => Object.defineProperty(f, 'name', { value: name });

/**
 * @internal A method decorator that registers the method with `register` (the call form) while
 * the class is being defined. A static method is registered once the class exists (a static
 * initializer), bound to the class, and errors name both: `Orders.get: route GET …`. An instance
 * method is registered at once and called on the first instance of its class that is created.
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
      add('instance method ', function (...args: unknown[]) {
        if (!self) throw new Error(`Calix: instance method ${name}: no instance of its class exists; create one at import time, or make ${name} static`);
        return method.apply(self, args);
      });
    }
  };
}
