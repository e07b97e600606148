// Routes with schemas in the OpenAPI document (#15): GIVEN a manifest whose routes declare
// schemas (zod's JSON Schema output), WHEN converted, THEN operations have typed parameters,
// request bodies and responses with named schemas in components, the deployed document carries
// draft-04 models and request validators, and an independent validator accepts both documents.
import { Validator } from '@seriousme/openapi-schema-validator';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { draft04 } from '../../cli/local/edge-validation.js';
import { ProjectError } from '../../project/errors.js';
import { toOpenApi, type OpenApiDocument, type OpenApiOperation } from '../../project/openapi.js';
import { routeContracts } from '../../project/route-contracts.js';
import { Calix, Response, type Manifest } from '../../src/index.js';
import { doc as hand, noDoc, schemaApp, withSchemas } from '../fixtures/schema-app.js';
import type { SchemaDoc } from '../../project/route-schemas.js';
import { apiBody, cleanup, exampleManifest, resources, synth, tempDir, type Synth } from './fixtures.js';

const { manifest } = schemaApp({ cors: true });
const plain = toOpenApi(manifest, { apiGatewayExtensions: false });
const deployed = toOpenApi(manifest);

function op(doc: OpenApiDocument, path: string, method: string): OpenApiOperation {
  const o = doc.paths[path]?.[method];
  if (!o || Array.isArray(o)) throw new Error(`no ${method} ${path}`);
  return o;
}
const keysIn = (v: unknown, out: string[] = []): string[] => {
  if (Array.isArray(v)) v.forEach((x) => keysIn(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), keysIn(x, out));
  return out;
};
/** A one-route manifest whose route `thing` (POST /things) declares `body`. */
const bodyRoute = (body: SchemaDoc, name = 'thing') => {
  const app = new Calix({ name: 'x' });
  app.route('/things', { name, methods: ['POST'] }, () => ({}));
  return withSchemas(app.manifest(), { [name]: { body } });
};

