import express from 'express';
import serverlessExpress from '@codegenie/serverless-express';
import { staticRoutes, dynamicGet, dynamicPost } from '../../routes.mjs';

const colon = (p) => p.replace(/\{(\w+)\}/g, ':$1');
const app = express();
app.use(express.json());
staticRoutes.forEach((p, i) => app.get(p, (req, res) => res.json({ resource: i })));
dynamicGet.forEach((p) => app.get(colon(p), (req, res) => res.json({ id: req.params.id, itemId: req.params.itemId })));
dynamicPost.forEach((p) => app.post(colon(p), (req, res) => res.json({ orderId: req.params.orderId, sku: req.body.sku })));
// Unknown routes: answer 404 here. Express's default (finalhandler) waits on the socket with
// on-finished, and serverless-express's stand-in socket has no .on(): every 404 became a 500
// with a stack trace printed (copied harness fix; ../shared/bench still has the bug).
app.use((req, res) => res.status(404).json({ message: 'Not Found' }));
export const handler = serverlessExpress({ app });
