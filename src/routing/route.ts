import type { Authorizer } from '../auth/authorizers.js';
import type { CorsRule } from '../http/cors.js';
import type { Middleware, RouteHandler } from '../types.js';
import type { ParsedPath } from './path.js';

/** @internal A registered route, as the router uses it. */
export interface Route {
  name: string;
  path: string;
  parsed: ParsedPath;
  methods: string[];
  handler: RouteHandler<string>;
  authorizer: Authorizer | null;
  cors: CorsRule | null;
  contentTypes: string[];
  apiKeyRequired: boolean;
  /** Blueprint middleware (inside the app's). */
  middleware: readonly Middleware[];
  /** App + blueprint middleware, resolved on first request. */
  chain: Middleware[] | undefined;
}