describe('operations of routes with schemas', () => {
  test('query, header and path parameters come from the object schemas: name, in, required, schema', () => {
    expect(op(plain, '/todos', 'get').parameters).toEqual([
      { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } },
    ]);
    expect(op(plain, '/todos', 'post').parameters).toEqual([
      { name: 'x-request-id', in: 'header', required: true, schema: { type: 'string' } },
      { name: 'x-trace', in: 'header', required: false, schema: { type: 'string' } },
    ]);
    expect(op(plain, '/todos/{id}', 'get').parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } }]);
    // A route without schemas keeps plain string path parameters and the handler's 200.
    expect(op(plain, '/health', 'get')).toEqual({ operationId: 'health', responses: { '200': { description: "The route handler's response" } } });
  });

  test('the body is a required application/json request body referring to a named component', () => {
    expect(op(plain, '/todos', 'post').requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateTodoBody' } } } });
  });

  test('each declared status is a response whose schema is a named component', () => {
    expect(op(plain, '/todos', 'post').responses).toEqual({
      '201': { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateTodo201Response' } } } },
      '400': { description: 'Bad Request', content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateTodo400Response' } } } },
    });
    expect(Object.keys(plain.components.schemas!).sort()).toEqual(
      ['CreateTodo201Response', 'CreateTodo201ResponseTag', 'CreateTodo400Response', 'CreateTodoBody', 'CreateTodoBodyTag', 'GetTodo200Response', 'GetTodo200ResponseTag', 'ListTodos200Response', 'ListTodos200ResponseTag'].sort(),
    );
  });

  test('JSON Schema becomes OpenAPI 3.0: no $schema, const -> enum, null -> nullable, numeric exclusiveMinimum -> boolean, $defs -> components', () => {
    const body = plain.components.schemas!.CreateTodoBody!;
    expect(body.$schema).toBeUndefined();
    expect(body.$defs).toBeUndefined();
    const props = body.properties as Record<string, Record<string, unknown>>;
    expect(props.kind).toEqual({ type: 'string', enum: ['task'] });
    expect(props.prio).toEqual({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 5 });
    expect(props.due).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(props.tags).toEqual({ type: 'array', items: { $ref: '#/components/schemas/CreateTodoBodyTag' } });
    expect(plain.components.schemas!.CreateTodoBodyTag).toEqual({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
    expect(body.required).toEqual(['title', 'prio', 'kind', 'tags']);
  });

  test('recursion ($ref "#"), tuples, type arrays and anyOf with null are translated; what 3.0 lacks is dropped and reported', () => {
    const m = bodyRoute(hand({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        name: { type: ['string', 'null'] },
        children: { type: 'array', items: { $ref: '#' } },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false, minItems: 2 },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
        only: { const: null },
        keys: { type: 'object', propertyNames: { pattern: '^a' } },
        exclusive: { type: 'number', exclusiveMaximum: 10, maximum: 20 },
      },
    }));
    const doc = toOpenApi(m, { apiGatewayExtensions: false });
    const props = doc.components.schemas!.ThingBody!.properties as Record<string, unknown>;
    expect(props).toEqual({
      name: { type: 'string', nullable: true },
      children: { type: 'array', items: { $ref: '#/components/schemas/ThingBody' } },
      pair: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] }, minItems: 2, maxItems: 2 },
      either: { anyOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
      only: { enum: [null], nullable: true },
      keys: { type: 'object' },
      exclusive: { type: 'number', maximum: 10, exclusiveMaximum: true },
    });
    expect(routeContracts(m).dropped).toEqual(['route thing body: /properties/keys/propertyNames']);
  });

  test('component names are stable and collision-free (alphanumeric, as API Gateway model names must be)', () => {
    const app = new Calix({ name: 'x' });
    app.route('/a', { name: 'create-todo', methods: ['POST'] }, () => ({}));
    app.route('/b', { name: 'createTodo', methods: ['POST'] }, () => ({}));
    app.route('/c', { name: '2fa', methods: ['POST'] }, () => ({}));
    const body = hand({ type: 'object' });
    const m = withSchemas(app.manifest(), { 'create-todo': { body }, createTodo: { body }, '2fa': { body } });
    const doc = toOpenApi(m, { apiGatewayExtensions: false });
    expect(Object.keys(doc.components.schemas!)).toEqual(['CreateTodoBody', 'CreateTodoBody2', 'M2faBody']);
    expect(op(doc, '/b', 'post').requestBody!.content['application/json']).toEqual({ schema: { $ref: '#/components/schemas/CreateTodoBody2' } });
    expect(toOpenApi(m, { apiGatewayExtensions: false })).toEqual(doc);
  });

  test('a schema that offers no JSON Schema is an error naming the route, the option and the fix', () => {
    const m = bodyRoute(noDoc('valibot schemas carry no JSON Schema'), 'createTodo');
    expect(() => toOpenApi(m)).toThrow(ProjectError);
    expect(() => toOpenApi(m)).toThrow(
      /^route createTodo \(POST \/things\): the body schema offers no JSON Schema \(valibot schemas carry no JSON Schema\).*valibot: toStandardJsonSchema from @valibot\/to-json-schema/,
    );
    const app = new Calix({ name: 'x' });
    app.route('/t', { name: 'list' }, () => ({}));
    const r = withSchemas(app.manifest(), { list: { responses: { '200': noDoc('no JSON Schema') } } });
    expect(() => toOpenApi(r)).toThrow(/route list \(GET \/t\): the response\[200\] schema offers no JSON Schema/);
  });

  test('a $ref outside the schema, a non-object query schema and a bad status are errors naming the route', () => {
    expect(() => toOpenApi(bodyRoute(hand({ $ref: 'https://example.com/s.json' })))).toThrow(
      /route thing \(POST \/things\): the body schema cannot be written as OpenAPI 3.0: the schema has \$ref "https:\/\/example.com\/s.json"/,
    );
    const app = new Calix({ name: 'x' });
    app.route('/t', { name: 'list' }, () => ({}));
    expect(() => toOpenApi(withSchemas(app.manifest(), { list: { query: hand({ type: 'string' }) } }))).toThrow(/route list \(GET \/t\): the query schema must be an object schema/);
    expect(() => toOpenApi(withSchemas(app.manifest(), { list: { responses: { ok: hand({}) } } }))).toThrow(/route list \(GET \/t\): response schema for "ok"/);
  });
});

