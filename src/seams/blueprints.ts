// The core's only door into blueprints (`app.register(bp)`): a router bundle whose app registers
// none takes ./blueprints.absent.ts (project/subsystems.ts), and so ships no Blueprint code.
export { registerBlueprint } from '../blueprint.js';
