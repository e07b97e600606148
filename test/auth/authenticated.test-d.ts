// Type tests: on a route whose authorizer vouches for the caller, `req.auth` is not optional.
import { describe, expectTypeOf, test } from 'vitest';
import { Blueprint, Calix, CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer, AuthResponse, type Auth } from '../../src/index.js';

const app = new Calix({ name: 'types' });
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'users' });
const tokens = new CustomAuthorizer('tokens', {}, () => new AuthResponse({ routes: ['*'], principalId: 'p' }));

describe('req.auth on protected routes', () => {
  test('a Cognito route: Auth, not Auth | undefined; params still typed', () => {
    app.route('/me/{id}', { authorizer: users }, (req) => {
      expectTypeOf(req.auth).toEqualTypeOf<Auth>();
      expectTypeOf(req.params).toEqualTypeOf<{ id: string }>();
      return req.auth.sub;
    });
  });

  test('a custom authorizer route and a blueprint route: Auth', () => {
    app.route('/ops', { authorizer: tokens, methods: ['POST'] }, (req) => {
      expectTypeOf(req.auth).toEqualTypeOf<Auth>();
      return req.auth.sub;
    });
    new Blueprint().route('/bp', { authorizer: users }, (req) => {
      expectTypeOf(req.auth).toEqualTypeOf<Auth>();
      return req.auth.sub;
    });
  });

  test('public and IAM routes keep it optional (IAM puts no authorizer context in the event)', () => {
    app.route('/open', {}, (req) => {
      expectTypeOf(req.auth).toEqualTypeOf<Auth | undefined>();
      // @ts-expect-error possibly undefined on a public route
      return req.auth.sub;
    });
    app.route('/iam', { authorizer: new IAMAuthorizer() }, (req) => {
      expectTypeOf(req.auth).toEqualTypeOf<Auth | undefined>();
    });
  });
});
