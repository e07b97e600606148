// Each route's declared schemas, turned into what the OpenAPI document says about the route
// (parameters, request body, responses, named schemas in `components`) and what API Gateway
// checks before the router runs (the edge rules). toOpenApi writes both into the deployed
// document; `calix local`'s gateway enforces the same edge rules: one computation, two readers.
import { STATUS_CODES } from 'node:http';
import type { Manifest, RouteManifest } from '../src/manifest.js';
import { edgeModel } from './edge-model.js';
import { ProjectError } from './errors.js';
import { toOas30, type OasSchema } from './oas-schema.js';
import { routeSchemas, schemaOf, type JsonSchema, type RequestPart } from './route-schemas.js';

/** Methods whose requests carry a body (an OpenAPI `requestBody`). */
export const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** The media type API Gateway validates bodies of (its models are keyed by content type). */
export const EDGE_BODY_TYPE = 'application/json';

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: OasSchema;
  description?: string;
}

/** What API Gateway checks for a route before invoking the router (its request validator). */
export interface EdgeRule {
  /** Query string parameters that must be present and not blank. */
  readonly query: readonly string[];
  /** Headers that must be present and not blank (names as declared; matched case-insensitively). */
  readonly headers: readonly string[];
  /** The draft-04 model an `application/json` body of a POST/PUT/PATCH must satisfy. */
  readonly body?: { readonly component: string; readonly model: OasSchema };
}

/** A route's part of the OpenAPI document. */
export interface RouteContract {
  /** Path (in template order), query and header parameters. */
  readonly parameters: readonly OpenApiParameter[];
  /** The component holding the body schema. */
  readonly body?: string;
  /** Declared responses: HTTP status -> component. */
  readonly responses?: Readonly<Record<string, string>>;
  readonly edge: EdgeRule;
}

export interface RouteContracts {
  /** By route name; only routes that declare schemas. */
  readonly routes: ReadonlyMap<string, RouteContract>;
  /** The schemas, exactly as OpenAPI 3.0 can say them (for documentation and clients). */
  readonly components: Readonly<Record<string, OasSchema>>;
  /**
   * The body and response components as API Gateway models (draft-04, self-contained; see
   * edge-model.ts): what the deployed document holds.
   */
  readonly edgeComponents: Readonly<Record<string, OasSchema>>;
  /** `route <name> <option>: <JSON pointer>` of every keyword OpenAPI 3.0 lacks (dropped from the document). */
  readonly dropped: readonly string[];
}

