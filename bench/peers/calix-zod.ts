// The shared 50-route API (../harness/routes.mjs) with a zod body schema on the 10 POST routes
// (`body: Order`, `req.valid.body`): Calix's side of the schema benchmark (../schema.mjs), beside
// the floor doing the same zod parse by hand (../harness/peers/baseline-zod/api.mjs).
import { Calix } from 'calix';
import { staticRoutes, dynamicGet, dynamicPost } from '../harness/routes.mjs';
import { Order } from '../harness/order-schema.mjs';

const app = new Calix({ name: 'bench' });

staticRoutes.forEach((path: string, i: number) => app.route(path, () => ({ resource: i })));
dynamicGet.forEach((path: string) => app.route(path, (req) => ({ id: req.params.id, itemId: req.params.itemId })));
dynamicPost.forEach((path: string) =>
  app.route(path, { methods: ['POST'], body: Order }, (req) => ({ orderId: req.params.orderId, sku: (req.valid.body as { sku: string }).sku })),
);

export const handler = app.handler;
