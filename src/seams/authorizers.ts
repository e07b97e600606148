// The authorizer subsystem as the core reaches it. When an app registers no authorizer,
// `calix package` bundles ./authorizers.absent.ts in this module's place (project/subsystems.ts).
export { readAuth } from '../auth/claims.js';
export { addAuthorizer } from '../auth/register.js';
export { isAuthorizerEvent, runAuthorizer } from '../auth/dispatch.js';
