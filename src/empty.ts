/**
 * The one frozen empty object the runtime hands out for "nothing here": a route's path parameters
 * when it has none, `req.valid` before any schema ran. Shared, so such a request allocates nothing
 * for them.
 */
export const EMPTY: Readonly<Record<string, never>> = Object.freeze({});
