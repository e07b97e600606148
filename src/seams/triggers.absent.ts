// ./triggers.ts for an app with no triggers (see there). A non-HTTP event fails with the words the
// real dispatcher uses for an empty registry; ../events/select.ts, which words them, is loaded only
// then (a Lambda bundle keeps it in a chunk of its own).
import type { LambdaContext } from '../aws-types.js';
import type { Trigger } from '../events/triggers.js';
import { absent } from './absent.js';
import type * as Present from './triggers.js';

const none = absent('triggers');
export const storeTrigger: typeof Present.storeTrigger = none;
export const triggerMethods: typeof Present.triggerMethods = {
  schedule: none, onS3Event: none, onSqsMessage: none, onSnsMessage: none, onEventBridge: none, lambdaFunction: none, task: none,
};
export const dispatchTrigger: typeof Present.dispatchTrigger = async (triggers: ReadonlyMap<string, Trigger>, event: unknown, context: LambdaContext | undefined) => {
  const { selectTrigger } = await import('../events/select.js');
  selectTrigger(triggers, event, context);
  return none();
};
