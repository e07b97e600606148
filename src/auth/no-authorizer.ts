// The error for an authorizer event an app without authorizers receives, in the words of the real
// dispatcher (./dispatch.ts): loaded only then, from src/seams/authorizers.absent.ts (a Lambda
// bundle keeps it in a chunk of its own).
import type { LambdaContext } from '../aws-types.js';
import { targetOf } from '../events/target.js';
import { noCustomAuthorizer } from './authorizer-event.js';
import type { AuthorizerEvent } from './authorizers.js';

export const noAuthorizer = (event: AuthorizerEvent, context: LambdaContext | undefined): Error => noCustomAuthorizer(event, targetOf(context), []);
