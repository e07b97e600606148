import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest';
import {
  BadRequestError,
  Calix,
  ConflictError,
  ForbiddenError,
  HttpError,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
  type ApiGatewayResult,
} from '../../src/index.js';
import { lambdaContext, v1Event, v2Event } from '../fixtures/events.js';

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => consoleError.mockRestore());

async function throwing(thrown: () => unknown, version: 'v1' | 'v2' = 'v1', options: { debug?: boolean; middleware?: boolean } = {}): Promise<ApiGatewayResult> {
  const app = new Calix({ name: 'errors', debug: options.debug });
  if (options.middleware) app.use(async (_req, next) => next());
  app.route('/boom', () => thrown());
  const init = { method: 'GET', path: '/boom', resource: '/boom' };
  return app.handler(version === 'v1' ? v1Event(init) : v2Event(init), lambdaContext());
}

const ERRORS = [
  [BadRequestError, 400, 'BadRequestError'],
  [UnauthorizedError, 401, 'UnauthorizedError'],
  [ForbiddenError, 403, 'ForbiddenError'],
  [NotFoundError, 404, 'NotFoundError'],
  [MethodNotAllowedError, 405, 'MethodNotAllowedError'],
  [ConflictError, 409, 'ConflictError'],
  [PayloadTooLargeError, 413, 'PayloadTooLargeError'],
  [UnsupportedMediaTypeError, 415, 'UnsupportedMediaTypeError'],
  [UnprocessableEntityError, 422, 'UnprocessableEntityError'],
  [TooManyRequestsError, 429, 'TooManyRequestsError'],
  [InternalServerError, 500, 'InternalServerError'],
] as const;

