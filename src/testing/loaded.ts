import type { Calix } from '../app.js';
import { instanceMethodsWithoutInstance } from '../decorators.js';

/**
 * What `calix local` and `package` refuse when they load the app (project/entry.ts), the test
 * client refuses before each call: a decorated instance method whose class has no instance, which
 * would only fail (a 500) when called.
 */
export function assertLoaded(app: Calix): void {
  const problems = instanceMethodsWithoutInstance(app);
  if (problems.length) throw new Error(`Calix: ${problems.join('; ')}`);
}
