import { RegistrationError } from '../http/errors.js';
import type { Authorizer } from './authorizers.js';

/**
 * Adds `a` to the app's authorizers unless an equal one is there: one name, one authorizer. A
 * custom authorizer is a Lambda function named after it, so its name must not be a trigger's
 * (the trigger side checks the other order).
 */
export function addAuthorizer(authorizers: Map<string, Authorizer>, triggers: ReadonlyMap<string, unknown>, a: Authorizer, what: string): void {
  const known = authorizers.get(a.name);
  // Two custom authorizers of one name are two functions, even with equal settings.
  if (known && known !== a && ('fn' in a || JSON.stringify(known.toManifest()) !== JSON.stringify(a.toManifest()))) {
    throw new RegistrationError(`${what}: another authorizer is already named "${a.name}" with different settings`);
  }
  if (!known && 'fn' in a && [...triggers.keys()].some((t) => t.toLowerCase() === a.name.toLowerCase())) {
    throw new RegistrationError(`${what}: custom authorizer "${a.name}" gets a Lambda function of that name, which a trigger already has; rename one`);
  }
  if (!known) authorizers.set(a.name, a);
}
