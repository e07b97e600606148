/**
 * HTTP errors a handler throws to answer with a status and a JSON body
 * `{"code": "...", "message": "..."}`. Anything else thrown becomes a 500.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra headers for the error response, e.g. `Allow` on a 405. */
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, message: string, code = 'HttpError', headers?: Record<string, string>) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.name = code;
  }
}

// One subclass per status so `instanceof NotFoundError` works in middleware and tests.
const httpError = (status: number, code: string) =>
  class extends HttpError {
    constructor(message: string = code, headers?: Record<string, string>) {
      super(status, message, code, headers);
    }
  };

export const BadRequestError = httpError(400, 'BadRequestError');
export const UnauthorizedError = httpError(401, 'UnauthorizedError');
export const ForbiddenError = httpError(403, 'ForbiddenError');
export const NotFoundError = httpError(404, 'NotFoundError');
export const MethodNotAllowedError = httpError(405, 'MethodNotAllowedError');
export const ConflictError = httpError(409, 'ConflictError');
export const PayloadTooLargeError = httpError(413, 'PayloadTooLargeError');
export const UnsupportedMediaTypeError = httpError(415, 'UnsupportedMediaTypeError');
export const UnprocessableEntityError = httpError(422, 'UnprocessableEntityError');
export const TooManyRequestsError = httpError(429, 'TooManyRequestsError');
export const InternalServerError = httpError(500, 'InternalServerError');

export type BadRequestError = InstanceType<typeof BadRequestError>;
export type UnauthorizedError = InstanceType<typeof UnauthorizedError>;
export type ForbiddenError = InstanceType<typeof ForbiddenError>;
export type NotFoundError = InstanceType<typeof NotFoundError>;
export type MethodNotAllowedError = InstanceType<typeof MethodNotAllowedError>;
export type ConflictError = InstanceType<typeof ConflictError>;
export type PayloadTooLargeError = InstanceType<typeof PayloadTooLargeError>;
export type UnsupportedMediaTypeError = InstanceType<typeof UnsupportedMediaTypeError>;
export type UnprocessableEntityError = InstanceType<typeof UnprocessableEntityError>;
export type TooManyRequestsError = InstanceType<typeof TooManyRequestsError>;
export type InternalServerError = InstanceType<typeof InternalServerError>;

/**
 * API Gateway never sends a field of the wrong type, but a direct invoke can: the caller's fault,
 * so a 400 that names the field rather than a TypeError deep in a handler.
 */
export const malformedEvent = (field: string): BadRequestError =>
  new BadRequestError(`Malformed API Gateway event: ${field} has the wrong type`);

/** Thrown at registration time: a route, trigger or authorizer the app cannot accept. */
export class RegistrationError extends Error {
  override name = 'RegistrationError';
}
