// The core's only door into registration's checks, route naming and the manifest: what the CLI
// needs once, when it loads the app from its full build. The router bundle `calix package` ships
// takes ./checks.absent.ts instead (project/subsystems.ts) once the package step has checked the
// registrations and seen the shipped bundle register the same routes.
export { checkAppOptions, checkPath, checkPlacement, checkRoute, nameRoute } from '../registry/checks.js';
export { manifestOf } from '../registry/manifest.js';
