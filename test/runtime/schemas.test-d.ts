// Type tests (vitest typecheck + tsc): `req.valid` is typed from the route's schemas, with
// StandardSchemaV1.InferOutput, for any Standard Schema library.
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { Blueprint, Calix, CognitoUserPoolAuthorizer, type Auth, type HandlerDecorator, type Request, type RouteHandler, type Validated } from '../../src/index.js';

const app = new Calix({ name: 'types' });
const Todo = z.object({ title: z.string().min(1), done: z.boolean().default(false) });

describe('req.valid is typed from the schemas', () => {
  test('body: the schema output (defaults applied), not its input', () => {
    app.route('/todos', { methods: ['POST'], body: Todo }, (req) => {
      expectTypeOf(req.valid.body).toEqualTypeOf<{ title: string; done: boolean }>();
      // @ts-expect-error the route declares no query schema
      req.valid.query;
    });
  });

  test('query, params and headers: each its own output; req.params stays the path strings', () => {
    app.route('/todos/{id}', {
      query: z.object({ expand: z.enum(['tags']).optional() }),
      params: z.object({ id: z.coerce.number() }),
      headers: z.object({ 'x-tenant': z.string() }),
    }, (req) => {
      expectTypeOf(req.valid.query).toEqualTypeOf<{ expand?: 'tags' | undefined }>();
      expectTypeOf(req.valid.params).toEqualTypeOf<{ id: number }>();
      expectTypeOf(req.valid.headers).toEqualTypeOf<{ 'x-tenant': string }>();
      expectTypeOf(req.params).toEqualTypeOf<{ id: string }>();
      // @ts-expect-error no body schema
      req.valid.body;
    });
  });

  test('a mismatch fails to compile', () => {
    app.route('/n', { methods: ['POST'], body: z.object({ n: z.number() }) }, (req) => {
      // @ts-expect-error `n` is a number, not a string
      const s: string = req.valid.body.n;
      return s;
    });
    // @ts-expect-error the handler asks for a body the schema does not produce
    app.route('/m', { methods: ['POST'], body: z.object({ n: z.number() }) }, (req: Request<{}, { body: { n: string } }>) => req.valid.body.n);
  });

  test('no schema: req.valid is {} and has no keys', () => {
    app.route('/plain', (req) => {
      expectTypeOf(req.valid).toEqualTypeOf<{}>();
      // @ts-expect-error nothing validated
      req.valid.body;
    });
    app.route('/plain2', { methods: ['GET'], cors: true }, (req) => {
      expectTypeOf(req.valid).toEqualTypeOf<{}>();
    });
  });

  test('valibot (bare or wrapped for JSON Schema) and arktype type it the same way', () => {
    const Item = v.object({ title: v.string(), count: v.pipe(v.string(), v.toNumber()) });
    app.route('/v', { methods: ['POST'], body: Item, query: toStandardJsonSchema(Item) }, (req) => {
      expectTypeOf(req.valid.body).toEqualTypeOf<{ title: string; count: number }>();
      expectTypeOf(req.valid.query).toEqualTypeOf<{ title: string; count: number }>();
    });
    app.route('/a', { methods: ['POST'], body: type({ title: 'string', 'n?': 'number' }) }, (req) => {
      expectTypeOf(req.valid.body).toEqualTypeOf<{ title: string; n?: number }>();
    });
  });

  test('response schemas do not add to req.valid', () => {
    app.route('/r', { response: { 200: Todo } }, (req) => {
      expectTypeOf(req.valid).toEqualTypeOf<{}>();
    });
  });

  test('authenticated routes keep req.auth and gain req.valid', () => {
    const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'u' });
    app.route('/me', { methods: ['PATCH'], authorizer: users, body: Todo }, (req) => {
      expectTypeOf(req.auth).toEqualTypeOf<Auth>();
      expectTypeOf(req.valid.body.title).toBeString();
    });
  });

  test('blueprints take the same options', () => {
    new Blueprint().route('/b/{id}', { params: z.object({ id: z.uuid() }) }, (req) => {
      expectTypeOf(req.valid.params).toEqualTypeOf<{ id: string }>();
    });
  });

  test('Validated<O> maps options to req.valid', () => {
    expectTypeOf<Validated<{ body: typeof Todo; cors: true }>>().toEqualTypeOf<{ readonly body: { title: string; done: boolean } }>();
    expectTypeOf<Validated<{ methods: ['GET'] }>>().toEqualTypeOf<{}>();
  });
});

describe('decorators take the same options', () => {
  test('the decorator for a schema route wants a method whose request has req.valid of the schema', () => {
    expectTypeOf(app.route('/d', { methods: ['POST'], body: Todo })).toEqualTypeOf<
      HandlerDecorator<RouteHandler<'/d', { readonly body: { title: string; done: boolean } }>>
    >();

    class Todos {
      @app.route('/d1', { methods: ['POST'], body: Todo })
      static create(req: Request<{}, { body: { title: string; done: boolean } }>) {
        return req.valid.body.title;
      }

      // @ts-expect-error the method wants a numeric title; the schema gives a string
      @app.route('/d2', { methods: ['POST'], body: Todo })
      static wrong(req: Request<{}, { body: { title: number } }>) {
        return req.valid.body.title;
      }
    }
    void Todos;
  });
});
