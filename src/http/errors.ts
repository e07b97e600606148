/**
 * HTTP errors a handler throws to answer with a status and a JSON body
 * `{"code": "...", "message": "..."}`. Anything else thrown becomes a 500.
 */
export class HttpError extends Error {
  declare readonly status: number;
  declare readonly code: string;
  /** Extra headers for the error response, e.g. `Allow` on a 405. */
  declare readonly headers: Record<string, string> | undefined;

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

export const BadRequestError = /* @__PURE__ */ httpError(400, 'BadRequestError');
export const UnauthorizedError = /* @__PURE__ */ httpError(401, 'UnauthorizedError');
export const ForbiddenError = /* @__PURE__ */ httpError(403, 'ForbiddenError');
export const NotFoundError = /* @__PURE__ */ httpError(404, 'NotFoundError');
export const MethodNotAllowedError = /* @__PURE__ */ httpError(405, 'MethodNotAllowedError');
export const ConflictError = /* @__PURE__ */ httpError(409, 'ConflictError');
export const PayloadTooLargeError = /* @__PURE__ */ httpError(413, 'PayloadTooLargeError');
export const UnsupportedMediaTypeError = /* @__PURE__ */ httpError(415, 'UnsupportedMediaTypeError');
export const UnprocessableEntityError = /* @__PURE__ */ httpError(422, 'UnprocessableEntityError');
export const TooManyRequestsError = /* @__PURE__ */ httpError(429, 'TooManyRequestsError');
export const InternalServerError = /* @__PURE__ */ httpError(500, 'InternalServerError');

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
export const malformedEvent = (field: string, key?: string): BadRequestError =>
  new BadRequestError(`Malformed API Gateway event: ${field}${key === undefined ? '' : `[${JSON.stringify(key)}]`} has the wrong type`);

/** Thrown at registration time: a route, trigger or authorizer the app cannot accept. */
export class RegistrationError extends Error {
  override name = 'RegistrationError';
}