describe('the deployed document: API Gateway models and request validators', () => {
  test('operations with a JSON body use the "all" validator; the others keep the document-wide params-only', () => {
    expect(deployed['x-amazon-apigateway-request-validators']).toEqual({
      'params-only': { validateRequestBody: false, validateRequestParameters: true },
      all: { validateRequestBody: true, validateRequestParameters: true },
    });
    expect(deployed['x-amazon-apigateway-request-validator']).toBe('params-only');
    expect(op(deployed, '/todos', 'post')['x-amazon-apigateway-request-validator']).toBe('all');
    expect(op(deployed, '/todos', 'get')['x-amazon-apigateway-request-validator']).toBeUndefined();
    // Required query and header parameters are what params-only checks.
    expect(op(deployed, '/todos', 'get').parameters!.filter((p) => p.required).map((p) => `${p.in}:${p.name}`)).toEqual(['query:q']);
  });

  test('models are self-contained draft-04 schemas: refs inlined, format/pattern/annotations dropped, nullable as anyOf with null', () => {
    const schemas = deployed.components.schemas!;
    expect(Object.keys(schemas).sort()).toEqual(['CreateTodo201Response', 'CreateTodo400Response', 'CreateTodoBody', 'GetTodo200Response', 'ListTodos200Response']);
    const keys = keysIn(schemas);
    for (const k of ['$ref', 'nullable', 'format', 'pattern', 'default', '$schema', 'const']) expect(keys).not.toContain(k);
    const props = schemas.CreateTodoBody!.properties as Record<string, unknown>;
    expect(props.due).toEqual({ anyOf: [{ type: 'string' }, { enum: [null] }] });
    expect(props.tags).toEqual({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } });
    expect(props.prio).toEqual({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 5 });
    const ajv = draft04();
    for (const [name, s] of Object.entries(schemas)) expect(ajv.validateSchema(s), name).toBe(true);
    // What API Gateway accepts, the router must accept too: the edge is laxer, never stricter.
    const validate = ajv.compile(schemas.CreateTodoBody!);
    expect(validate({ title: 'a', prio: 1, kind: 'task', tags: [], due: null, email: 'not checked at the edge' })).toBe(true);
    expect(validate({ title: '', prio: 1, kind: 'task', tags: [] })).toBe(false);
    expect(validate({ title: 'a', prio: 0, kind: 'task', tags: [] })).toBe(false);
  });

  test('a recursive body model stops at the cycle with an empty schema (API Gateway models cannot refer to themselves)', () => {
    const m = bodyRoute(hand({ type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#' } } }, required: ['name'] }));
    expect(toOpenApi(m).components.schemas!.ThingBody).toEqual({ type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: {} } }, required: ['name'] });
  });

  test('only application/json carries the model: API Gateway would validate other content types as JSON', () => {
    const app = new Calix({ name: 'x' });
    app.route('/f', { name: 'form', methods: ['POST'], contentTypes: ['application/json', 'application/x-www-form-urlencoded'] }, () => ({}));
    const m = withSchemas(app.manifest(), { form: { body: hand({ type: 'object' }) } });
    expect(op(toOpenApi(m), '/f', 'post').requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/FormBody' } }, 'application/x-www-form-urlencoded': {} } });
    expect(op(toOpenApi(m, { apiGatewayExtensions: false }), '/f', 'post').requestBody!.content['application/x-www-form-urlencoded']).toEqual({ schema: { $ref: '#/components/schemas/FormBody' } });
  });

  test('--no-extensions stays a plain document with the exact schemas', () => {
    expect(keysIn(plain).filter((k) => k.startsWith('x-amazon'))).toEqual([]);
    expect(keysIn(plain.components.schemas)).toContain('nullable');
  });
});

/**
 * Routes whose schemas come from arktype (its JSON Schema is draft-07, converted to OpenAPI 3.0)
 * and valibot (wrapped with toStandardJsonSchema, as docs/schemas.md says).
 */
function otherLibraries(): Manifest {
  const app = new Calix({ name: 'libs' });
  const Book = type({ title: 'string > 0', 'year?': 'number.integer', 'isbn?': 'string | null' });
  app.route('/books', { name: 'addBook', methods: ['POST'], body: Book, response: { 201: Book } }, (req) => new Response(req.valid.body, { status: 201 }));
  app.route('/books', { name: 'findBooks', query: type({ author: 'string', 'page?': 'string' }) }, (req) => [req.valid.query.author]);
  const Note = toStandardJsonSchema(v.object({ text: v.pipe(v.string(), v.minLength(1)), pinned: v.optional(v.boolean()) }));
  app.route('/notes', { name: 'addNote', methods: ['POST'], body: Note }, (req) => req.valid.body);
  return app.manifest();
}

describe('schemas from arktype and valibot', () => {
  test('become the same kind of operations: parameters, a body component and response components', () => {
    const doc = toOpenApi(otherLibraries(), { apiGatewayExtensions: false });
    expect(op(doc, '/books', 'get').parameters).toEqual([
      { name: 'author', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'page', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(Object.keys(doc.components.schemas!).sort()).toEqual(['AddBook201Response', 'AddBookBody', 'AddNoteBody']);
    const book = doc.components.schemas!.AddBookBody as any;
    expect(book.required).toEqual(['title']);
    expect(book.properties.title).toMatchObject({ type: 'string', minLength: 1 });
    expect(book.properties.isbn).toMatchObject({ type: 'string', nullable: true });
    expect(keysIn(doc.components.schemas)).not.toContain('$schema');
    expect((doc.components.schemas!.AddNoteBody as any).properties.text).toMatchObject({ type: 'string', minLength: 1 });
  });
});

describe('an independent OpenAPI validator (@seriousme/openapi-schema-validator)', () => {
  const validator = new Validator();
  test.each([
    ['schemas, deployed', deployed],
    ['schemas, --no-extensions', plain],
    ['the example app, deployed', toOpenApi(exampleManifest())],
    ['the example app, --no-extensions', toOpenApi(exampleManifest(), { apiGatewayExtensions: false })],
    ['arktype and valibot schemas, deployed', toOpenApi(otherLibraries())],
    ['arktype and valibot schemas, --no-extensions', toOpenApi(otherLibraries(), { apiGatewayExtensions: false })],
  ])('accepts %s', async (_what, doc) => {
    const result = await validator.validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('the synthesized stack', () => {
  afterAll(cleanup);

  test('the RestApi body holds the validators and the models; resources do not grow with schemas', () => {
    const withSchemas = synth({ manifest }, { validation: true });
    const body = apiBody(withSchemas.template);
    expect(body['x-amazon-apigateway-request-validators'].all).toEqual({ validateRequestBody: true, validateRequestParameters: true });
    expect(body.paths['/todos'].post['x-amazon-apigateway-request-validator']).toBe('all');
    expect(body.paths['/todos'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateTodoBody' });
    expect(body.components.schemas.CreateTodoBody.properties.title).toEqual({ type: 'string', minLength: 1, maxLength: 100 });
    expect(body.paths['/todos'].get.parameters.find((p: { name: string }) => p.name === 'q')).toEqual({ name: 'q', in: 'query', required: true, schema: { type: 'string' } });
    // No per-route or per-model resources: models live in the body.
    const bare = synth({ manifest: schemaApp({ bare: true }).manifest });
    const count = (s: Synth) => Object.keys(s.template.toJSON().Resources).length;
    expect(count(withSchemas)).toBe(count(bare));
    expect(resources(withSchemas.template, 'AWS::ApiGateway::Model')).toEqual({});
    expect(resources(withSchemas.template, 'AWS::ApiGateway::RequestValidator')).toEqual({});
  });

  test('cfn-lint finds no error in the template', () => {
    const s = synth({ manifest });
    const file = join(tempDir('lint'), 'template.json');
    writeFileSync(file, JSON.stringify(s.template.toJSON()));
    const r = spawnSync('cfn-lint', ['--format', 'parseable', file], { encoding: 'utf8' });
    if (r.error) throw new Error(`cfn-lint is not installed here (${r.error.message}); see notes on the machine`);
    // Exit codes: 2 = errors; 4 = warnings (W3005 from CDK's Lambda DependsOn is known), 8 = informational.
    expect(r.status! & 2, r.stdout).toBe(0);
  });
});