describe('HttpError classes -> status and {"code","message"}', () => {
  describe.each(['v1', 'v2'] as const)('%s', (version) => {
    test.each(ERRORS.map(([Cls, status, code]) => [code, status, Cls] as const))('%s -> %i', async (code, status, Cls) => {
      const r = await throwing(() => {
        throw new Cls(`details for ${code}`);
      }, version);
      expect(r).toStrictEqual({
        statusCode: status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, message: `details for ${code}` }),
        isBase64Encoded: false,
      });
    });
  });

  test.each(ERRORS.map(([Cls, status, code]) => [code, status, Cls] as const))('%s is an HttpError and an Error with status %i, its code and a default message', (code, status, Cls) => {
    const e = new Cls();
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(Cls);
    expect(e.status).toBe(status);
    expect(e.code).toBe(code);
    expect(e.name).toBe(code);
    expect(e.message).toBe(code);
    expect(e.stack).toContain(code);
  });

  test('the classes are distinct: a NotFoundError is not a ConflictError', () => {
    expect(new NotFoundError()).not.toBeInstanceOf(ConflictError);
  });

  test('without a message the code is the message', async () => {
    const r = await throwing(() => {
      throw new ForbiddenError();
    });
    expect(JSON.parse(r.body)).toEqual({ code: 'ForbiddenError', message: 'ForbiddenError' });
  });

  test('extra headers of an HttpError are sent', async () => {
    const r = await throwing(() => {
      throw new TooManyRequestsError('slow down', { 'Retry-After': '120' });
    });
    expect(r.statusCode).toBe(429);
    expect(r.headers).toEqual({ 'content-type': 'application/json', 'Retry-After': '120' });
  });

  test('a custom HttpError keeps its status and code', async () => {
    const r = await throwing(() => {
      throw new HttpError(418, 'I am a teapot', 'TeapotError');
    });
    expect(r.statusCode).toBe(418);
    expect(JSON.parse(r.body)).toEqual({ code: 'TeapotError', message: 'I am a teapot' });
  });

  test('a subclass of an error class keeps the status', async () => {
    class TodoMissing extends NotFoundError {}
    const r = await throwing(() => {
      throw new TodoMissing('todo 7 not found');
    });
    expect(r.statusCode).toBe(404);
    expect(JSON.parse(r.body)).toEqual({ code: 'NotFoundError', message: 'todo 7 not found' });
  });

  test('errors from an async handler and from behind middleware are answered the same way', async () => {
    const fromAsync = await throwing(async () => {
      await Promise.resolve();
      throw new ConflictError('taken');
    });
    const fromChain = await throwing(() => {
      throw new ConflictError('taken');
    }, 'v1', { middleware: true });
    for (const r of [fromAsync, fromChain]) {
      expect(r.statusCode).toBe(409);
      expect(JSON.parse(r.body)).toEqual({ code: 'ConflictError', message: 'taken' });
    }
  });

  test('an HttpError is a client answer, not a crash: nothing is logged', async () => {
    await throwing(() => {
      throw new NotFoundError('nope');
    });
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe('anything else thrown -> 500', () => {
  const thrownValues: [string, () => unknown][] = [
    ['an Error', () => new Error('db password is hunter2')],
    ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'hunter2')")],
    ['a string', () => 'hunter2'],
    ['an object', () => ({ secret: 'hunter2' })],
    ['undefined', () => undefined],
    ['null', () => null],
  ];

  describe.each(['v1', 'v2'] as const)('%s', (version) => {
    test.each(thrownValues)('%s -> generic message, no details, no stack', async (_, value) => {
      const r = await throwing(() => {
        throw value();
      }, version);
      expect(r).toStrictEqual({
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'InternalServerError', message: 'An internal server error occurred.' }),
        isBase64Encoded: false,
      });
      expect(r.body).not.toContain('hunter2');
      expect(r.body).not.toContain('stack');
    });
  });

  test('the error is logged for CloudWatch (with its stack) even though the client never sees it', async () => {
    const err = new Error('db down');
    await throwing(() => {
      throw err;
    });
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0]).toContain(err);
  });

  test('a rejected promise and an error behind middleware are 500 too', async () => {
    const a = await throwing(async () => Promise.reject(new Error('x')));
    const b = await throwing(() => {
      throw new Error('x');
    }, 'v2', { middleware: true });
    expect([a.statusCode, b.statusCode]).toEqual([500, 500]);
    expect(JSON.parse(b.body)).toEqual({ code: 'InternalServerError', message: 'An internal server error occurred.' });
  });

  test('an explicit InternalServerError shows its own message, still without a stack', async () => {
    const r = await throwing(() => {
      throw new InternalServerError('try again in a minute');
    });
    expect(r.statusCode).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ code: 'InternalServerError', message: 'try again in a minute' });
  });
});

describe('debug: true', () => {
  test.each(['v1', 'v2'] as const)('%s: a 500 includes the message and the stack', async (version) => {
    const r = await throwing(
      () => {
        throw new TypeError('boom in handler');
      },
      version,
      { debug: true },
    );
    expect(r.statusCode).toBe(500);
    const body = JSON.parse(r.body);
    expect(body.code).toBe('InternalServerError');
    expect(body.message).toBe('boom in handler');
    expect(body.stack).toMatch(/^TypeError: boom in handler\n\s+at /);
    expect(body.stack).toContain('errors.test.ts');
  });

  test('a thrown non-Error value: its text as message, no stack to show', async () => {
    const r = await throwing(
      () => {
        throw 'plain string';
      },
      'v1',
      { debug: true },
    );
    expect(JSON.parse(r.body)).toEqual({ code: 'InternalServerError', message: 'plain string' });
  });

  test('HttpErrors are unchanged by debug (never a stack)', async () => {
    const r = await throwing(
      () => {
        throw new BadRequestError('bad');
      },
      'v1',
      { debug: true },
    );
    expect(JSON.parse(r.body)).toEqual({ code: 'BadRequestError', message: 'bad' });
  });

  test('debug defaults to false', () => {
    expect(new Calix({ name: 'x' }).debug).toBe(false);
    expect(new Calix({ name: 'x', debug: true }).debug).toBe(true);
  });
});
