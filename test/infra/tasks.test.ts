// Tasks in the stack: each task is a function the stack names `<app>-<stage>-<task>`; every
// function gets CALIX_TASKS and may invoke (or enqueue to) exactly the tasks' `live` aliases; a plain task has an
// EventInvokeConfig on its alias (retries, on-failure destination); a queued one an SQS queue, a dead-letter
// queue and an event source mapping to its alias. cdk-nag finds nothing to report.
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Calix, type Manifest } from '../../src/index.js';
import { stageModel } from '../../project/stage-model.js';
import { cleanup, resources, stageFor, synth, type Synth } from './fixtures.js';

afterAll(cleanup);

const ROUTER_ROLE = /^AppRouterRole/;

function jobsManifest(): Manifest {
  const app = new Calix({ name: 'jobs' });
  app.route('/resize', { methods: ['POST'] }, () => ({}));
  app.task('resize', () => undefined);
  app.task('report', () => undefined, { queue: true, retries: 1 });
  app.task('notify', () => undefined, { retries: 0, onFailure: 'arn:aws:sqs:us-east-1:123456789012:failed-tasks' });
  app.task('audit', () => undefined, { onFailure: 'arn:aws:sns:us-east-1:123456789012:task-failures' });
  app.schedule('rate(1 hour)', function hourly() {});
  return app.manifest();
}

/** The qualifier CDK gives a setting on a task's alias: the alias name, read from the `live` alias's ARN (`arn:…:function:<name>:live`). */
const aliasName = (task: string) => ({ 'Fn::Select': [7, { 'Fn::Split': [':', { Ref: expect.stringMatching(new RegExp(`^AppTriggers${task}Live`)) }] }] });

/** The environment variables of the function that runs as CALIX_HANDLER=`name`, as in the template. */
const envOf = (s: Synth, name: string): Record<string, unknown> =>
  Object.values(resources(s.template, 'AWS::Lambda::Function')).find((f) => f.Properties.Environment?.Variables?.CALIX_HANDLER === name)!.Properties.Environment.Variables;

