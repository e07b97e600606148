// A route's schema options (body, query, params, headers, response), checked at registration.
import { RegistrationError } from '../http/errors.js';
import type { Route } from '../routing/route.js';
import type { RequestPart, RouteOptions } from '../types.js';
import { isStandardSchema, type StandardSchemaV1 } from './standard.js';

const PARTS: readonly RequestPart[] = ['params', 'query', 'headers', 'body'];

/** A route's schema options, checked to be Standard Schemas; null when it declares none. */
export function readSchemas(o: RouteOptions, what: string): Route['schemas'] {
  let out: NonNullable<Route['schemas']> | null = null;
  for (const part of PARTS) {
    const s: unknown = o[part];
    if (s === undefined) continue;
    if (!isStandardSchema(s)) throw new RegistrationError(`${what}: ${part} must be a Standard Schema v1 (a zod 4, valibot or arktype schema, …)`);
    (out ??= {})[part] = s;
  }
  if (o.response !== undefined) {
    if (o.response === null || typeof o.response !== 'object' || Array.isArray(o.response)) {
      throw new RegistrationError(`${what}: response must map status codes to schemas, e.g. { 200: Todo }`);
    }
    const response: Record<number, StandardSchemaV1> = {};
    for (const [status, s] of Object.entries(o.response as Record<string, unknown>)) {
      if (!/^[1-5]\d\d$/.test(status)) throw new RegistrationError(`${what}: response status "${status}" must be an HTTP status code from 100 to 599`);
      if (!isStandardSchema(s)) throw new RegistrationError(`${what}: response[${status}] must be a Standard Schema v1 (a zod 4, valibot or arktype schema, …)`);
      response[Number(status)] = s;
    }
    if (Object.keys(response).length) (out ??= {}).response = response;
  }
  return out;
}
