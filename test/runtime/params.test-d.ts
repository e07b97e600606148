// Type tests (vitest typecheck + tsc): `req.params` is typed from the route's path string.
import { describe, expectTypeOf, test } from 'vitest';
import { Blueprint, Calix, type PathParams, type Request } from '../../src/index.js';

const app = new Calix({ name: 'types' });
const bp = new Blueprint();

describe('req.params is typed from the path', () => {
  test('two parameters: exactly { id: string; itemId: string }', () => {
    app.route('/users/{id}/items/{itemId}', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: string; itemId: string }>();
      expectTypeOf(req.params.id).toBeString();
      // @ts-expect-error `nope` is not a parameter of this path
      req.params.nope;
      return req.params.itemId;
    });
  });

  test('with options, the same', () => {
    app.route('/orders/{orderId}', { methods: ['GET', 'DELETE'], cors: true }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ orderId: string }>();
      // @ts-expect-error `id` is not a parameter of this path
      req.params.id;
    });
  });

  test('a greedy {path+} gives `path`', () => {
    app.route('/files/{path+}', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ path: string }>();
      // @ts-expect-error the `+` is not part of the name
      req.params['path+'];
    });
    app.route('/buckets/{bucket}/{key+}', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ bucket: string; key: string }>();
    });
  });

  test('no parameters: {}', () => {
    app.route('/health', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{}>();
      // @ts-expect-error no parameters at all
      req.params.id;
    });
    app.route('/', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{}>();
    });
  });

  test('blueprint routes are typed the same way', () => {
    bp.route('/teams/{teamId}/members/{memberId}', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ teamId: string; memberId: string }>();
      // @ts-expect-error `id` is not a parameter of this path
      req.params.id;
    });
  });

  test('params are read-only strings, not string | undefined', () => {
    app.route('/users/{id}', (req) => {
      expectTypeOf(req.params.id).toEqualTypeOf<string>();
      expectTypeOf(req.params.id).not.toEqualTypeOf<string | undefined>();
    });
  });

  test('a path only known as `string` falls back to a string record', () => {
    const dynamicPath: string = ['/a', '{x}'].join('/');
    app.route(dynamicPath, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<Record<string, string>>();
    });
    expectTypeOf<PathParams<string>>().toEqualTypeOf<Record<string, string>>();
  });

  test('PathParams and Request<PathParams<P>> for helpers written outside a route', () => {
    expectTypeOf<PathParams<'/a/{b}/c/{d+}'>>().toEqualTypeOf<{ b: string; d: string }>();
    const handler = (req: Request<PathParams<'/users/{id}'>>) => req.params.id;
    app.route('/users/{id}', { methods: ['PUT'] }, handler);
    // @ts-expect-error a handler needing `slug` does not fit a route without it
    app.route('/users/{id}', { methods: ['PATCH'] }, (req: Request<PathParams<'/posts/{slug}'>>) => req.params.slug);
  });
});
