import { describe, expectTypeOf, test } from 'vitest';
import {
  Calix, Cron, Rate, type EventBridgeEvent, type S3Event, type ScheduledEvent, type ScheduleExpression, type SnsMessage, type SqsBatchResponse,
  type SqsMessage, type TriggerContext, type TriggerManifest,
} from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';

describe('trigger types', () => {
  test('schedule expressions', () => {
    expectTypeOf(Rate.minutes(5)).toEqualTypeOf<ScheduleExpression>();
    expectTypeOf(Cron({ minute: 0, hour: 12 })).toEqualTypeOf<ScheduleExpression>();
    // @ts-expect-error minute and hour are required
    Cron({ dayOfWeek: 'MON' });
  });

  test('handlers receive typed events', () => {
    const app = new Calix({ name: 'types' });
    app.schedule(Rate.hours(1), (e, ctx) => {
      expectTypeOf(e).toEqualTypeOf<ScheduledEvent>();
      expectTypeOf(ctx).toEqualTypeOf<TriggerContext>();
    }, { name: 'a' });
    app.onS3Event({ bucket: 'b-1', events: ['s3:ObjectCreated:Put'] }, function resize(e) {
      expectTypeOf(e).toEqualTypeOf<S3Event>();
      expectTypeOf(e.key).toBeString();
    });
    // @ts-expect-error not an S3 event type
    app.onS3Event({ bucket: 'b-1', events: ['s3:ObjectCreated'], name: 'x' }, () => {});
    app.onSqsMessage({ queue: 'q', name: 'q' }, (m) => expectTypeOf(m).toEqualTypeOf<SqsMessage>());
    // @ts-expect-error queue and queueArn are exclusive
    app.onSqsMessage({ queue: 'q', queueArn: 'arn:aws:sqs:us-east-1:123456789012:q', name: 'q2' }, () => {});
    app.onSnsMessage({ topicArn: 'arn:aws:sns:us-east-1:123456789012:t', name: 't' }, (m) => expectTypeOf(m).toEqualTypeOf<SnsMessage>());
    app.onEventBridge<{ orderId: string }>({ pattern: { source: ['shop'] }, name: 'eb' }, (e) => {
      expectTypeOf(e).toEqualTypeOf<EventBridgeEvent<{ orderId: string }>>();
      expectTypeOf(e.detail.orderId).toBeString();
    });
    app.lambdaFunction('add', (p: { a: number; b: number }) => p.a + p.b);
  });

  test('manifest triggers are a discriminated union', () => {
    const t = {} as TriggerManifest;
    if (t.kind === 'sqs') expectTypeOf(t.batchSize).toEqualTypeOf<number | null>();
    if (t.kind === 's3') expectTypeOf(t.events).toEqualTypeOf<string[]>();
  });

  test('the test client types its results', async () => {
    const client = createTestClient(new Calix({ name: 'types' }));
    expectTypeOf((await client.events.sqs('q', ['x'])).result).toEqualTypeOf<SqsBatchResponse>();
    expectTypeOf((await client.events.lambda<number>('add', { a: 1, b: 2 })).result).toEqualTypeOf<number>();
  });
});
