// ./schemas.ts for an app whose routes declare no schema (see there).
import { absent } from './absent.js';
import type * as Present from './schemas.js';

const none = absent('schemas');
export const VALIDATE_RESPONSES: typeof Present.VALIDATE_RESPONSES = Symbol.for('calix.validateResponses') as typeof Present.VALIDATE_RESPONSES;
export const readSchemas: typeof Present.readSchemas = (o) =>
  o.body === undefined && o.query === undefined && o.params === undefined && o.headers === undefined && o.response === undefined ? null : none();
export const responseCheckingHandler: typeof Present.responseCheckingHandler = none;
export const responsePolicy: typeof Present.responsePolicy = none;
export const routeSchemasManifest: typeof Present.routeSchemasManifest = none;
export const validatingHandler: typeof Present.validatingHandler = none;
