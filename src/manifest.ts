import type { AuthorizerManifest } from './auth/authorizers.js';
import type { CorsRule } from './http/cors.js';

/** Bumped on any change a reader of the manifest must know about. */
export const MANIFEST_VERSION = 1;

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
}

/** Filled by the event-source registrations (schedules, S3, SQS, SNS, EventBridge, functions). */
export interface TriggerManifest {
  kind: string;
  name: string;
  [key: string]: unknown;
}

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  app: string;
  routes: RouteManifest[];
  authorizers: AuthorizerManifest[];
  triggers: TriggerManifest[];
  /** Request media types API Gateway must pass as binary (base64) to the router. */
  binaryMediaTypes: string[];
}
