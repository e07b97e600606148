// ./decorators.ts for an app that registers nothing through a decorator (see there).
import { absent } from './absent.js';
import type * as Present from './decorators.js';

export const decorator: typeof Present.decorator = absent('decorators');
