// The decorator form of every registration method, on Calix and on Blueprint: when it registers,
// what it registers (the same manifest as the call form), names, errors, and the rule for
// instance methods.
import { describe, expect, test, vi } from 'vitest';
import {
  Blueprint, Calix, Cron, Rate, RegistrationError,
  type EventBridgeEvent, type Request, type S3Event, type ScheduledEvent, type SnsMessage, type SqsMessage,
} from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistrationError);
    return (e as Error).message;
  }
  throw new Error('expected a RegistrationError');
};

describe('when and what decorators register', () => {
  test('called without the handler, each method returns a decorator and registers nothing yet', () => {
    const app = new Calix({ name: 'shop' });
    const bp = new Blueprint();
    const decorators = [
      app.route('/a'), app.route('/a', { methods: ['POST'] }), app.schedule(Rate.hours(1)), app.schedule('rate(1 day)', { name: 'x' }),
      app.onS3Event({ bucket: 'bucket-a' }), app.onSqsMessage({ queue: 'q' }), app.onSnsMessage({ topic: 't' }),
      app.onEventBridge({ pattern: { source: ['a'] } }), app.lambdaFunction('f'),
      bp.route('/a'), bp.schedule(Rate.hours(1)), bp.onS3Event({ bucket: 'bucket-a' }), bp.onSqsMessage({ queue: 'q' }),
      bp.onSnsMessage({ topic: 't' }), bp.onEventBridge({ pattern: { source: ['a'] } }), bp.lambdaFunction('f'),
    ];
    for (const d of decorators) expect(typeof d).toBe('function');
    expect(app.manifest().routes).toEqual([]);
    expect(app.manifest().triggers).toEqual([]);
    expect(bp.pending).toEqual([]);
    expect(bp.triggers).toEqual([]);
  });

  test('a static method is registered when its class is defined, before the class is used or its static fields run', () => {
    const app = new Calix({ name: 'shop' });
    const before = app.manifest().routes.length;
    class Orders {
      @app.route('/orders/{id}')
      static get(req: Request<{ id: string }>) {
        return { id: req.params.id };
      }
      static readonly seen = app.manifest().routes.map((r) => r.path);
    }
    expect(before).toBe(0);
    expect(Orders.seen).toEqual(['/orders/{id}']);
  });

  test('an instance method is registered when its class is defined, before any instance exists', () => {
    const app = new Calix({ name: 'shop' });
    class Jobs {
      @app.schedule(Rate.minutes(5))
      sweep() {}
    }
    expect(app.manifest().triggers).toEqual([{ kind: 'schedule', name: 'sweep', expression: 'rate(5 minutes)', description: null }]);
    expect(Jobs).toBeTypeOf('function');
  });

  test('the manifest of an app written with decorators equals the same app written with calls', () => {
    const noop = () => {};
    const calls = new Calix({ name: 'shop', cors: true });
    const callsBp = new Blueprint({ cors: false });
    calls.route('/orders/{id}', { methods: ['GET', 'DELETE'], contentTypes: ['application/json', 'image/*'] }, function get() {});
    calls.route('/orders', { methods: ['POST'], name: 'createOrder', apiKeyRequired: true }, function create() {});
    calls.schedule(Cron({ minute: 0, hour: 18, dayOfWeek: 'MON-FRI' }), function digest() {}, { description: 'Daily digest' });
    calls.onS3Event({ bucket: 'shop-uploads', prefix: 'in/', suffix: '.png' }, function thumbnails() {});
    calls.onSqsMessage({ queue: 'orders.fifo', batchSize: 10 }, function processOrder() {});
    calls.onSnsMessage({ topic: 'alerts', name: 'page' }, noop);
    calls.onEventBridge({ pattern: { source: ['shop'], detail: { status: ['placed'] } } }, function placed() {});
    calls.lambdaFunction('add', function add() {});
    callsBp.route('/stats', function stats() {});
    callsBp.schedule(Rate.days(1), function nightly() {});
    callsBp.lambdaFunction('reindex', function reindex() {});
    calls.register(callsBp, { prefix: '/admin' });

    const decorated = new Calix({ name: 'shop', cors: true });
    const bp = new Blueprint({ cors: false });
    class Shop {
      @decorated.route('/orders/{id}', { methods: ['GET', 'DELETE'], contentTypes: ['application/json', 'image/*'] })
      static get() {}
      @decorated.route('/orders', { methods: ['POST'], name: 'createOrder', apiKeyRequired: true })
      static create() {}
      @decorated.schedule(Cron({ minute: 0, hour: 18, dayOfWeek: 'MON-FRI' }), { description: 'Daily digest' })
      static digest(_event: ScheduledEvent) {}
      @decorated.onS3Event({ bucket: 'shop-uploads', prefix: 'in/', suffix: '.png' })
      static thumbnails(_event: S3Event) {}
      @decorated.onSqsMessage({ queue: 'orders.fifo', batchSize: 10 })
      static processOrder(_message: SqsMessage) {}
      @decorated.onSnsMessage({ topic: 'alerts', name: 'page' })
      static onAlert(_message: SnsMessage) {}
      @decorated.onEventBridge({ pattern: { source: ['shop'], detail: { status: ['placed'] } } })
      static placed(_event: EventBridgeEvent) {}
      @decorated.lambdaFunction('add')
      static add() {}
    }
    class Admin {
      @bp.route('/stats')
      static stats() {}
      @bp.schedule(Rate.days(1))
      static nightly() {}
      @bp.lambdaFunction('reindex')
      static reindex() {}
    }
    decorated.register(bp, { prefix: '/admin' });

    expect([Shop, Admin]).toHaveLength(2);
    expect(decorated.manifest()).toEqual(calls.manifest());
    expect(JSON.stringify(decorated.manifest())).toBe(JSON.stringify(calls.manifest()));
  });

  test('route names: the method name, an explicit name, or (when taken) derived from method and path, as with functions', () => {
    const app = new Calix({ name: 'shop' });
    class A {
      @app.route('/a/{id}')
      static get() {}
      @app.route('/b', { name: 'listB' })
      static list() {}
    }
    class B {
      @app.route('/c/{id}', { methods: ['PUT'] })
      static get() {}
      @app.route('/d')
      static [Symbol.for('d')]() {}
    }
    expect([A, B]).toHaveLength(2);
    expect(app.manifest().routes.map((r) => r.name)).toEqual(['get', 'listB', 'put_c_id', 'get_d']);
  });

  test('trigger names: the method name, or { name }; the names the call form would refuse are refused', () => {
    const app = new Calix({ name: 'shop' });
    class Jobs {
      @app.schedule(Rate.hours(1))
      static hourly() {}
      @app.schedule(Rate.hours(2), { name: 'every-two-hours' })
      static twoHourly() {}
    }
    expect(Jobs).toBeTypeOf('function');
    expect(app.manifest().triggers.map((t) => t.name)).toEqual(['hourly', 'every-two-hours']);
    expect(
      messageOf(() => {
        class Api {
          @app.lambdaFunction('api')
          static run() {}
        }
        return Api;
      }),
    ).toBe('Api.run: app.lambdaFunction("api"): the name "api" is reserved for the router function; choose another');
  });

  test('a blueprint collects decorated routes and triggers, and adds them when registered', async () => {
    const bp = new Blueprint();
    class Users {
      @bp.route('/{id}')
      static get(req: Request<{ id: string }>) {
        return { id: req.params.id };
      }
      @bp.onSqsMessage({ queue: 'signups' })
      static signup(_message: SqsMessage) {}
    }
    expect(Users).toBeTypeOf('function');
    expect(bp.pending.map((r) => r.path)).toEqual(['/{id}']);
    const app = new Calix({ name: 'shop' }).register(bp, { prefix: '/users' });
    expect(app.manifest().routes.map((r) => `${r.name} ${r.path}`)).toEqual(['get /users/{id}']);
    expect(app.manifest().triggers.map((t) => t.name)).toEqual(['signup']);
    expect((await createTestClient(app).http.get('/users/7')).json()).toEqual({ id: '7' });
  });

  test('the call form still requires its handler', () => {
    const app = new Calix({ name: 'shop' });
    expect(() => app.route('/a', {}, undefined as never)).toThrow(/route \/a: the last argument must be the handler function/);
    expect(() => app.onS3Event({ bucket: 'bucket-a', name: 'a' }, undefined as never)).toThrow(/the handler must be a function/);
    expect(() => app.schedule(Rate.hours(1), {} as never, { name: 'b' })).toThrow(/the handler must be a function/);
    expect(() => new Blueprint().lambdaFunction('c', 'nope' as never)).toThrow(/the handler must be a function/);
  });
});

