import { describe, expect, test } from 'vitest';
import { Blueprint, Calix, CognitoUserPoolAuthorizer, IAMAuthorizer, MANIFEST_VERSION, type Manifest } from '../../src/index.js';

const DEFAULT_HEADERS = ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key'];

function buildApp() {
  const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'shop-users', scopes: ['shop/read'] });
  const iam = new IAMAuthorizer();
  const app = new Calix({ name: 'shop' });
  app.route('/', function home() {
    return { ok: true };
  });
  app.route('/products/{productId}/reviews/{reviewId}', { methods: ['get', 'DELETE'], authorizer: users, cors: true }, () => undefined);
  app.route('/images/{key+}', { methods: ['PUT'], contentTypes: ['image/*', 'Application/Octet-Stream'], apiKeyRequired: true, name: 'uploadImage' }, () => undefined);
  app.route('/text', { methods: ['POST'], contentTypes: ['text/plain', 'application/json', 'image/png'] }, () => undefined);
  app.route('/internal/stats', { authorizer: iam, cors: { origins: ['https://ops.example.com'], credentials: true, maxAge: 300, methods: ['GET'], exposeHeaders: ['ETag'] } }, () => undefined);
  const admin = new Blueprint({ authorizer: users });
  admin.route('/orders/{orderId}', { methods: ['PATCH'] }, () => undefined);
  app.register(admin, { prefix: '/admin' });
  return app;
}

