// ./schemas.ts for an app whose routes declare no schema (see there).
import { absent } from './absent.js';
import type * as Present from './schemas.js';

const none = absent('schemas');
const PARTS = ['body', 'query', 'params', 'headers', 'response'] as const;
export const VALIDATE_RESPONSES: typeof Present.VALIDATE_RESPONSES = Symbol.for('calix.validateResponses') as typeof Present.VALIDATE_RESPONSES;
export const readSchemas: typeof Present.readSchemas = (o) => (PARTS.some((p) => o[p] !== undefined) ? none() : null);
export const responseCheckingHandler: typeof Present.responseCheckingHandler = none;
export const responsePolicy: typeof Present.responsePolicy = none;
export const routeSchemasManifest: typeof Present.routeSchemasManifest = none;
export const validatingHandler: typeof Present.validatingHandler = none;
