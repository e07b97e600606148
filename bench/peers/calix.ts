// The shared 50-route API (../harness/routes.mjs) written with Calix's public API:
// 30 static GETs, 10 dynamic GETs with two path parameters, 10 dynamic POSTs with a JSON body.
// Answers exactly like the baseline peer (../harness/peers/baseline/api.mjs); unknown routes 404,
// a POST body that is not JSON 400 (req.json() throws BadRequestError).
import { Calix } from 'calix';
import { staticRoutes, dynamicGet, dynamicPost } from '../harness/routes.mjs';

export const app = new Calix({ name: 'bench' });

staticRoutes.forEach((path: string, i: number) => app.route(path, () => ({ resource: i })));
dynamicGet.forEach((path: string) => app.route(path, (req) => ({ id: req.params.id, itemId: req.params.itemId })));
dynamicPost.forEach((path: string) =>
  app.route(path, { methods: ['POST'] }, (req) => ({ orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku })),
);

export const handler = app.handler;