describe('app.manifest()', () => {
  const app = buildApp();
  const m = app.manifest();

  test('is versioned and names the app', () => {
    expect(MANIFEST_VERSION).toBe(2);
    expect(m.manifestVersion).toBe(MANIFEST_VERSION);
    expect(m.app).toBe('shop');
    expect(Object.keys(m).sort()).toEqual(['app', 'authorizers', 'binaryMediaTypes', 'manifestVersion', 'routes', 'triggers']);
  });

  test('lists every route with path, methods, params, authorizer, cors, contentTypes, apiKeyRequired and name', () => {
    expect(m.routes).toEqual([
      { name: 'home', path: '/', methods: ['GET'], params: [], authorizer: null, cors: null, contentTypes: ['application/json'], apiKeyRequired: false },
      {
        name: 'get_products_productId_reviews_reviewId',
        path: '/products/{productId}/reviews/{reviewId}',
        methods: ['GET', 'DELETE'],
        params: ['productId', 'reviewId'],
        authorizer: 'users',
        cors: { origins: ['*'], headers: DEFAULT_HEADERS, exposeHeaders: [], methods: null, maxAge: null, credentials: false },
        contentTypes: ['application/json'],
        apiKeyRequired: false,
      },
      {
        name: 'uploadImage',
        path: '/images/{key+}',
        methods: ['PUT'],
        params: ['key'],
        authorizer: null,
        cors: null,
        contentTypes: ['image/*', 'application/octet-stream'],
        apiKeyRequired: true,
      },
      {
        name: 'post_text',
        path: '/text',
        methods: ['POST'],
        params: [],
        authorizer: null,
        cors: null,
        contentTypes: ['text/plain', 'application/json', 'image/png'],
        apiKeyRequired: false,
      },
      {
        name: 'get_internal_stats',
        path: '/internal/stats',
        methods: ['GET'],
        params: [],
        authorizer: 'iam',
        cors: { origins: ['https://ops.example.com'], headers: DEFAULT_HEADERS, exposeHeaders: ['ETag'], methods: ['GET'], maxAge: 300, credentials: true },
        contentTypes: ['application/json'],
        apiKeyRequired: false,
      },
      {
        name: 'patch_admin_orders_orderId',
        path: '/admin/orders/{orderId}',
        methods: ['PATCH'],
        params: ['orderId'],
        authorizer: 'users',
        cors: null,
        contentTypes: ['application/json'],
        apiKeyRequired: false,
      },
    ]);
  });

  test('lists each authorizer once, whatever the number of routes using it', () => {
    expect(m.authorizers).toEqual([
      { kind: 'cognito_user_pools', name: 'users', header: 'Authorization', userPoolName: 'shop-users', userPoolArn: null, scopes: ['shop/read'] },
      { kind: 'iam', name: 'iam' },
    ]);
  });

  test('binaryMediaTypes: the non-text accepted types, de-duplicated and sorted', () => {
    expect(m.binaryMediaTypes).toEqual(['application/octet-stream', 'image/*', 'image/png']);
  });

  test('no triggers in a routes-only app', () => {
    expect(m.triggers).toEqual([]);
  });

  test('is plain JSON: it survives a JSON round trip unchanged', () => {
    const text = JSON.stringify(m);
    expect(JSON.parse(text)).toEqual(m);
    expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(JSON.parse(text))));
    // No functions, classes or undefined hiding in it.
    const walk = (v: unknown, at: string): void => {
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`));
      expect(Object.getPrototypeOf(v), at).toBe(Object.prototype);
      for (const [k, x] of Object.entries(v as object)) walk(x, `${at}.${k}`);
    };
    walk(m, 'manifest');
  });

  test('is a fresh copy: changing it does not change the app', () => {
    const before = JSON.parse(JSON.stringify(app.manifest()));
    const first: Manifest = app.manifest();
    first.routes[0]!.methods.push('POST');
    first.routes[1]!.cors!.origins.push('https://evil.example');
    first.routes[1]!.params.pop();
    first.authorizers.pop();
    first.binaryMediaTypes.push('x/y');
    expect(app.manifest()).toEqual(before);
  });

  test('is the same on every call', () => {
    expect(app.manifest()).toEqual(app.manifest());
  });
});

describe('route names', () => {
  test('a named handler function gives the route its name; anonymous ones are named from method and path', () => {
    const app = new Calix({ name: 'names' });
    app.route('/a', function listThings() {
      return [];
    });
    app.route('/b/{id}', { methods: ['DELETE'] }, () => undefined);
    app.route('/c-d/{x}', () => undefined);
    expect(app.manifest().routes.map((r) => r.name)).toEqual(['listThings', 'delete_b_id', 'get_c_d_x']);
  });

  test('derived names never collide', () => {
    const app = new Calix({ name: 'names' });
    function handler() {
      return 1;
    }
    app.route('/a', handler);
    app.route('/b', handler);
    app.route('/c', { name: 'get_c_2' }, () => 1);
    app.route('/c', { methods: ['POST'] }, () => 1);
    app.route('/c', { methods: ['PUT'], name: 'put_c' }, () => 1);
    const names = app.manifest().routes.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('handler');
  });

  test('a route registered with several methods is one manifest route', () => {
    const app = new Calix({ name: 'names' });
    app.route('/x', { methods: ['GET', 'POST', 'PUT'] }, () => 1);
    expect(app.manifest().routes).toHaveLength(1);
    expect(app.manifest().routes[0]!.methods).toEqual(['GET', 'POST', 'PUT']);
  });
});

describe('authorizers in the manifest', () => {
  test('an app-wide authorizer applies to every route; authorizer: null opts out', () => {
    const users = new CognitoUserPoolAuthorizer('users', { userPoolArn: 'arn:aws:cognito-idp:eu-central-1:123456789012:userpool/eu-central-1_AbCdEfGhI', header: 'X-Token' });
    const app = new Calix({ name: 'auth', authorizer: users });
    app.route('/private', () => 1);
    app.route('/health', { authorizer: null }, () => 1);
    const m = app.manifest();
    expect(m.routes.map((r) => [r.path, r.authorizer])).toEqual([
      ['/private', 'users'],
      ['/health', null],
    ]);
    expect(m.authorizers).toEqual([
      {
        kind: 'cognito_user_pools',
        name: 'users',
        header: 'X-Token',
        userPoolName: null,
        userPoolArn: 'arn:aws:cognito-idp:eu-central-1:123456789012:userpool/eu-central-1_AbCdEfGhI',
        scopes: [],
      },
    ]);
  });

  test('a Cognito authorizer defaults its pool name to its own name', () => {
    const app = new Calix({ name: 'auth' }).route('/p', { authorizer: new CognitoUserPoolAuthorizer('members') }, () => 1);
    expect(app.manifest().authorizers).toEqual([{ kind: 'cognito_user_pools', name: 'members', header: 'Authorization', userPoolName: 'members', userPoolArn: null, scopes: [] }]);
  });

  test('two equal declarations under one name are one authorizer', () => {
    const app = new Calix({ name: 'auth' });
    app.route('/a', { authorizer: new CognitoUserPoolAuthorizer('users') }, () => 1);
    app.route('/b', { authorizer: new CognitoUserPoolAuthorizer('users') }, () => 1);
    expect(app.manifest().authorizers).toHaveLength(1);
  });

  test('invalid authorizer declarations are errors at declaration', () => {
    expect(() => new CognitoUserPoolAuthorizer('bad name')).toThrow(/"bad name"/);
    expect(() => new CognitoUserPoolAuthorizer('u', { userPoolName: 'p', userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x' })).toThrow(/not both/);
    expect(() => new CognitoUserPoolAuthorizer('u', { userPoolArn: 'arn:aws:s3:::bucket' })).toThrow(/not a Cognito user pool ARN/);
  });
});
