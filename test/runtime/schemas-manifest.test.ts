// The manifest's `schemas` (issue #15): each declared schema's JSON Schema, obtained through the
// Standard JSON Schema interface, for the OpenAPI generator; or why there is none.
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { Calix, MANIFEST_VERSION, type RouteManifest } from '../../src/index.js';

const Todo = z.object({ title: z.string().min(1), done: z.boolean().default(false) });
const TodoOut = z.object({ id: z.string(), title: z.string(), done: z.boolean() });

function manifestOf(register: (app: Calix) => void): RouteManifest[] {
  const app = new Calix({ name: 'm' });
  register(app);
  const m = app.manifest();
  expect(m.manifestVersion).toBe(MANIFEST_VERSION);
  // Plain JSON: what the CLI reads back from a bundle.
  expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  return m.routes;
}

describe('route schemas in the manifest', () => {
  test('zod: request parts from the input type, responses (by status) from the output type, as OpenAPI 3.0', () => {
    const [route] = manifestOf((app) =>
      app.route('/todos/{id}', {
        methods: ['PUT'],
        body: Todo,
        query: z.object({ expand: z.enum(['tags']).optional() }),
        params: z.object({ id: z.string().uuid() }),
        headers: z.object({ 'x-tenant': z.string() }),
        response: { 200: TodoOut, 404: z.object({ code: z.string(), message: z.string() }) },
      }, () => null),
    );
    const zod = (jsonSchema: object) => ({ vendor: 'zod', target: 'openapi-3.0', jsonSchema });
    expect(route!.schemas).toEqual({
      // Input: `done` has a default, so a client may leave it out.
      body: zod({ type: 'object', properties: { title: { type: 'string', minLength: 1 }, done: { type: 'boolean', default: false } }, required: ['title'] }),
      query: zod({ type: 'object', properties: { expand: { type: 'string', enum: ['tags'] } } }),
      params: zod({ type: 'object', properties: { id: expect.objectContaining({ type: 'string', format: 'uuid' }) }, required: ['id'] }),
      headers: zod({ type: 'object', properties: { 'x-tenant': { type: 'string' } }, required: ['x-tenant'] }),
      responses: {
        200: zod({
          type: 'object',
          properties: { id: { type: 'string' }, title: { type: 'string' }, done: { type: 'boolean' } },
          required: ['id', 'title', 'done'],
          additionalProperties: false,
        }),
        404: zod(expect.objectContaining({ required: ['code', 'message'] })),
      },
    });
  });

  test('a route without schemas has no `schemas` key; only declared options appear', () => {
    const routes = manifestOf((app) => {
      app.route('/plain', () => null);
      app.route('/only-body', { methods: ['POST'], body: Todo }, () => null);
    });
    expect('schemas' in routes[0]!).toBe(false);
    expect(Object.keys(routes[1]!.schemas!)).toEqual(['body']);
  });

  test('arktype offers draft-07 (not openapi-3.0): recorded with its target for the generator to convert', () => {
    const [route] = manifestOf((app) => app.route('/ark', { methods: ['POST'], body: type({ title: 'string > 0', 'done?': 'boolean' }) }, () => null));
    expect(route!.schemas!.body).toEqual({
      vendor: 'arktype',
      target: 'draft-07',
      jsonSchema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { title: { type: 'string', minLength: 1 }, done: { type: 'boolean' } },
        required: ['title'],
      },
    });
  });

  test('valibot: wrapped with toStandardJsonSchema it has a JSON Schema; bare, the manifest says how to get one', () => {
    const Item = v.object({ title: v.pipe(v.string(), v.minLength(1)), n: v.nullable(v.number()) });
    const routes = manifestOf((app) => {
      app.route('/wrapped', { methods: ['POST'], body: toStandardJsonSchema(Item) }, (req) => req.valid.body.title);
      app.route('/bare', { methods: ['POST'], body: Item }, () => null);
    });
    expect(routes[0]!.schemas!.body).toEqual({
      vendor: 'valibot',
      target: 'openapi-3.0',
      jsonSchema: { type: 'object', properties: { title: { type: 'string', minLength: 1 }, n: { type: 'number', nullable: true } }, required: ['title', 'n'] },
    });
    expect(routes[1]!.schemas!.body).toEqual({
      vendor: 'valibot',
      target: null,
      jsonSchema: null,
      error: 'a valibot schema carries no JSON Schema: wrap it with toStandardJsonSchema() from @valibot/to-json-schema',
    });
  });

  test('a schema its library cannot express in JSON Schema is recorded as an error, never as {}', () => {
    const [route] = manifestOf((app) =>
      app.route('/dates', {
        methods: ['POST'],
        body: z.object({ at: z.date() }),
        // A transform has an input JSON Schema (a string) but no output one.
        response: { 200: z.object({ n: z.string().transform((s) => s.length) }) },
      }, () => null),
    );
    expect(route!.schemas!.body).toEqual({ vendor: 'zod', target: null, jsonSchema: null, error: 'zod cannot express it in JSON Schema: Date cannot be represented in JSON Schema' });
    expect(route!.schemas!.responses![200]).toEqual({
      vendor: 'zod', target: null, jsonSchema: null, error: 'zod cannot express it in JSON Schema: Transforms cannot be represented in JSON Schema',
    });
  });

  test('the validated handler still runs on the same registration (the manifest reads, never changes, the route)', async () => {
    const app = new Calix({ name: 'm' });
    app.route('/x', { methods: ['POST'], body: Todo }, (req) => req.valid.body);
    app.manifest();
    const { createTestClient } = await import('../../src/testing/index.js');
    expect((await createTestClient(app).http.post('/x', { json: { title: 'a' } })).json()).toEqual({ title: 'a', done: false });
  });
});
