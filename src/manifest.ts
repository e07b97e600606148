import type { AuthorizerManifest } from './auth/authorizers.js';
import type { CorsRule } from './http/cors.js';
import type { RouteSchemasManifest } from './schema/json-schema.js';

export type { JsonSchemaTarget, RouteSchemasManifest, SchemaManifest } from './schema/json-schema.js';

/**
 * Bumped on any change a reader of the manifest must know about.
 * 2: routes may carry `schemas` (issue #15): a reader that ignored them would deploy an API that
 * neither documents nor enforces them.
 */
export const MANIFEST_VERSION = 2;

export interface RouteManifest {
  /** Stable, unique route name (OpenAPI operationId). */
  name: string;
  /** API Gateway path template, e.g. `/users/{id}` or `/files/{path+}`. */
  path: string;
  /** Upper-case methods. */
  methods: string[];
  /** Path parameter names in order. */
  params: string[];
  /** Name of an entry in `authorizers`, or null for a public route. */
  authorizer: string | null;
  cors: CorsRule | null;
  /** Accepted request media types. */
  contentTypes: string[];
  apiKeyRequired: boolean;
  /**
   * JSON Schemas of the route's `body`, `query`, `params`, `headers` and `response` options.
   * Absent when the route declares none. A schema without a JSON Schema is recorded with
   * `jsonSchema: null` and an `error`: a reader that needs it must refuse, naming route and option.
   */
  schemas?: RouteSchemasManifest;
}

/**
 * One non-HTTP function: a schedule, an S3/SQS/SNS/EventBridge trigger, a plain Lambda function or a task.
 * `name` is unique in the app (case-insensitively), never `api`, and is the function's name;
 * the deployed function runs with `CALIX_HANDLER=<name>` in its environment.
 */
export type TriggerManifest =
  /** `expression`: a validated EventBridge `rate(...)` / `cron(...)` string. */
  | { kind: 'schedule'; name: string; expression: string; description: string | null }
  /** `events`: S3 event types like `s3:ObjectCreated:*`; prefix/suffix: key filters. */
  | { kind: 's3'; name: string; bucket: string; events: string[]; prefix: string | null; suffix: string | null }
  /** Exactly one of `queue` (a name) / `queueArn` is set. null settings mean Lambda's defaults. Handlers report partial batch failures. */
  | { kind: 'sqs'; name: string; queue: string | null; queueArn: string | null; batchSize: number | null; maxBatchingWindow: number | null }
  /** Exactly one of `topic` (a name) / `topicArn` is set. */
  | { kind: 'sns'; name: string; topic: string | null; topicArn: string | null }
  /** `pattern`: an EventBridge event pattern. */
  | { kind: 'eventbridge'; name: string; pattern: Record<string, unknown> }
  /** Invoked directly (Lambda Invoke) with any payload. */
  | { kind: 'function'; name: string }
  /**
   * A background task (`app.task`): started by `send` as an `Event` invocation, or through its own
   * SQS queue (with a dead-letter queue) when `queue`. `retries`: Lambda's async retries (0-2), or
   * with `queue` the receives before the dead-letter queue minus one; null: 2. `onFailure`: the
   * ARN of the failed-invocation destination (never with `queue`).
   */
  | { kind: 'task'; name: string; queue: boolean; retries: number | null; onFailure: string | null };

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  app: string;
  routes: RouteManifest[];
  authorizers: AuthorizerManifest[];
  triggers: TriggerManifest[];
  /** Request media types API Gateway must pass as binary (base64) to the router. */
  binaryMediaTypes: string[];
}