describe('tasks in the synthesized stack', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth({ manifest: jobsManifest(), publicRoutes: '*' });
  });

  test('each task is a function named <app>-<stage>-<task>, run as CALIX_HANDLER=<task>', () => {
    for (const name of ['resize', 'report', 'notify', 'audit']) {
      s.template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `jobs-dev-${name}`, Environment: { Variables: { CALIX_HANDLER: name } } });
    }
    // Other functions keep names CloudFormation chooses.
    const named = Object.values(resources(s.template, 'AWS::Lambda::Function')).filter((f) => f.Properties.FunctionName);
    expect(named.map((f) => f.Properties.FunctionName).sort()).toEqual(['jobs-dev-audit', 'jobs-dev-notify', 'jobs-dev-report', 'jobs-dev-resize']);
  });

  test('every function, the router and each task included, gets CALIX_TASKS naming each task\'s live alias and queue URL', () => {
    for (const name of ['api', 'hourly', 'resize', 'report']) {
      const raw = envOf(s, name).CALIX_TASKS as { 'Fn::Join': [string, unknown[]] };
      // The JSON is joined around the queue's URL token: check the literal parts and the token.
      const parts = raw['Fn::Join'][1];
      const text = parts.map((p) => (typeof p === 'string' ? p : '<QUEUE_URL>')).join('');
      expect(JSON.parse(text)).toEqual({
        resize: { function: 'jobs-dev-resize:live' },
        report: { function: 'jobs-dev-report:live', queue: '<QUEUE_URL>' },
        notify: { function: 'jobs-dev-notify:live' },
        audit: { function: 'jobs-dev-audit:live' },
      });
      expect(parts.find((p) => typeof p !== 'string')).toEqual({ Ref: expect.stringMatching(/^AppTriggersreportQueue/) });
    }
  });

  test('every function may invoke the unqueued tasks\' live aliases and send to the queued task\'s queue, and nothing more', () => {
    const policies = Object.values(resources(s.template, 'AWS::IAM::Policy'));
    const routerPolicy = policies.find((p) => p.Properties.Roles.some((r: { Ref: string }) => ROUTER_ROLE.test(r.Ref)))!;
    const arn = (fn: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:function:${fn}`]] });
    expect(routerPolicy.Properties.PolicyDocument.Statement).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: [arn('jobs-dev-resize:live'), arn('jobs-dev-notify:live'), arn('jobs-dev-audit:live')] },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AppTriggersreportQueue/), 'Arn'] } },
    ]);
    // Six roles send (the router, the schedule, the four tasks).
    const senders = policies.filter((p) => p.Properties.PolicyDocument.Statement.some((st: { Action: string }) => st.Action === 'lambda:InvokeFunction'));
    expect(senders).toHaveLength(6);
  });

  test('a plain task: an EventInvokeConfig on its live alias with its retries and its on-failure destination (SQS, SNS), granted to its role', () => {
    const configs = Object.values(resources(s.template, 'AWS::Lambda::EventInvokeConfig')).map((c) => c.Properties);
    expect(configs).toHaveLength(3);
    expect(configs).toContainEqual({ FunctionName: { Ref: expect.stringMatching(/^AppTriggersresizeFunction/) }, Qualifier: aliasName('resize'), MaximumRetryAttempts: 2 });
    expect(configs).toContainEqual({
      FunctionName: { Ref: expect.stringMatching(/^AppTriggersnotifyFunction/) }, Qualifier: aliasName('notify'), MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:failed-tasks' } },
    });
    expect(configs).toContainEqual({
      FunctionName: { Ref: expect.stringMatching(/^AppTriggersauditFunction/) }, Qualifier: aliasName('audit'), MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sns:us-east-1:123456789012:task-failures' } },
    });
    const statements = Object.values(resources(s.template, 'AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: 'arn:aws:sqs:us-east-1:123456789012:failed-tasks' }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:123456789012:task-failures' }));
  });

  test('a queued task: an encrypted, SSL-only queue whose dead-letter queue gets a payload after retries + 1 receives, feeding the function\'s live alias one message at a time', () => {
    const queues = resources(s.template, 'AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    const [dlqId] = Object.keys(queues).filter((id) => /DeadLetterQueue/.test(id));
    const [queueId] = Object.keys(queues).filter((id) => /reportQueue/.test(id));
    const tags = [{ Key: 'calix:app', Value: 'jobs' }, { Key: 'calix:stage', Value: 'dev' }];
    expect(queues[queueId!]!.Properties).toEqual({
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 2 },
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      Tags: tags,
    });
    expect(queues[dlqId!]!.Properties).toEqual({ MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true, Tags: tags });
    // Each queue refuses requests without TLS.
    for (const p of Object.values(resources(s.template, 'AWS::SQS::QueuePolicy'))) {
      expect(p.Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    }
    expect(Object.keys(resources(s.template, 'AWS::SQS::QueuePolicy'))).toHaveLength(2);
    expect(Object.values(resources(s.template, 'AWS::Lambda::EventSourceMapping')).map((m) => m.Properties)).toEqual([
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        // `<function name>:live`, from the alias's ARN.
        FunctionName: { 'Fn::Join': ['', [{ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: expect.stringMatching(/^AppTriggersreportLive/) }] }] }, ':live']] },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    ]);
    // No async config for it: the queue retries.
    const configs = Object.values(resources(s.template, 'AWS::Lambda::EventInvokeConfig'));
    expect(configs.some((c) => /report/.test(JSON.stringify(c.Properties.FunctionName)))).toBe(false);
  });

  test('cdk-nag AwsSolutions finds nothing to report', () => {
    const result = new AwsSolutionsChecks(s.app, { verbose: true }).validateScope(s.stack);
    expect(result.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  test('an app without tasks has no CALIX_TASKS and no invoke permission', () => {
    const app = new Calix({ name: 'plain' });
    app.route('/', () => ({}));
    const plain = synth({ manifest: app.manifest(), publicRoutes: '*' });
    expect(JSON.stringify(plain.template.toJSON())).not.toContain('CALIX_TASKS');
    expect(Object.keys(resources(plain.template, 'AWS::IAM::Policy'))).toEqual([]);
  });
});

describe('the stage model', () => {
  test('a task\'s deployed name longer than Lambda allows is a problem naming the task and the fix', () => {
    const app = new Calix({ name: 'a-rather-long-application-name' });
    app.task('resize-every-uploaded-picture', () => undefined);
    const model = stageModel(app.manifest(), stageFor(app.manifest(), { stage: 'production' }));
    expect(model.problems).toEqual([
      'task trigger "resize-every-uploaded-picture" is deployed as the function "a-rather-long-application-name-production-resize-every-uploaded-picture" (<app>-<stage>-<name>), 71 characters; Lambda allows 64: shorten the task\'s name, the app\'s or the stage\'s',
    ]);
    expect(model.functions.find((f) => f.name === 'resize-every-uploaded-picture')?.deployedName).toBe('a-rather-long-application-name-production-resize-every-uploaded-picture');
    expect(model.functions.find((f) => f.name === 'api')?.deployedName).toBeNull();
  });
});
