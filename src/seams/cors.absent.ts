// ./cors.ts for an app none of whose routes has CORS (see there): every route's rule is null, so
// the router never asks for CORS headers.
import { absent } from './absent.js';
import type * as Present from './cors.js';

const none = absent('CORS');
export const normalizeCors: typeof Present.normalizeCors = (c) => (c ? none() : null);
export const addCorsHeaders: typeof Present.addCorsHeaders = none;
export const corsHeaders: typeof Present.corsHeaders = none;
export const preflightResponse: typeof Present.preflightResponse = none;
