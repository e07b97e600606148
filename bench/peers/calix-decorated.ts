// The shared 50-route API (../harness/routes.mjs), as calix.ts, written with Calix's decorators:
// one class of static methods, each registered by `@app.route`. Answers exactly like calix.ts
// and the baseline peer; the bench compares it with calix.ts (the call form).
import { Calix, type Request } from 'calix';

const app = new Calix({ name: 'bench' });

type Item = Request<{ id: string; itemId: string }>;
type Line = Request<{ orderId: string }>;

class Api {
  @app.route('/api/v1/resource0') static resource0() { return { resource: 0 }; }
  @app.route('/api/v1/resource1') static resource1() { return { resource: 1 }; }
  @app.route('/api/v1/resource2') static resource2() { return { resource: 2 }; }
  @app.route('/api/v1/resource3') static resource3() { return { resource: 3 }; }
  @app.route('/api/v1/resource4') static resource4() { return { resource: 4 }; }
  @app.route('/api/v1/resource5') static resource5() { return { resource: 5 }; }
  @app.route('/api/v1/resource6') static resource6() { return { resource: 6 }; }
  @app.route('/api/v1/resource7') static resource7() { return { resource: 7 }; }
  @app.route('/api/v1/resource8') static resource8() { return { resource: 8 }; }
  @app.route('/api/v1/resource9') static resource9() { return { resource: 9 }; }
  @app.route('/api/v1/resource10') static resource10() { return { resource: 10 }; }
  @app.route('/api/v1/resource11') static resource11() { return { resource: 11 }; }
  @app.route('/api/v1/resource12') static resource12() { return { resource: 12 }; }
  @app.route('/api/v1/resource13') static resource13() { return { resource: 13 }; }
  @app.route('/api/v1/resource14') static resource14() { return { resource: 14 }; }
  @app.route('/api/v1/resource15') static resource15() { return { resource: 15 }; }
  @app.route('/api/v1/resource16') static resource16() { return { resource: 16 }; }
  @app.route('/api/v1/resource17') static resource17() { return { resource: 17 }; }
  @app.route('/api/v1/resource18') static resource18() { return { resource: 18 }; }
  @app.route('/api/v1/resource19') static resource19() { return { resource: 19 }; }
  @app.route('/api/v1/resource20') static resource20() { return { resource: 20 }; }
  @app.route('/api/v1/resource21') static resource21() { return { resource: 21 }; }
  @app.route('/api/v1/resource22') static resource22() { return { resource: 22 }; }
  @app.route('/api/v1/resource23') static resource23() { return { resource: 23 }; }
  @app.route('/api/v1/resource24') static resource24() { return { resource: 24 }; }
  @app.route('/api/v1/resource25') static resource25() { return { resource: 25 }; }
  @app.route('/api/v1/resource26') static resource26() { return { resource: 26 }; }
  @app.route('/api/v1/resource27') static resource27() { return { resource: 27 }; }
  @app.route('/api/v1/resource28') static resource28() { return { resource: 28 }; }
  @app.route('/api/v1/resource29') static resource29() { return { resource: 29 }; }
  @app.route('/api/v1/users/{id}/items0/{itemId}') static items0(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items1/{itemId}') static items1(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items2/{itemId}') static items2(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items3/{itemId}') static items3(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items4/{itemId}') static items4(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items5/{itemId}') static items5(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items6/{itemId}') static items6(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items7/{itemId}') static items7(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items8/{itemId}') static items8(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/users/{id}/items9/{itemId}') static items9(req: Item) { return { id: req.params.id, itemId: req.params.itemId }; }
  @app.route('/api/v1/orders0/{orderId}/lines', { methods: ['POST'] }) static lines0(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders1/{orderId}/lines', { methods: ['POST'] }) static lines1(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders2/{orderId}/lines', { methods: ['POST'] }) static lines2(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders3/{orderId}/lines', { methods: ['POST'] }) static lines3(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders4/{orderId}/lines', { methods: ['POST'] }) static lines4(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders5/{orderId}/lines', { methods: ['POST'] }) static lines5(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders6/{orderId}/lines', { methods: ['POST'] }) static lines6(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders7/{orderId}/lines', { methods: ['POST'] }) static lines7(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders8/{orderId}/lines', { methods: ['POST'] }) static lines8(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
  @app.route('/api/v1/orders9/{orderId}/lines', { methods: ['POST'] }) static lines9(req: Line) { return { orderId: req.params.orderId, sku: req.json<{ sku: string }>().sku }; }
}

export const handler = app.handler;
