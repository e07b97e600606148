// Tasks deployed to the emulator and run by it. The launcher runs Node.js functions under node
// (patch 9: moto would need Docker), so this is the deployed code end to end: the router,
// invoked through Lambda (`calix invoke api --remote`), sends a task; the emulator's Lambda takes
// the Event invocation (202) and runs the task's function, whose output `calix logs` reads back.
// A queued task goes through the SQS queue the stack made, whose event source mapping the
// emulator drives. What moto's CloudFormation skips (AWS::Lambda::EventInvokeConfig,
// AWS::SQS::QueuePolicy) is covered by template assertions in test/infra/tasks.test.ts.
import { GetFunctionConfigurationCommand, ListEventSourceMappingsCommand, PublishVersionCommand, UpdateAliasCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { linkDependencies, tempProject } from '../helpers/project.js';
import { REGION, startMoto, type Moto } from './moto.js';
import { invokeRouter, logsMatching } from './run-deployed.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'tasks' });

const resize = app.task('resize', async (job: { key: string }, ctx) => {
  console.log('resized', job.key, 'in', ctx?.functionName);
  return 'done';
});
app.task('report', async (job: { day: string }) => {
  console.log('report for', job.day, 'by', process.env.RELEASE ?? 'the deployed release');
}, { queue: true, retries: 1 });

app.route('/resize/{key}', { methods: ['POST'] }, async (req) => {
  await resize.send({ key: req.params.key });
  return { queued: req.params.key };
});
app.route('/report/{day}', { methods: ['POST'] }, async (req) => {
  await app.tasks.report!.send({ day: req.params.day });
  return { queued: req.params.day };
});
export const handler = app.handler;
`;

describe('tasks deployed to the emulator', { timeout: 180_000 }, () => {
  let moto: Moto;
  let project: ReturnType<typeof tempProject>;
  let sqs: SQSClient;
  const calix = (args: string[]) => moto.calix([...args, '--stage', 'dev'], project.dir);
  const fail = (r: { stdout: string; stderr: string }) => `stdout:\n${r.stdout}\nstderr:\n${r.stderr}\nemulator:\n${moto.output().slice(-3000)}`;

  beforeAll(async () => {
    moto = await startMoto();
    project = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'tasks', stages: { dev: {} } }) });
    linkDependencies(project.dir);
    sqs = new SQSClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    await moto.bootstrap(project.dir);
    const r = await calix(['deploy']);
    expect(r.code, fail(r)).toBe(0);
  });
  afterAll(async () => {
    sqs?.destroy();
    await moto?.stop();
    project?.remove();
  });

  test('queue: true made a queue whose dead-letter queue takes a payload after retries + 1 receives, mapped to the task\'s live alias', async () => {
    const urls = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
    expect(urls).toHaveLength(2);
    const attrs = await Promise.all(urls.map(async (QueueUrl) => (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!));
    const main = attrs.find((a) => a.RedrivePolicy)!;
    const dlq = attrs.find((a) => !a.RedrivePolicy)!;
    expect(JSON.parse(main.RedrivePolicy!)).toEqual({ deadLetterTargetArn: dlq.QueueArn, maxReceiveCount: 2 });
    // On the alias (as Lambda, the emulator lists a mapping under the qualified name it was made with).
    const mappings = (await moto.clients.lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'tasks-dev-report:live' }))).EventSourceMappings ?? [];
    expect(mappings.map((m) => [m.EventSourceArn, m.BatchSize, m.FunctionResponseTypes, m.FunctionArn])).toEqual([
      [main.QueueArn, 1, ['ReportBatchItemFailures'], 'arn:aws:lambda:us-east-1:123456789012:function:tasks-dev-report:live'],
    ]);
  });

  test('the router answers at once; its Event invocation of the task is taken by the emulator, which runs the task: its log says so', async () => {
    const res = await invokeRouter(calix, project.dir, moto, 'POST', '/resize/cat.png', '/resize/{key}', { key: 'cat.png' });
    expect(res).toEqual({ status: 200, json: { queued: 'cat.png' } });
    // The emulator's request log: the router's Invoke of the task's live alias was an Event invocation (202), not a synchronous one (200).
    expect(moto.output()).toMatch(/"POST \/2015-03-31\/functions\/tasks-dev-resize(:|%3A)live\/invocations HTTP\/1\.1" 202/);
    await logsMatching(calix, moto, 'resize', /resized cat\.png in tasks-dev-resize/);
  });

  test('a queued task: the router sends to the queue, the emulator\'s event source mapping runs the task with the message', async () => {
    const res = await invokeRouter(calix, project.dir, moto, 'POST', '/report/monday', '/report/{day}', { day: 'monday' });
    expect(res).toEqual({ status: 200, json: { queued: 'monday' } });
    await logsMatching(calix, moto, 'report', /report for monday by the deployed release/);
  });

  test('the queue\'s mapping follows the live alias: once live names another version, that version takes the messages', async () => {
    const lambda = moto.clients.lambda;
    const current = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'tasks-dev-report' }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'tasks-dev-report', Environment: { Variables: { ...current.Environment!.Variables, RELEASE: 'version two' } } }));
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'tasks-dev-report', Description: 'calix test' }));
    expect(Version).toBe('2');
    await lambda.send(new UpdateAliasCommand({ FunctionName: 'tasks-dev-report', Name: 'live', FunctionVersion: Version }));
    const res = await invokeRouter(calix, project.dir, moto, 'POST', '/report/tuesday', '/report/{day}', { day: 'tuesday' });
    expect(res).toEqual({ status: 200, json: { queued: 'tuesday' } });
    await logsMatching(calix, moto, 'report', /report for tuesday by version two/);
  });
});
