// The floor for schema-typed routes: the baseline (../baseline/api.mjs) plus, on each POST, the
// same zod parse a validating framework does: safeParse the JSON body, 422 with the issues if it fails.
import { staticRoutes, dynamicGet, dynamicPost } from '../../routes.mjs';
import { Order } from '../../order-schema.mjs';

const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const table = new Map();
staticRoutes.forEach((p, i) => table.set(`GET ${p}`, () => json(200, { resource: i })));
dynamicGet.forEach((p) => table.set(`GET ${p}`, (e) => json(200, { id: e.pathParameters.id, itemId: e.pathParameters.itemId })));
dynamicPost.forEach((p) => table.set(`POST ${p}`, (e) => {
  let body;
  try { body = JSON.parse(e.body); } catch { return json(400, { message: 'invalid JSON' }); }
  const r = Order.safeParse(body);
  if (!r.success) return json(422, { issues: r.error.issues });
  return json(200, { orderId: e.pathParameters.orderId, sku: r.data.sku });
}));

export const handler = async (event) => {
  const route = table.get(`${event.httpMethod} ${event.resource}`);
  return route ? route(event) : json(404, { message: 'Not Found' });
};
