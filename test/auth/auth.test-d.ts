// Type tests (vitest typecheck + tsc): `req.auth` and its typed custom claims.
import { describe, expectTypeOf, test } from 'vitest';
import { AuthResponse, Calix, CustomAuthorizer, type Auth, type AuthRequest } from '../../src/index.js';

const app = new Calix({ name: 'types' });

describe('req.auth', () => {
  test('standard fields are typed; it may be undefined (public routes)', () => {
    app.route('/me', (req) => {
      expectTypeOf(req.auth).toEqualTypeOf<Auth | undefined>();
      const a = req.auth!;
      expectTypeOf(a.sub).toBeString();
      expectTypeOf(a.groups).toEqualTypeOf<string[]>();
      expectTypeOf(a.scopes).toEqualTypeOf<string[]>();
      expectTypeOf(a.email).toEqualTypeOf<string | undefined>();
      expectTypeOf(a.tokenUse).toEqualTypeOf<'id' | 'access' | undefined>();
      expectTypeOf(a.claims.anything).toBeUnknown();
      return a.sub;
    });
  });

  test('authAs<C>() types custom claims', () => {
    app.route('/tenant', (req) => {
      const a = req.authAs<{ 'custom:tenant': string; 'custom:seats': string }>();
      expectTypeOf(a!.claims['custom:tenant']).toBeString();
      expectTypeOf(a!.groups).toEqualTypeOf<string[]>();
      return a?.claims['custom:seats'];
    });
  });

  test('a custom authorizer function gets the token and returns an AuthResponse or a policy', () => {
    new CustomAuthorizer('t', { ttlSeconds: 0 }, (r) => {
      expectTypeOf(r).toEqualTypeOf<AuthRequest>();
      expectTypeOf(r.token).toBeString();
      return new AuthResponse({ routes: ['/a', { path: '/b', methods: ['GET'] }], principalId: 'p', context: { n: 1, ok: true, s: 'x' } });
    });
    // @ts-expect-error context values are strings, numbers or booleans
    new AuthResponse({ routes: [], principalId: 'p', context: { nested: { a: 1 } } });
  });
});
