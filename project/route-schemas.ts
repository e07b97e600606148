// The one place that reads the schemas a route declares (`body`, `query`, `params`, `headers`,
// `response`) from the manifest (`route.schemas`, written by the runtime: src/schema/json-schema.ts). Everything else (OpenAPI, the edge validators,
// `calix local`) goes through `routeSchemas` and `schemaOf`.
import type { RouteManifest, RouteSchemasManifest, SchemaManifest } from '../src/manifest.js';
import { ProjectError } from './errors.js';

/** A JSON Schema object (draft 2020-12, draft-07 or OpenAPI 3.0 flavour, as the library emits it). */
export type JsonSchema = Record<string, unknown>;

/** One declared schema as the manifest carries it: its JSON Schema, or why the library offers none. */
export type SchemaDoc = SchemaManifest;

/** The request parts a route may declare a schema for. */
export type RequestPart = 'body' | 'query' | 'params' | 'headers';

/** What a route declares: request parts and, by HTTP status ("201"), responses. */
export type RouteSchemaDocs = RouteSchemasManifest;

/** The route's declared schemas; undefined when it declares none. */
export function routeSchemas(route: RouteManifest): RouteSchemaDocs | undefined {
  return route.schemas;
}

/** The route option a part comes from, for messages (`response[201]`). */
const optionName = (part: RequestPart | `response ${string}`): string => (part.startsWith('response ') ? `response[${part.slice(9)}]` : part);

/**
 * The JSON Schema of a declared schema, or a ProjectError naming the route and the option when
 * the library gives none: an empty schema would document (and validate) nothing without saying so.
 */
export function schemaOf(route: RouteManifest, part: RequestPart | `response ${string}`, doc: SchemaDoc | undefined): JsonSchema | undefined {
  if (doc === undefined) return undefined;
  if (doc.jsonSchema) return doc.jsonSchema;
  const why = doc.error;
  throw new ProjectError(
    `route ${route.name} (${route.methods.join(',')} ${route.path}): the ${optionName(part)} schema offers no JSON Schema (${why}), so it cannot be documented in the OpenAPI document nor checked by API Gateway. ` +
      'Use a schema library that implements Standard JSON Schema (zod 4, arktype), or wrap the schema so it does (valibot: toStandardJsonSchema from @valibot/to-json-schema); see docs/schemas.md.',
  );
}
