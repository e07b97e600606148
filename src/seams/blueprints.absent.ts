// ./blueprints.ts for an app that registers no blueprint (see there).
import { absent } from './absent.js';
import type * as Present from './blueprints.js';

export const registerBlueprint: typeof Present.registerBlueprint = absent('blueprints');
