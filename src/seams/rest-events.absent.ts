// ./rest-events.ts for the router of an HTTP API stage (see there).
import type * as Present from './rest-events.js';

export const restEventsAdapter: typeof Present.restEventsAdapter = () => {
  throw new Error(
    'Calix: this router was packaged for an HTTP API stage, so it does not take REST API (payload 1.0) events; if the stage serves them, set its "api": { "type": "rest" } and deploy again',
  );
};