/** Letters and digits, first letter upper-case: API Gateway model names are alphanumeric. */
const pascal = (name: string): string => {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(joined) || !joined ? `M${joined}` : joined;
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

const decodePointer = (s: string): string => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');

/** Turns every route's schemas into its contract; throws a ProjectError for a schema that cannot be documented. */
export function routeContracts(manifest: Pick<Manifest, 'routes'>): RouteContracts {
  const components: Record<string, OasSchema> = {};
  const taken = new Set<string>();
  const claim = (base: string): string => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    return name;
  };
  const dropped: string[] = [];
  const routes = new Map<string, RouteContract>();

  /** Converts a root schema whose component name is `name` (hoisting its $defs next to it). */
  const convert = (route: RouteManifest, option: string, schema: JsonSchema, name: string, asComponent: boolean): OasSchema => {
    const fail = (why: string): never => {
      throw new ProjectError(`route ${route.name} (${route.methods.join(',')} ${route.path}): the ${option} schema cannot be written as OpenAPI 3.0: ${why}; see docs/schemas.md`);
    };
    // References by their decoded JSON pointer segments: `#` is [], `#/$defs/a~1b` is ["$defs","a/b"].
    const refs = new Map<string, string>();
    if (asComponent) refs.set('[]', `#/components/schemas/${name}`);
    const defs: [string, unknown][] = [];
    for (const key of ['$defs', 'definitions'] as const) {
      const group = schema[key];
      if (!isObject(group)) continue;
      for (const [def, body] of Object.entries(group)) {
        const component = claim(`${name}${pascal(def)}`);
        refs.set(JSON.stringify([key, def]), `#/components/schemas/${component}`);
        defs.push([component, body]);
      }
    }
    const c = {
      ref: (r: string) => (r === '#' || r.startsWith('#/') ? refs.get(JSON.stringify(r === '#' ? [] : r.slice(2).split('/').map(decodePointer))) : undefined),
      dropped: (pointer: string) => dropped.push(`route ${route.name} ${option}: ${pointer || '/'}`),
      fail,
    };
    for (const [component, body] of defs) components[component] = toOas30(body, c, `/${component}`);
    return toOas30(schema, c);
  };

  /** The properties and required names of an object schema (query, params, headers). */
  const objectProperties = (route: RouteManifest, option: RequestPart, schema: JsonSchema, name: string) => {
    let root = convert(route, option, schema, name, false);
    // A root that is one $ref (a named library schema): follow it into the hoisted definitions.
    for (let hops = 0; typeof root.$ref === 'string' && hops < 10; hops++) root = components[root.$ref.split('/').pop()!] ?? {};
    if (!isObject(root.properties)) {
      throw new ProjectError(
        `route ${route.name} (${route.methods.join(',')} ${route.path}): the ${option} schema must be an object schema whose properties are the parameter names (its JSON Schema has no "properties"); see docs/schemas.md`,
      );
    }
    const required = new Set(Array.isArray(root.required) ? (root.required as string[]) : []);
    return Object.entries(root.properties as Record<string, OasSchema>).map(([param, s]) => ({ param, schema: s, required: required.has(param) }));
  };

  for (const route of manifest.routes) {
    const declared = routeSchemas(route);
    if (!declared) continue;
    const base = pascal(route.name);
    const parameters: OpenApiParameter[] = [];
    const described = (s: OasSchema) => (typeof s.description === 'string' ? { description: s.description } : {});

    const paramsSchema = schemaOf(route, 'params', declared.params);
    const pathSchemas = new Map(paramsSchema ? objectProperties(route, 'params', paramsSchema, `${base}Params`).map((p) => [p.param, p.schema]) : []);
    for (const name of route.params) {
      const s = pathSchemas.get(name) ?? { type: 'string' };
      parameters.push({ name, in: 'path', required: true, schema: s, ...described(s) });
    }
    const edgeQuery: string[] = [];
    const edgeHeaders: string[] = [];
    for (const [part, where, into] of [['query', 'query', edgeQuery], ['headers', 'header', edgeHeaders]] as const) {
      const schema = schemaOf(route, part, declared[part]);
      if (!schema) continue;
      for (const p of objectProperties(route, part, schema, `${base}${pascal(part)}`)) {
        parameters.push({ name: p.param, in: where, required: p.required, schema: p.schema, ...described(p.schema) });
        if (p.required) into.push(p.param);
      }
    }

    let body: string | undefined;
    const bodySchema = schemaOf(route, 'body', declared.body);
    if (bodySchema) {
      body = claim(`${base}Body`);
      components[body] = convert(route, 'body', bodySchema, body, true);
    }
    let responses: Record<string, string> | undefined;
    for (const [status, doc] of Object.entries(declared.responses ?? {})) {
      if (!/^[1-5]\d\d$/.test(status)) {
        throw new ProjectError(`route ${route.name} (${route.methods.join(',')} ${route.path}): response schema for "${status}", which is not an HTTP status (100-599)`);
      }
      const schema = schemaOf(route, `response ${status}`, doc)!;
      const name = claim(`${base}${status}Response`);
      components[name] = convert(route, `response[${status}]`, schema, name, true);
      (responses ??= {})[status] = name;
    }
    const jsonBody = body !== undefined && route.contentTypes.includes(EDGE_BODY_TYPE) && route.methods.some((m) => BODY_METHODS.has(m));
    routes.set(route.name, {
      parameters,
      ...(body ? { body } : {}),
      ...(responses ? { responses } : {}),
      edge: { query: edgeQuery, headers: edgeHeaders, ...(jsonBody ? { body: { component: body!, model: edgeModel(components[body!]!, components, [body!]) } } : {}) },
    });
  }

  const edgeComponents: Record<string, OasSchema> = {};
  for (const c of routes.values()) {
    for (const name of [c.body, ...Object.values(c.responses ?? {})]) if (name) edgeComponents[name] = c.edge.body?.component === name ? c.edge.body.model : edgeModel(components[name]!, components, [name]);
  }
  return { routes, components, edgeComponents, dropped };
}

/** The reason phrase of an HTTP status, for a response's description. */
export const statusText = (status: string): string => STATUS_CODES[Number(status)] ?? `Status ${status}`;
