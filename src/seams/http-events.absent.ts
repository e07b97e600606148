// ./http-events.ts for the router of a REST API stage without a Function URL (see there).
import type * as Present from './http-events.js';

export const httpEventsAdapter: typeof Present.httpEventsAdapter = () => {
  throw new Error(
    'Calix: this router was packaged for a REST API stage without a Function URL, so it takes no HTTP API (payload 2.0) or Function URL event; to serve them, set the stage\'s "api": { "type": "http" } or "functionUrl"',
  );
};
