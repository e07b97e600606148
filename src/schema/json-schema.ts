// A route's schemas as JSON Schema for the manifest (and from there OpenAPI and API Gateway's
// request validation), through the Standard JSON Schema interface only: no validator library here.
// Runs when the manifest is built (CLI time), never on a request.
import type { RequestPart } from '../types.js';
import type { StandardJSONSchemaV1, StandardSchemaV1 } from './standard.js';

/** JSON Schema dialects asked for, best first: OpenAPI 3.0 is what API Gateway imports; the drafts are what every library must offer. */
export const JSON_SCHEMA_TARGETS = ['openapi-3.0', 'draft-07', 'draft-2020-12'] as const;
export type JsonSchemaTarget = (typeof JSON_SCHEMA_TARGETS)[number];

/**
 * One declared schema in the manifest. Either its JSON Schema, in the first dialect of
 * JSON_SCHEMA_TARGETS its library produced (`target` says which: a reader converts draft
 * output to OpenAPI 3.0), or `jsonSchema: null` with `error` saying why there is none, so the
 * OpenAPI generator can refuse with the route and the option named instead of emitting `{}`.
 */
export type SchemaManifest =
  | { vendor: string; target: JsonSchemaTarget; jsonSchema: Record<string, unknown> }
  | { vendor: string; target: null; jsonSchema: null; error: string };

/**
 * A route's schemas: request parts from the schema's *input* type (what a client sends), responses
 * by status (`"201"`) from the *output* type. Only the options the route declares are present.
 */
export interface RouteSchemasManifest {
  body?: SchemaManifest;
  query?: SchemaManifest;
  params?: SchemaManifest;
  headers?: SchemaManifest;
  responses?: Record<string, SchemaManifest>;
}

function schemaManifest(schema: StandardSchemaV1, io: 'input' | 'output'): SchemaManifest {
  const std = schema['~standard'] as StandardSchemaV1.Props & Partial<Pick<StandardJSONSchemaV1.Props, 'jsonSchema'>>;
  const vendor = String(std.vendor);
  const convert = std.jsonSchema?.[io];
  if (typeof convert !== 'function') {
    const error =
      vendor === 'valibot'
        ? 'a valibot schema carries no JSON Schema: wrap it with toStandardJsonSchema() from @valibot/to-json-schema'
        : `this ${vendor} schema does not implement Standard JSON Schema (~standard.jsonSchema), so it has no JSON Schema to document or enforce`;
    return { vendor, target: null, jsonSchema: null, error };
  }
  const errors: string[] = [];
  for (const target of JSON_SCHEMA_TARGETS) {
    try {
      // A round trip through JSON: the manifest is plain data, whatever the library hands back.
      const jsonSchema = JSON.parse(JSON.stringify(convert({ target }))) as Record<string, unknown>;
      return { vendor, target, jsonSchema };
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  // draft-07 is the dialect the spec asks every library for: its error is about the schema itself
  // (the openapi-3.0 one is often only "target not supported").
  return { vendor, target: null, jsonSchema: null, error: `${vendor} cannot express it in JSON Schema: ${errors[1] ?? errors[0]}` };
}

/** The manifest's `schemas` for a route, or undefined when it declares none. */
export function routeSchemasManifest(
  schemas: Partial<Record<RequestPart, StandardSchemaV1>> & { response?: { readonly [status: number]: StandardSchemaV1 } },
): RouteSchemasManifest | undefined {
  const out: RouteSchemasManifest = {};
  let any = false;
  for (const part of ['body', 'query', 'params', 'headers'] as const) {
    const s = schemas[part];
    if (s) (out[part] = schemaManifest(s, 'input')), (any = true);
  }
  if (schemas.response) {
    const responses: Record<string, SchemaManifest> = {};
    for (const status of Object.keys(schemas.response)) responses[status] = schemaManifest(schemas.response[Number(status)]!, 'output');
    if (Object.keys(responses).length) (out.responses = responses), (any = true);
  }
  return any ? out : undefined;
}