describe('registration errors name the class and the method', () => {
  test('a duplicate route', () => {
    const app = new Calix({ name: 'shop' });
    expect(
      messageOf(() => {
        class Orders {
          @app.route('/orders/{id}')
          static get() {}
          @app.route('/orders/{id}')
          static show() {}
        }
        return Orders;
      }),
    ).toBe('Orders.show: route GET /orders/{id}: GET /orders/{id} is already registered');
    // The class failed to define, and the route before the duplicate stays (as two calls would leave it).
    expect(app.manifest().routes.map((r) => r.name)).toEqual(['get']);
  });

  test('a malformed path, on the app and on a blueprint', () => {
    const app = new Calix({ name: 'shop' });
    expect(
      messageOf(() => {
        class Orders {
          @app.route('orders/{id}', { methods: ['GET'] })
          static get() {}
        }
        return Orders;
      }),
    ).toBe('Orders.get: route GET orders/{id}: invalid path "orders/{id}": a route path must start with "/"');
    const bp = new Blueprint();
    expect(
      messageOf(() => {
        class Admin {
          @bp.route('/files/{name}.json')
          static file() {}
        }
        return Admin;
      }),
    ).toMatch(/^Admin\.file: blueprint route \/files\/\{name\}\.json: invalid path "\/files\/\{name\}\.json": segment "\{name\}\.json" must be a whole/);
  });

  test('a bad schedule, and bad trigger options, on the app and on a blueprint', () => {
    const app = new Calix({ name: 'shop' });
    expect(
      messageOf(() => {
        class Jobs {
          @app.schedule('rate(0 minutes)')
          static cleanup() {}
        }
        return Jobs;
      }),
    ).toBe('Jobs.cleanup: app.schedule "cleanup": invalid schedule "rate(0 minutes)": the rate value must be 1 or more');
    const bp = new Blueprint();
    expect(
      messageOf(() => {
        class Jobs {
          @bp.onSqsMessage({ queue: 'arn:aws:sqs:us-east-1:123456789012:q' })
          static drain() {}
        }
        return Jobs;
      }),
    ).toMatch(/^Jobs\.drain: blueprint\.onSqsMessage "drain": queue "arn:aws:sqs:us-east-1:123456789012:q" is not a SQS queue name .*; pass an ARN as queueArn$/);
  });

  test('a trigger name taken by the call form', () => {
    const app = new Calix({ name: 'shop' });
    app.onSnsMessage({ topic: 'alerts' }, function sync() {});
    expect(
      messageOf(() => {
        class Jobs {
          @app.schedule(Rate.hours(1))
          static sync() {}
        }
        return Jobs;
      }),
    ).toBe('Jobs.sync: app.schedule "sync": the name "sync" is already used by app.onSnsMessage "sync"; trigger names become Lambda function names and must be unique');
  });

  test('an instance method, whose class is not known until an instance exists, is named as such', () => {
    const app = new Calix({ name: 'shop' });
    expect(
      messageOf(() => {
        class Orders {
          @app.route('/orders/', { methods: ['POST'] })
          create() {}
        }
        return Orders;
      }),
    ).toBe('instance method create: route POST /orders/: invalid path "/orders/": remove the trailing "/" (API Gateway resource paths have none)');
  });
});

