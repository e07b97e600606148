// The trigger subsystem as the core reaches it. When an app registers no trigger, `calix package`
// bundles ./triggers.absent.ts in this module's place (project/subsystems.ts), so a routes-only
// router ships none of the trigger code: an app pays only for what it registers.
export { dispatchTrigger } from '../events/dispatch.js';
export { storeTrigger, triggerMethods } from '../events/registrar-triggers.js';
