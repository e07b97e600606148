// Shared by the infra tests: manifests built with the real runtime, a tiny bundle directory, and
// a synthesis helper. Synthesis runs offline: env-agnostic stacks, no lookups, no credentials.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Blueprint, Calix, CognitoUserPoolAuthorizer, IAMAuthorizer, type Manifest, type TriggerManifest } from '../../src/index.js';
import type { StageConfig } from '../../project/types.js';
import { CalixApp, defaultStageConfig, type CalixAppProps } from '../../infra/index.js';

let root: string | undefined;
let counter = 0;

/** A fresh temporary directory, removed by `cleanup()`. */
export function tempDir(name: string): string {
  root ??= mkdtempSync(join(tmpdir(), 'calix-infra-test-'));
  const dir = join(root, `${name}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function cleanup(): void {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
  shared = undefined;
}

/** A bundle directory holding a small index.mjs (and its map), as esbuild would write it. */
export function bundleDir(): string {
  const dir = tempDir('bundle');
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200, body: "ok" });\n//# sourceMappingURL=index.mjs.map\n');
  writeFileSync(join(dir, 'index.mjs.map'), '{"version":3,"sources":[],"mappings":""}\n');
  return dir;
}

export const ACCOUNT_POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Existing1';

/** Triggers as the runtime writes them into the manifest (one of each kind). */
export const TRIGGERS: TriggerManifest[] = [
  { kind: 'schedule', name: 'cleanup', expression: 'rate(10 minutes)', description: 'Deletes finished todos' },
  { kind: 's3', name: 'resize', bucket: 'todo-uploads', events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'], prefix: 'incoming/', suffix: '.png' },
  { kind: 'sqs', name: 'work', queue: 'todo-jobs', queueArn: null, batchSize: 25, maxBatchingWindow: 5 },
  { kind: 'sqs', name: 'audit', queue: null, queueArn: 'arn:aws:sqs:eu-west-1:123456789012:audit-events', batchSize: null, maxBatchingWindow: null },
  { kind: 'sns', name: 'notify', topic: 'todo-alerts', topicArn: null },
  { kind: 'eventbridge', name: 'orders', pattern: { source: ['my.orders'], 'detail-type': ['OrderPlaced'] } },
  { kind: 'function', name: 'direct' },
];

/**
 * The example app's shape (examples/todo: CORS everywhere, a /v1 blueprint), plus what a real
 * app adds: a Cognito authorizer with scopes, an IAM-protected admin route, a greedy binary
 * upload route, an API-key route, and one trigger of each kind.
 */
export function exampleManifest(): Manifest {
  const app = new Calix({ name: 'todo', cors: true });
  const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'todo-users' });
  const writers = new CognitoUserPoolAuthorizer('writers', { userPoolName: 'todo-users', scopes: ['todos/write'] });
  const iam = new IAMAuthorizer('iam');
  app.route('/', { name: 'index' }, () => ({ hello: 'world' }));
  const api = new Blueprint({ authorizer: users });
  api.route('/todos', { name: 'listTodos' }, () => []);
  api.route('/todos', { name: 'createTodo', methods: ['POST'], authorizer: writers }, () => ({}));
  api.route('/todos/{id}', { name: 'todo', methods: ['GET', 'PATCH', 'DELETE'] }, () => ({}));
  app.register(api, { prefix: '/v1' });
  app.route('/admin/stats', { name: 'adminStats', authorizer: iam, cors: false }, () => ({}));
  app.route('/files/{path+}', { name: 'upload', methods: ['PUT'], contentTypes: ['image/png', 'application/octet-stream'], authorizer: users }, () => ({}));
  app.route('/metrics', { name: 'metrics', apiKeyRequired: true, cors: false }, () => ({}));
  const m = app.manifest();
  m.triggers = structuredClone(TRIGGERS);
  return m;
}

/** `n` paths of a generated app, three routes each (GET and POST on /resN, GET on /resN/{id}). */
export function generatedManifest(paths: number, options: { authorizer?: boolean } = {}): Manifest {
  const app = new Calix({ name: 'big' });
  const auth = options.authorizer ? new CognitoUserPoolAuthorizer('users') : null;
  for (let i = 0; i < paths; i++) {
    app.route(`/res${i}`, { name: `list${i}`, authorizer: auth }, () => []);
    app.route(`/res${i}`, { name: `create${i}`, methods: ['POST'], authorizer: auth }, () => ({}));
    app.route(`/res${i}/{id}`, { name: `get${i}`, authorizer: auth }, () => ({}));
  }
  return app.manifest();
}

export function stageFor(manifest: Manifest, values: Partial<StageConfig> = {}): StageConfig {
  return defaultStageConfig({ app: manifest.app, stage: 'dev', ...values });
}

export interface Synth {
  app: App;
  stack: Stack;
  calix: CalixApp;
  template: Template;
}

/**
 * Builds CalixApp in a fresh env-agnostic stack and synthesizes it. CloudFormation template
 * validation (aws-cdk-lib's wasm validator, ~1.5 s on the first synth of a process) is off
 * unless asked for: one test turns it on for the example stack.
 */
export function synth(props: Partial<CalixAppProps> & Pick<CalixAppProps, 'manifest'>, options: { validation?: boolean; indent?: boolean } = {}): Synth {
  const app = new App({
    outdir: tempDir('cdk.out'),
    builtinCloudFormationValidation: options.validation ?? false,
    // With validation on, template errors fail the synthesis instead of being warnings.
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  const stack = new Stack(app, `${props.manifest.app}-dev`, { suppressTemplateIndentation: !options.indent });
  const calix = new CalixApp(stack, 'App', {
    bundleDir: props.bundleDir ?? sharedBundle(),
    stage: props.stage ?? stageFor(props.manifest),
    ...props,
  });
  return { app, stack, calix, template: Template.fromStack(stack) };
}

let shared: string | undefined;
function sharedBundle(): string {
  return (shared ??= bundleDir());
}

/** Resources of a type in the template, by logical ID. */
export function resources(template: Template, type: string): Record<string, { Properties: Record<string, any>; [k: string]: any }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, any> }>;
}

/** The single RestApi's OpenAPI body. */
export function apiBody(template: Template): any {
  const apis = Object.values(resources(template, 'AWS::ApiGateway::RestApi'));
  if (apis.length !== 1) throw new Error(`expected one RestApi, found ${apis.length}`);
  return apis[0]!.Properties.Body;
}

/** The logical ID of a construct's CloudFormation resource. */
export function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.resolve((construct.node.defaultChild as { logicalId: string }).logicalId) as string;
}
