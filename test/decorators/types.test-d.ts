// Type tests (vitest typecheck + tsc): a decorated method must fit the route or trigger it is
// registered for, exactly as a handler passed to the call form must.
import { describe, expectTypeOf, test } from 'vitest';
import {
  Blueprint, Calix, Rate,
  type EventBridgeEvent, type HandlerDecorator, type PathParams, type Request, type RouteHandler, type S3Event, type ScheduledEvent,
  type SqsMessage, type TriggerContext,
} from '../../src/index.js';

const app = new Calix({ name: 'types' });
const bp = new Blueprint();

describe('route decorators type the request from the path', () => {
  test('called without a handler, route returns a decorator for that path', () => {
    expectTypeOf(app.route('/orders/{id}')).toEqualTypeOf<HandlerDecorator<RouteHandler<'/orders/{id}'>>>();
    expectTypeOf(app.route('/orders/{id}', { methods: ['GET'] })).toEqualTypeOf<HandlerDecorator<RouteHandler<'/orders/{id}'>>>();
    expectTypeOf(bp.route('/x')).toEqualTypeOf<HandlerDecorator<RouteHandler<'/x'>>>();
    // With the handler it is still the call form.
    expectTypeOf(app.route('/orders', () => null)).toEqualTypeOf<Calix>();
  });

  test('a method whose request fits the route compiles; one that reads a parameter the path lacks does not', () => {
    class Orders {
      @app.route('/orders/{id}/lines/{lineId}')
      static line(req: Request<{ id: string; lineId: string }>) {
        expectTypeOf(req.params).toEqualTypeOf<{ id: string; lineId: string }>();
        // @ts-expect-error `nope` is not a parameter of this path
        return req.params.nope;
      }

      @app.route('/orders/{id}', { methods: ['GET', 'DELETE'] })
      static get(req: Request<PathParams<'/orders/{id}'>>) {
        return req.params.id;
      }

      @app.route('/files/{path+}')
      static file(req: Request<{ path: string }>) {
        return req.params.path;
      }

      @app.route('/health')
      static health() {
        return 'ok';
      }

      // @ts-expect-error the route has `id`, the method wants `other`
      @app.route('/orders/{id}/notes')
      static notes(req: Request<{ other: string }>) {
        return req.params.other;
      }

      // @ts-expect-error the method needs `nope` too, which this path does not give
      @app.route('/orders/{id}/tags')
      static tags(req: Request<{ id: string; nope: string }>) {
        return req.params.nope;
      }

      // @ts-expect-error a request is not a number
      @app.route('/orders/{id}/count')
      static count(n: number) {
        return n;
      }
    }
    expectTypeOf(Orders.get).parameter(0).toEqualTypeOf<Request<{ id: string }>>();
  });

  test('instance methods and blueprint routes are checked the same way', () => {
    class Users {
      constructor(private readonly prefix: string) {}

      @bp.route('/users/{userId}')
      get(req: Request<{ userId: string }>) {
        return `${this.prefix}${req.params.userId}`;
      }

      // @ts-expect-error `id` is not a parameter of /users/{userId}/posts
      @bp.route('/users/{userId}/posts')
      posts(req: Request<{ id: string }>) {
        return req.params.id;
      }
    }
    expectTypeOf(new Users('u-').get).returns.toBeString();
  });

  test('route options are checked', () => {
    class Orders {
      // @ts-expect-error not an HTTP method
      @app.route('/orders', { methods: ['FETCH'] })
      static list() {
        return [];
      }
    }
    expectTypeOf(Orders.list).toBeFunction();
  });

  test('only methods can be decorated', () => {
    class Orders {
      // @ts-expect-error a field is not a method
      @app.route('/orders')
      static list = () => [];
    }
    expectTypeOf(Orders.list).toBeFunction();
  });
});

describe('trigger decorators type the event', () => {
  test('methods taking the trigger\'s event (or fewer arguments) compile; other events do not', () => {
    class Jobs {
      @app.schedule(Rate.hours(1))
      static hourly(event: ScheduledEvent, context: TriggerContext) {
        return [event.time, context?.awsRequestId];
      }

      @app.schedule('rate(1 day)', { name: 'daily' })
      static daily() {}

      @app.onS3Event({ bucket: 'bucket-a' })
      static upload(event: S3Event) {
        return event.key;
      }

      @app.onSqsMessage({ queue: 'q' })
      static message(message: SqsMessage) {
        return message.json<{ ok: boolean }>().ok;
      }

      @app.onEventBridge<{ orderId: string }>({ pattern: { source: ['shop'] } })
      static placed(event: EventBridgeEvent<{ orderId: string }>) {
        return event.detail.orderId;
      }

      @bp.lambdaFunction('add')
      static add(payload: { a: number; b: number }) {
        return payload.a + payload.b;
      }

      // @ts-expect-error an S3 handler does not receive SQS messages
      @app.onS3Event({ bucket: 'bucket-b' })
      static wrong(message: SqsMessage) {
        return message.body;
      }

      // @ts-expect-error a schedule handler receives the scheduled event, not an S3 event
      @bp.schedule(Rate.days(1))
      static nightly(event: S3Event) {
        return event.key;
      }

      // @ts-expect-error the S3 options need a bucket
      @app.onS3Event({ prefix: 'x/' })
      static noBucket() {}
    }
    expectTypeOf(Jobs.add).returns.toBeNumber();
  });
});
