// Middleware around a route's handler: reached only through src/seams/middleware.ts, so the router
// bundle of an app without middleware ships none of it.
import type { Request } from '../http/request.js';
import { toResponse } from '../http/respond.js';
import type { Response } from '../http/response.js';
import type { Middleware } from '../types.js';
import type { Route } from './route.js';

/** Runs app middleware, then the route's blueprint middleware, then the handler. */
export function runChain(route: Route, chain: Middleware[], req: Request): Promise<Response> {
  const step = async (i: number): Promise<Response> => {
    if (i === chain.length) return toResponse(await route.invoke(req as Request<never>));
    return toResponse(await chain[i]!(req, () => step(i + 1)));
  };
  return step(0);
}
