// The schema subsystem as the core reaches it. When no route declares a schema, `calix package`
// bundles ./schemas.absent.ts in this module's place (project/subsystems.ts).
export { routeSchemasManifest } from '../schema/json-schema.js';
export { readSchemas } from '../schema/route-options.js';
export { responseCheckingHandler, responsePolicy, validatingHandler, VALIDATE_RESPONSES } from '../schema/validate.js';
