// Middleware as the core reaches it. When the app and its blueprints register none, `calix package`
// bundles ./middleware.absent.ts in this module's place (project/subsystems.ts).
export { runChain } from '../routing/chain.js';