describe('the instance-method rule: called on the first instance of the class', () => {
  test('`this` is the first instance created; later instances do not take over', async () => {
    const app = new Calix({ name: 'shop' });
    class Greeter {
      constructor(private readonly greeting: string) {}
      @app.route('/hello/{name}')
      hello(req: Request<{ name: string }>) {
        return `${this.greeting}, ${req.params.name}`;
      }
      @app.lambdaFunction('greet')
      greet(payload: { name: string }) {
        return `${this.greeting}, ${payload.name}`;
      }
    }
    const first = new Greeter('Hello');
    new Greeter('Bye');
    const client = createTestClient(app);
    expect((await client.http.get('/hello/Ada')).body).toBe('Hello, Ada');
    expect((await client.events.lambda('greet', { name: 'Bob' })).result).toBe('Hello, Bob');
    // The instance's own method is untouched.
    expect(first.greet({ name: 'Cy' })).toBe('Hello, Cy');
  });

  test('a static method is called with `this` as its class', async () => {
    const app = new Calix({ name: 'shop' });
    class Prices {
      static readonly rate = 2;
      @app.lambdaFunction('double')
      static double(n: number) {
        return n * this.rate;
      }
    }
    expect(Prices.rate).toBe(2);
    expect((await createTestClient(app).events.lambda('double', 21)).result).toBe(42);
  });

  test('before any instance exists, the test client refuses every call, naming each method, what it serves and the fix', async () => {
    const app = new Calix({ name: 'shop' });
    class Reports {
      @app.lambdaFunction('report')
      build() {
        return 'report';
      }
      @app.route('/report')
      show() {
        return 'report';
      }
    }
    const client = createTestClient(app);
    const why =
      'Calix: instance method show (route GET /report) has no instance of its class to run on: create one when the module loads (`new YourClass(…)` after the class), or make show static; ' +
      'instance method build (app.lambdaFunction "report") has no instance of its class to run on: create one when the module loads (`new YourClass(…)` after the class), or make build static';
    // Before: the route answered 500 and only the log said why.
    await expect(client.http.get('/report')).rejects.toThrow(why);
    await expect(client.events.lambda('report', {})).rejects.toThrow(why);
    new Reports();
    expect((await client.events.lambda('report', {})).result).toBe('report');
    expect((await client.http.get('/report')).body).toBe('report');
  });
});
