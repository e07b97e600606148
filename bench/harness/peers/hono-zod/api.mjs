// Hono with @hono/zod-validator on the schema benchmark's API: the hono peer (../hono/api.mjs)
// with `zValidator('json', Order)` on the POST routes.
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { zValidator } from '@hono/zod-validator';
import { staticRoutes, dynamicGet, dynamicPost } from '../../routes.mjs';
import { Order } from '../../order-schema.mjs';

const colon = (p) => p.replace(/\{(\w+)\}/g, ':$1');
const app = new Hono();
staticRoutes.forEach((p, i) => app.get(p, (c) => c.json({ resource: i })));
dynamicGet.forEach((p) => app.get(colon(p), (c) => c.json({ id: c.req.param('id'), itemId: c.req.param('itemId') })));
dynamicPost.forEach((p) => app.post(colon(p), zValidator('json', Order), (c) => c.json({ orderId: c.req.param('orderId'), sku: c.req.valid('json').sku })));
export const handler = handle(app);
