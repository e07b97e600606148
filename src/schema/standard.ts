// The one place the runtime names the Standard Schema interface. Types only: the runtime depends on
// the interface (`@standard-schema/spec`, erased at build time), never on a validator library.
import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';

export type { StandardJSONSchemaV1, StandardSchemaV1 };

/** Whether `s` looks like a Standard Schema v1 (zod 4, valibot, arktype…): checked at registration. */
export function isStandardSchema(s: unknown): s is StandardSchemaV1 {
  const std = (s !== null && (typeof s === 'object' || typeof s === 'function') ? (s as { '~standard'?: unknown })['~standard'] : undefined) as
    | { version?: unknown; validate?: unknown }
    | undefined;
  return !!std && typeof std === 'object' && std.version === 1 && typeof std.validate === 'function';
}
