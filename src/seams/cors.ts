// CORS as the core reaches it. When no route has CORS, `calix package` bundles ./cors.absent.ts in
// this module's place (project/subsystems.ts).
export { addCorsHeaders, corsHeaders, normalizeCors, preflightResponse } from '../http/cors.js';
