// A decorated app: every registration decorator, on static and instance methods, on the app and
// on a blueprint. The tests drive it through the test client, and copy it into temp projects
// (with `calix` for the import below) for `calix local` and the Lambda bundle.
import {
  Blueprint, Calix, NotFoundError, Rate, Response,
  type EventBridgeEvent, type Request, type S3Event, type SnsMessage, type SqsMessage,
} from '../../src/index.js';

export const app = new Calix({ name: 'shop' });
/** What the handlers did, in order (stands in for real side effects). */
export const log: string[] = [];

const orders = new Map<string, { id: string; total: number }>([['1', { id: '1', total: 5 }]]);

// Static methods: registered as the class is defined; `this` is the class.
class Orders {
  @app.route('/orders/{id}', { methods: ['GET'], cors: true })
  static get(req: Request<{ id: string }>) {
    const order = orders.get(req.params.id);
    if (!order) throw new NotFoundError(`order ${req.params.id} not found`);
    return order;
  }

  @app.route('/orders', { methods: ['POST'] })
  static create(req: Request<{}>) {
    const { total } = req.json<{ total: number }>();
    const order = { id: String(orders.size + 1), total };
    orders.set(order.id, order);
    return Response.json(order, { status: 201 });
  }

  @app.schedule(Rate.hours(1), { name: 'expire-orders' })
  static expire() {
    log.push('expire-orders');
  }

  @app.onS3Event({ bucket: 'shop-invoices', suffix: '.pdf' })
  static invoice(event: S3Event) {
    log.push(`invoice ${event.key}`);
  }

  @app.onSqsMessage({ queue: 'payments' })
  static payment(message: SqsMessage) {
    return message.json<{ ok: boolean }>().ok; // false: this message is retried
  }

  @app.onSnsMessage({ topic: 'alerts' })
  static alert(message: SnsMessage) {
    log.push(`alert ${message.subject}`);
  }

  @app.onEventBridge({ pattern: { source: ['shop.orders'] } })
  static placed(event: EventBridgeEvent<{ orderId: string }>) {
    return `placed ${event.detail.orderId}`;
  }

  @app.lambdaFunction('total')
  static total(payload: { id: string }) {
    return this.totalOf(payload.id);
  }

  static totalOf(id: string) {
    return orders.get(id)?.total ?? 0;
  }
}

// Instance methods: called on the first instance of the class (created below, with its arguments).
class Carts {
  private readonly items = new Map<string, string[]>();
  constructor(private readonly currency: string) {}

  @app.route('/carts/{cartId}')
  show(req: Request<{ cartId: string }>) {
    return { cartId: req.params.cartId, items: this.items.get(req.params.cartId) ?? [], currency: this.currency };
  }

  @app.route('/carts/{cartId}/items', { methods: ['POST'] })
  add(req: Request<{ cartId: string }>) {
    const list = this.items.get(req.params.cartId) ?? [];
    list.push(req.json<{ sku: string }>().sku);
    this.items.set(req.params.cartId, list);
    return Response.json({ items: list }, { status: 201 });
  }

  @app.lambdaFunction('cartCount')
  count() {
    return this.items.size;
  }
}
export const carts = new Carts('EUR');

// A blueprint, decorated the same way.
export const admin = new Blueprint({ cors: true });

class Admin {
  @admin.route('/stats')
  static stats() {
    return { orders: orders.size };
  }

  @admin.schedule(Rate.days(1), { description: 'Nightly report' })
  static nightly() {
    log.push('nightly');
  }

  @admin.onS3Event({ bucket: 'shop-imports', prefix: 'csv/' })
  static importCsv(event: S3Event) {
    log.push(`import ${event.key}`);
  }

  @admin.onSqsMessage({ queue: 'emails', batchSize: 5 })
  static email(message: SqsMessage) {
    log.push(`email ${message.body}`);
  }

  @admin.onSnsMessage({ topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' })
  static ops(message: SnsMessage) {
    log.push(`ops ${message.message}`);
  }

  @admin.onEventBridge({ pattern: { source: ['shop.admin'] } })
  static audit(event: EventBridgeEvent) {
    log.push(`audit ${event['detail-type']}`);
  }

  constructor(private readonly prefix = 'reindexed') {}

  @admin.lambdaFunction('reindex')
  reindex(payload: { n: number }) {
    return `${this.prefix} ${payload.n}`;
  }
}
new Admin();

app.register(admin, { prefix: '/admin' });

export const handler = app.handler;
