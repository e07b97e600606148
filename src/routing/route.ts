import type { Authorizer } from '../auth/authorizers.js';
import type { CorsRule } from '../http/cors.js';
import type { StandardSchemaV1 } from '../schema/standard.js';
import type { Middleware, RequestPart, RouteHandler } from '../types.js';

/** @internal A registered route, as the router uses it. */
export interface Route {
  name: string;
  path: string;
  methods: string[];
  /** The user's handler, as registered. */
  handler: RouteHandler<string>;
  /** What the router calls: `handler` itself, or `handler` behind the route's schemas (src/schema/validate.ts). */
  invoke: RouteHandler<string>;
  /** The schemas the route declared (for the manifest), or null. */
  schemas: (Partial<Record<RequestPart, StandardSchemaV1>> & { response?: { readonly [status: number]: StandardSchemaV1 } }) | null;
  authorizer: Authorizer | null;
  cors: CorsRule | null;
  contentTypes: string[];
  apiKeyRequired: boolean;
  /** Blueprint middleware (inside the app's). */
  middleware: readonly Middleware[];
  /** The last raw Content-Type header text the router found acceptable (a memo of the 415 check). */
  acceptedType?: string | undefined;
  /** App + blueprint middleware, resolved on first request. */
  chain: Middleware[] | undefined;
}
