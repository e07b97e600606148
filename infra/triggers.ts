// One builder per trigger kind: what connects a trigger's function to its event source. Each adds
// its resources beside the function, in the function's own construct. Every source targets the
// function's `live` alias, so `calix rollback` moves triggers back with the API.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { TriggerKind, TriggerSpec } from '../project/triggers.js';
import type { CalixFunction } from './function.js';

const S3_EVENT_TYPES = new Set<string>(Object.values(s3.EventType));

/** What a builder needs besides the function: the description prefix `Calix <app> (<stage>)`. */
export interface TriggerContext {
  readonly label: string;
  /** Reports an input problem (at synth, with the construct path). */
  readonly problem: (message: string) => void;
}

/** What a builder made that other functions need: a task's queue (its URL goes into `CALIX_TASKS`). */
export interface TriggerConnection {
  readonly queue?: sqs.IQueue;
}

type Builder<K extends TriggerKind> = (fn: CalixFunction, t: Extract<TriggerSpec, { kind: K }>, ctx: TriggerContext) => TriggerConnection | void;

/** Lambda's own default for asynchronous invocations, and so Calix's for tasks. */
export const TASK_RETRIES_DEFAULT = 2;

export const TRIGGER_BUILDERS: { readonly [K in TriggerKind]: Builder<K> } = {
  // An EventBridge rule (not EventBridge Scheduler): the function receives the `aws.events`
  // "Scheduled Event" the runtime recognises, and the rule's permission is scoped to this rule
  // on this trigger's own function.
  schedule: (fn, t, ctx) => {
    new events.Rule(fn, 'Schedule', {
      schedule: events.Schedule.expression(t.expression),
      description: t.description ?? `${ctx.label}: schedule ${t.name}`,
      targets: [new targets.LambdaFunction(fn.alias)],
    });
  },
  s3: (fn, t, ctx) => {
    const bucket = s3.Bucket.fromBucketName(fn, 'Bucket', t.bucket);
    const filter: s3.NotificationKeyFilter = { ...(t.prefix ? { prefix: t.prefix } : {}), ...(t.suffix ? { suffix: t.suffix } : {}) };
    for (const e of t.events) {
      if (!S3_EVENT_TYPES.has(e)) {
        ctx.problem(`s3 trigger "${t.name}": "${e}" is not an S3 event type (e.g. s3:ObjectCreated:*)`);
        continue;
      }
      bucket.addEventNotification(e as s3.EventType, new s3n.LambdaDestination(fn.alias), ...(Object.keys(filter).length ? [filter] : []));
    }
  },
  sqs: (fn, t) => {
    const queue = t.queueArn
      ? sqs.Queue.fromQueueArn(fn, 'Queue', t.queueArn)
      : sqs.Queue.fromQueueAttributes(fn, 'Queue', {
          queueName: t.queue!,
          queueArn: Stack.of(fn).formatArn({ service: 'sqs', resource: t.queue!, arnFormat: ArnFormat.NO_RESOURCE_NAME }),
        });
    fn.alias.addEventSource(
      new SqsEventSource(queue, {
        ...(t.batchSize !== null ? { batchSize: t.batchSize } : {}),
        ...(t.maxBatchingWindow !== null ? { maxBatchingWindow: Duration.seconds(t.maxBatchingWindow) } : {}),
        reportBatchItemFailures: true,
      }),
    );
  },
  sns: (fn, t) => {
    const topicArn = t.topicArn ?? Stack.of(fn).formatArn({ service: 'sns', resource: t.topic!, arnFormat: ArnFormat.NO_RESOURCE_NAME });
    sns.Topic.fromTopicArn(fn, 'Topic', topicArn).addSubscription(new subs.LambdaSubscription(fn.alias));
  },
  // The pattern is EventBridge's own JSON (`detail-type`, ...); CDK passes its keys through.
  eventbridge: (fn, t, ctx) => {
    new events.Rule(fn, 'Rule', {
      eventPattern: t.pattern as events.EventPattern,
      description: `${ctx.label}: EventBridge trigger ${t.name}`,
      targets: [new targets.LambdaFunction(fn.alias)],
    });
  },
  // Invoked directly (Lambda Invoke): nothing else to create.
  function: () => undefined,
  // A background task. Queued: `send` puts the payload on an SQS queue that feeds the function
  // one message at a time; a payload received `retries + 1` times goes to the dead-letter queue.
  // Otherwise `send` is an Event invocation, retried and then sent on by Lambda's async config.
  task: (fn, t, ctx) => {
    const retries = t.retries ?? TASK_RETRIES_DEFAULT;
    if (t.queue) {
      // Visibility must outlast a run (Lambda refuses a mapping otherwise); AWS advises 6x the timeout.
      const visibility = Math.min(43_200, Math.max(30, fn.model.settings.timeout * 6));
      const dlq = new sqs.Queue(fn, 'DeadLetterQueue', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
      const queue = new sqs.Queue(fn, 'Queue', {
        enforceSSL: true,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        visibilityTimeout: Duration.seconds(visibility),
        deadLetterQueue: { queue: dlq, maxReceiveCount: retries + 1 },
      });
      fn.alias.addEventSource(new SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true }));
      return { queue };
    }
    const onFailure = t.onFailure ? failureDestination(fn, t.onFailure, t.name, ctx) : undefined;
    fn.alias.configureAsyncInvoke({ retryAttempts: retries, ...(onFailure ? { onFailure } : {}) });
    return undefined;
  },
};

/** The async-invocation destination an `onFailure` ARN names (it grants the function the send). */
function failureDestination(fn: CalixFunction, arn: string, task: string, ctx: TriggerContext): lambda.IDestination | undefined {
  switch (arn.split(':')[2]) {
    case 'sqs':
      return new destinations.SqsDestination(sqs.Queue.fromQueueArn(fn, 'OnFailure', arn));
    case 'sns':
      return new destinations.SnsDestination(sns.Topic.fromTopicArn(fn, 'OnFailure', arn));
    case 'lambda':
      return new destinations.LambdaDestination(lambda.Function.fromFunctionArn(fn, 'OnFailure', arn));
    case 'events':
      return new destinations.EventBridgeDestination(events.EventBus.fromEventBusArn(fn, 'OnFailure', arn));
    default:
      ctx.problem(`task "${task}": onFailure "${arn}" is not an SQS queue, SNS topic, Lambda function or EventBridge bus ARN`);
      return undefined;
  }
}

/** Connects a trigger's function to its source with the builder of its kind. */
export function connectTrigger(fn: CalixFunction, t: TriggerSpec, ctx: TriggerContext): TriggerConnection {
  return (TRIGGER_BUILDERS[t.kind] as Builder<TriggerKind>)(fn, t as never, ctx) ?? {};
}

