// ./middleware.ts for an app without middleware (see there).
import { absent } from './absent.js';
import type * as Present from './middleware.js';

export const runChain: typeof Present.runChain = absent('middleware');
