// CalixApp synthesized for real (aws-cdk-lib assertions on the template), offline: GIVEN a
// manifest from the runtime and a stage config, WHEN synthesized, THEN the stack holds exactly
// the router, the REST API built from the OpenAPI body, the pools and one function per trigger.
import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuthResponse, Calix, CognitoUserPoolAuthorizer, Cron, CustomAuthorizer, type Manifest } from '../../src/index.js';
import { restApiEvent } from '../../src/testing/index.js';
import { CalixStack } from '../../infra/index.js';
import { ACCOUNT_POOL_ARN, TRIGGERS, apiBody, bundleDir, cleanup, exampleManifest, generatedManifest, logicalId, resources, stageFor, synth, tempDir, type Synth } from './fixtures.js';

afterAll(cleanup);

const fnId = (s: Synth, name: string) => logicalId(s.stack, s.calix.functions[name]!);
/** The function's `live` alias: what API Gateway, authorizers and triggers invoke. */
const aliasId = (s: Synth, name: string) => logicalId(s.stack, s.calix.aliases[name]!);
const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });
/** An alias's ARN (its Ref). */
const ref = (id: string) => ({ Ref: id });
const invokeUri = (aliasLogicalId: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', ref(aliasLogicalId), '/invocations']],
});
const inAccount = (service: string, name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${name}`]],
});
const refersTo = (value: unknown, id: string) => JSON.stringify(value).includes(`"${id}"`);

/** Every IAM statement of the template: roles' inline policies and AWS::IAM::Policy documents. */
function statements(s: Synth): { owner: string; statement: { Action: string | string[]; Effect: string; Resource: unknown } }[] {
  const out: { owner: string; statement: any }[] = [];
  for (const [id, r] of Object.entries(resources(s.template, 'AWS::IAM::Role'))) {
    for (const p of r.Properties.Policies ?? []) for (const st of p.PolicyDocument.Statement) out.push({ owner: id, statement: st });
  }
  for (const [, r] of Object.entries(resources(s.template, 'AWS::IAM::Policy'))) {
    for (const role of r.Properties.Roles) for (const st of r.Properties.PolicyDocument.Statement) out.push({ owner: role.Ref, statement: st });
  }
  return out;
}
const actions = (st: { Action: string | string[] }) => (Array.isArray(st.Action) ? st.Action : [st.Action]);

describe('CalixApp on the example app', () => {
  let s: Synth;
  let manifest: Manifest;
  beforeAll(() => {
    manifest = exampleManifest();
    s = synth({ manifest, stage: stageFor(manifest, { environmentVariables: { TABLE: 'todos' } }), publicRoutes: ['index'] });
  });

  test("every route method is in the OpenAPI body with its security and an aws_proxy integration to the router's live alias", () => {
    const body = apiBody(s.template);
    const router = aliasId(s, 'api');
    let operations = 0;
    for (const r of manifest.routes) {
      for (const m of r.methods) {
        const op = body.paths[r.path]?.[m.toLowerCase()];
        expect(op, `${m} ${r.path}`).toBeDefined();
        operations++;
        expect(op['x-amazon-apigateway-integration']).toEqual({ type: 'aws_proxy', httpMethod: 'POST', uri: invokeUri(router), passthroughBehavior: 'when_no_match' });
        const auth = manifest.authorizers.find((a) => a.name === r.authorizer);
        const requirement: Record<string, string[]> = {};
        if (auth) requirement[auth.name] = auth.kind === 'cognito_user_pools' ? auth.scopes : [];
        if (r.apiKeyRequired) requirement.api_key = [];
        expect(op.security, `${m} ${r.path}`).toEqual(Object.keys(requirement).length ? [requirement] : undefined);
      }
    }
    expect(operations).toBe(9);
    // Both Cognito authorizers name the pool "todo-users": one pool, created here.
    const pool = logicalId(s.stack, s.calix.userPools.users!.userPool!);
    const schemes = body.components.securitySchemes;
    expect(schemes.users['x-amazon-apigateway-authorizer']).toEqual({ type: 'cognito_user_pools', providerARNs: [getAtt(pool)] });
    expect(schemes.writers['x-amazon-apigateway-authorizer']).toEqual({ type: 'cognito_user_pools', providerARNs: [getAtt(pool)] });
    expect(schemes.iam['x-amazon-apigateway-authtype']).toBe('awsSigv4');
    expect(body['x-amazon-apigateway-binary-media-types']).toEqual(['*/*']);
    expect(body.paths['/v1/todos/{id}'].options['x-amazon-apigateway-integration'].type).toBe('mock');
  });

  test("exactly one Lambda permission lets API Gateway invoke the router's live alias, from this API only", () => {
    const router = aliasId(s, 'api');
    const api = logicalId(s.stack, s.calix.api);
    const perms = Object.values(resources(s.template, 'AWS::Lambda::Permission'));
    expect(perms.filter((p) => refersTo(p.Properties.FunctionName, router))).toEqual([
      {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: ref(router),
          Principal: 'apigateway.amazonaws.com',
          SourceArn: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: api }, '/*/*/*']],
          },
        },
      },
    ]);
    expect(perms.filter((p) => p.Properties.Principal === 'apigateway.amazonaws.com')).toHaveLength(1);
  });

  test('the router: Node 24 on arm64, index.handler, stage environment, its own role and log group', () => {
    const router = fnId(s, 'api');
    const props = resources(s.template, 'AWS::Lambda::Function')[router]!.Properties;
    expect(props).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 30,
      Environment: { Variables: { TABLE: 'todos', CALIX_HANDLER: 'api' } },
      LoggingConfig: { LogGroup: { Ref: logicalId(s.stack, s.calix.logGroups.api!) } },
    });
    expect(props.ReservedConcurrentExecutions).toBeUndefined();
    const roleId = props.Role['Fn::GetAtt'][0];
    const role = resources(s.template, 'AWS::IAM::Role')[roleId]!.Properties;
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }]);
    expect(statements(s).filter((x) => x.owner === roleId).map((x) => x.statement)).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: getAtt(logicalId(s.stack, s.calix.logGroups.api!)) },
    ]);
    s.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('no IAM statement allows a wildcard action, and no Calix role uses an AWS managed policy', () => {
    const all = statements(s);
    expect(all.length).toBeGreaterThan(8);
    for (const { owner, statement } of all) expect(actions(statement).filter((a) => a.includes('*')), owner).toEqual([]);
    for (const [id, r] of Object.entries(resources(s.template, 'AWS::IAM::Role'))) {
      // The only managed policy is on CDK's own BucketNotificationsHandler (acknowledged in the nag test).
      if (!id.startsWith('BucketNotificationsHandler')) expect(r.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  test('the REST API: stage name, access and execution logging, regional endpoint, no account CloudWatch role', () => {
    const api = logicalId(s.stack, s.calix.api);
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'todo-dev', EndpointConfiguration: { Types: ['REGIONAL'] } });
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      RestApiId: { Ref: api },
      StageName: 'api',
      AccessLogSetting: { DestinationArn: getAtt(logicalId(s.stack, s.calix.accessLogs)), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
      MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false }],
    });
    s.template.resourceCountIs('AWS::ApiGateway::Account', 0);
    s.template.resourceCountIs('AWS::ApiGateway::Method', 0);
    s.template.resourceCountIs('AWS::ApiGateway::Resource', 0);
    const outputs = s.template.toJSON().Outputs;
    expect(outputs.Url.Value['Fn::Join'][1]).toContainEqual({ Ref: api });
    expect(Object.keys(outputs).filter((k) => k.startsWith('AppApiEndpoint'))).toEqual([]);
  });

  test('a Cognito pool is created for authorizers without an existing pool: strong passwords, a client for `calix auth login`', () => {
    s.template.resourceCountIs('AWS::Cognito::UserPool', 1);
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'todo-users-dev',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      MfaConfiguration: 'OPTIONAL',
      UserPoolTier: 'ESSENTIALS',
    });
    s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']),
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
    });
    const keys = s.calix.outputKeys();
    expect(keys.userPools).toEqual({
      users: { userPoolId: 'UserPooltodousersId', clientId: 'UserPooltodousersClientId' },
      writers: { userPoolId: 'UserPooltodousersId', clientId: 'UserPooltodousersClientId' },
    });
    const outputs = s.template.toJSON().Outputs;
    expect(outputs.UserPooltodousersId.Value).toEqual({ Ref: logicalId(s.stack, s.calix.userPools.users!.userPool!) });
    expect(outputs.UserPooltodousersClientId.Value).toEqual({ Ref: logicalId(s.stack, s.calix.userPools.users!.client!) });
    // The scoped authorizer on a pool Calix creates is flagged: its tokens never carry custom scopes.
    Annotations.fromStack(s.stack).hasWarning('/todo-dev/App/UserPools/todo-users/UserPool', Match.stringLikeRegexp('authorizer "writers" requires the scopes todos/write'));
  });

  test('outputs name the URL, every function and its log group, with stable keys', () => {
    const keys = s.calix.outputKeys();
    expect(keys.url).toBe('Url');
    expect(Object.keys(keys.functions)).toEqual(['api', ...TRIGGERS.map((t) => t.name)]);
    const outputs = s.template.toJSON().Outputs;
    for (const [name, k] of Object.entries(keys.functions)) {
      expect(outputs[k.functionName].Value).toEqual({ Ref: fnId(s, name) });
      expect(outputs[k.logGroupName].Value).toEqual({ Ref: logicalId(s.stack, s.calix.logGroups[name]!) });
    }
    expect(keys.functions.api).toEqual({ functionName: 'FunctionapiName', logGroupName: 'FunctionapiLogGroup' });
  });

  test('the Calix route check warns about routes without an authorizer that are not declared public', () => {
    const warnings = Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp('has no authorizer'));
    expect(warnings.map((w) => [w.id, w.entry.data])).toEqual([
      ['/todo-dev/App/Api', expect.stringMatching(/^route "metrics" \(GET \/metrics\) has no authorizer \(an API key is not authorization\)/)],
    ]);
    expect(s.calix.routeAuthorization.findings.map((f) => f.route)).toEqual(['metrics']);
    // Without a publicRoutes declaration every route without an authorizer is reported.
    const strict = synth({ manifest: exampleManifest() });
    expect(Annotations.fromStack(strict.stack).findWarning('/todo-dev/App/Api', Match.stringLikeRegexp('has no authorizer')).map((w) => (w.entry.data as string).split(' ')[1])).toEqual([
      '"index"',
      '"metrics"',
    ]);
  });

  describe('triggers: one function each over the same bundle, told which handler by CALIX_HANDLER', () => {
    test('every trigger function runs the shared bundle with its own name, role and log group', () => {
      const fns = resources(s.template, 'AWS::Lambda::Function');
      const routerCode = fns[fnId(s, 'api')]!.Properties.Code;
      for (const t of TRIGGERS) {
        const f = fns[fnId(s, t.name)]!.Properties;
        expect(f).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', Environment: { Variables: { TABLE: 'todos', CALIX_HANDLER: t.name } } });
        expect(f.Code).toEqual(routerCode);
        const role = f.Role['Fn::GetAtt'][0];
        expect(role).not.toBe(resources(s.template, 'AWS::Lambda::Function')[fnId(s, 'api')]!.Properties.Role['Fn::GetAtt'][0]);
        expect(f.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(s.stack, s.calix.logGroups[t.name]!) });
      }
    });

    test('schedule: an EventBridge rule with the expression, and a permission for that rule only', () => {
      const fn = aliasId(s, 'cleanup');
      const [ruleId, rule] = Object.entries(resources(s.template, 'AWS::Events::Rule')).find(([, r]) => r.Properties.ScheduleExpression)!;
      expect(rule.Properties).toMatchObject({ ScheduleExpression: 'rate(10 minutes)', Description: 'Deletes finished todos', State: 'ENABLED', Targets: [{ Arn: ref(fn), Id: 'Target0' }] });
      s.template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: ref(fn), Principal: 'events.amazonaws.com', SourceArn: getAtt(ruleId) });
    });

    test('S3: a notification on the existing bucket with the events and prefix/suffix filters; only that bucket may invoke', () => {
      const fn = aliasId(s, 'resize');
      const n = Object.values(resources(s.template, 'Custom::S3BucketNotifications'));
      expect(n).toHaveLength(1);
      expect(n[0]!.Properties).toMatchObject({ BucketName: 'todo-uploads', Managed: false });
      const configs = n[0]!.Properties.NotificationConfiguration.LambdaFunctionConfigurations;
      expect(configs.map((c: any) => c.Events)).toEqual([['s3:ObjectCreated:*'], ['s3:ObjectRemoved:Delete']]);
      for (const c of configs) {
        expect(c.LambdaFunctionArn).toEqual(ref(fn));
        expect(c.Filter.Key.FilterRules).toEqual(expect.arrayContaining([{ Name: 'prefix', Value: 'incoming/' }, { Name: 'suffix', Value: '.png' }]));
        expect(c.Filter.Key.FilterRules).toHaveLength(2);
      }
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: ref(fn),
        Principal: 's3.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::todo-uploads']] },
      });
    });

    test('SQS: an event source mapping with the batch settings and partial batch failures; consume rights on that queue only', () => {
      const byFn = (name: string) =>
        Object.values(resources(s.template, 'AWS::Lambda::EventSourceMapping')).find((m) => refersTo(m.Properties.FunctionName, aliasId(s, name)))!.Properties;
      expect(byFn('work')).toMatchObject({
        EventSourceArn: inAccount('sqs', 'todo-jobs'),
        BatchSize: 25,
        MaximumBatchingWindowInSeconds: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const audit = byFn('audit');
      expect(audit).toMatchObject({ EventSourceArn: 'arn:aws:sqs:eu-west-1:123456789012:audit-events', FunctionResponseTypes: ['ReportBatchItemFailures'] });
      expect(audit.BatchSize).toBeUndefined();
      expect(audit.MaximumBatchingWindowInSeconds).toBeUndefined();
      const workRole = resources(s.template, 'AWS::Lambda::Function')[fnId(s, 'work')]!.Properties.Role['Fn::GetAtt'][0];
      const sqsStatements = statements(s).filter((x) => actions(x.statement).some((a) => a.startsWith('sqs:')));
      expect(sqsStatements.filter((x) => x.owner === workRole).map((x) => x.statement)).toEqual([
        {
          Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          Effect: 'Allow',
          Resource: inAccount('sqs', 'todo-jobs'),
        },
      ]);
      expect(new Set(sqsStatements.map((x) => x.owner)).size).toBe(2); // work and audit, nobody else
    });

    test('SNS: a subscription of the function to the topic, and a permission for that topic only', () => {
      const fn = aliasId(s, 'notify');
      s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: ref(fn), TopicArn: inAccount('sns', 'todo-alerts') });
      s.template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: ref(fn), Principal: 'sns.amazonaws.com', SourceArn: inAccount('sns', 'todo-alerts') });
    });

    test('EventBridge: a rule with the pattern as written (detail-type kept)', () => {
      const fn = aliasId(s, 'orders');
      const [ruleId] = Object.entries(resources(s.template, 'AWS::Events::Rule')).find(([, r]) => r.Properties.EventPattern)!;
      s.template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['my.orders'], 'detail-type': ['OrderPlaced'] }, Targets: [{ Arn: ref(fn), Id: 'Target0' }] });
      s.template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: ref(fn), Principal: 'events.amazonaws.com', SourceArn: getAtt(ruleId) });
    });

    test('a plain function gets nothing that can invoke it', () => {
      const fn = aliasId(s, 'direct');
      expect(Object.values(resources(s.template, 'AWS::Lambda::Permission')).filter((p) => refersTo(p.Properties.FunctionName, fn))).toEqual([]);
      expect(Object.values(resources(s.template, 'AWS::Lambda::EventSourceMapping')).filter((p) => refersTo(p.Properties.FunctionName, fn))).toEqual([]);
    });
  });
});

describe('triggers registered with the runtime', () => {
  test('app.schedule / onS3Event / onSqsMessage / onSnsMessage / onEventBridge / lambdaFunction become their resources', () => {
    const app = new Calix({ name: 'jobs' });
    app.schedule(Cron({ minute: 0, hour: 3 }), async function nightly() {}, { description: 'Nightly cleanup' });
    app.onS3Event({ bucket: 'jobs-uploads', suffix: '.csv' }, async function importCsv() {});
    app.onSqsMessage({ queue: 'jobs-queue', batchSize: 10 }, async function work() {});
    app.onSnsMessage({ topicArn: 'arn:aws:sns:us-east-1:123456789012:jobs-topic' }, async function notify() {});
    app.onEventBridge({ pattern: { source: ['aws.ec2'] } }, async function ec2() {});
    app.lambdaFunction('report', async () => ({}));
    const manifest = app.manifest();
    const s = synth({ manifest, publicRoutes: '*' });
    expect(Object.keys(s.calix.functions)).toEqual(['api', 'nightly', 'importCsv', 'work', 'notify', 'ec2', 'report']);
    const expression = (manifest.triggers[0] as { expression: string }).expression;
    expect(expression).toMatch(/^cron\(0 3 /);
    s.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: expression, Description: 'Nightly cleanup' });
    s.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'jobs-uploads',
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.csv' }] } }, LambdaFunctionArn: ref(aliasId(s, 'importCsv')) }] },
    });
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, EventSourceArn: inAccount('sqs', 'jobs-queue'), FunctionResponseTypes: ['ReportBatchItemFailures'] });
    s.template.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: 'arn:aws:sns:us-east-1:123456789012:jobs-topic', Endpoint: ref(aliasId(s, 'notify')) });
    s.template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['aws.ec2'] } });
  });
});

describe('CalixApp settings from the stage config', () => {
  test('lambdaFunctions.api overrides the stage for the router only: memory, timeout, runtime, architecture, env, layers, concurrency, tags, logs, IAM', () => {
    const manifest = generatedManifest(1);
    manifest.triggers = [{ kind: 'function', name: 'worker' }];
    const stage = stageFor(manifest, {
      environmentVariables: { TABLE: 'todos', LOG_LEVEL: 'info' },
      tags: { project: 'calix' },
      lambdaFunctions: {
        api: {
          memorySize: 1024,
          timeout: 10,
          runtime: 'nodejs22.x',
          architecture: 'x86_64',
          environmentVariables: { LOG_LEVEL: 'debug' },
          layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:tools:3'],
          reservedConcurrency: 5,
          tags: { team: 'web' },
          logRetention: 7,
          iamPolicy: [{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/todos'] }],
        },
      },
      apiGatewayEndpointType: 'EDGE',
      apiGatewayStage: 'v1',
    });
    const s = synth({ manifest, stage, publicRoutes: '*' });
    const fns = resources(s.template, 'AWS::Lambda::Function');
    const router = fns[fnId(s, 'api')]!.Properties;
    expect(router).toMatchObject({
      MemorySize: 1024,
      Timeout: 10,
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      Environment: { Variables: { TABLE: 'todos', LOG_LEVEL: 'debug', CALIX_HANDLER: 'api' } },
      Layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:tools:3'],
      ReservedConcurrentExecutions: 5,
    });
    expect(router.Tags).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'web' }, { Key: 'project', Value: 'calix' }, { Key: 'calix:function', Value: 'api' }]));
    const worker = fns[fnId(s, 'worker')]!.Properties;
    expect(worker).toMatchObject({ MemorySize: 512, Timeout: 30, Runtime: 'nodejs24.x', Architectures: ['arm64'], Environment: { Variables: { TABLE: 'todos', LOG_LEVEL: 'info', CALIX_HANDLER: 'worker' } } });
    expect(worker.Layers).toBeUndefined();
    expect(worker.Tags).not.toContainEqual({ Key: 'team', Value: 'web' });
    expect(resources(s.template, 'AWS::Logs::LogGroup')[logicalId(s.stack, s.calix.logGroups.api!)]!.Properties.RetentionInDays).toBe(7);
    expect(resources(s.template, 'AWS::Logs::LogGroup')[logicalId(s.stack, s.calix.logGroups.worker!)]!.Properties.RetentionInDays).toBe(30);
    const routerRole = router.Role['Fn::GetAtt'][0];
    expect(statements(s).filter((x) => x.owner === routerRole).map((x) => x.statement)).toContainEqual({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Effect: 'Allow',
      Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/todos',
    });
    const workerRole = worker.Role['Fn::GetAtt'][0];
    expect(statements(s).filter((x) => x.owner === workerRole).flatMap((x) => actions(x.statement))).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['EDGE'] }, Tags: Match.arrayWith([{ Key: 'project', Value: 'calix' }]) });
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'v1' });
  });

  test('a route change gives a new API deployment; the same routes keep it', () => {
    const deployment = (m: Manifest) => {
      const s = synth({ manifest: m, publicRoutes: '*' });
      const [id] = Object.keys(resources(s.template, 'AWS::ApiGateway::Deployment'));
      s.template.hasResourceProperties('AWS::ApiGateway::Stage', { DeploymentId: { Ref: id } });
      return id;
    };
    const before = deployment(generatedManifest(2));
    expect(deployment(generatedManifest(2))).toBe(before);
    expect(deployment(generatedManifest(3))).not.toBe(before);
  });

  test('a custom domain: TLS 1.2 domain name, base path mapping, and its URL as an output', () => {
    const manifest = generatedManifest(1);
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    const s = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { customDomain: { domainName: 'api.example.com', certificateArn, basePath: 'v1' } }) });
    s.template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      RegionalCertificateArn: certificateArn,
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    s.template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { BasePath: 'v1', RestApiId: { Ref: logicalId(s.stack, s.calix.api) } });
    expect(s.template.toJSON().Outputs.CustomDomainUrl.Value).toBe('https://api.example.com/v1');
    expect(s.calix.outputKeys().customDomainUrl).toBe('CustomDomainUrl');
    // Without hostedZoneId DNS is the user's: no record is made.
    s.template.resourceCountIs('AWS::Route53::RecordSet', 0);
    // A REGIONAL certificate must be in the region the stack lands in, known only at deploy time:
    // CloudFormation checks it before creating anything.
    const certificateRules = (t: Synth['template']) => Object.entries(t.toJSON().Rules ?? {}).filter(([id]) => id.includes('CertificateRegion'));
    expect(certificateRules(s.template).map(([, rule]) => rule)).toEqual([{
      Assertions: [
        {
          Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
          AssertDescription: "customDomain.certificateArn is in eu-west-1: a REGIONAL API's certificate must be in the stack's region; deploy this stage to eu-west-1 or use a certificate from the region you deploy to",
        },
      ],
    }]);
  });

  test('a custom domain with a hosted zone gets a Route 53 alias record; tlsPolicy sets the security policy', () => {
    const manifest = generatedManifest(1);
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    const customDomain = { domainName: 'api.example.com', certificateArn, hostedZoneId: 'Z0123456789ABCDEFGHIJ', tlsPolicy: 'TLS_1_0' as const };
    const s = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { customDomain }) });
    const domainId = logicalId(s.stack, s.calix.api.domainName!);
    s.template.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'api.example.com', SecurityPolicy: 'TLS_1_0' });
    s.template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      AliasTarget: { DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] } },
    });
    // An EDGE API on a us-east-1 certificate: served by CloudFront, aliased to its distribution.
    const edge = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { customDomain, apiGatewayEndpointType: 'EDGE' }) });
    const edgeId = logicalId(edge.stack, edge.calix.api.domainName!);
    edge.template.hasResourceProperties('AWS::ApiGateway::DomainName', { CertificateArn: certificateArn, EndpointConfiguration: { Types: ['EDGE'] } });
    edge.template.hasResourceProperties('AWS::Route53::RecordSet', { AliasTarget: { DNSName: { 'Fn::GetAtt': [edgeId, 'DistributionDomainName'] } } });
    expect(Object.keys(edge.template.toJSON().Rules ?? {}).filter((id) => id.includes('CertificateRegion'))).toEqual([]);
  });

  test('an EDGE custom domain with a certificate outside us-east-1 is a synthesis error that says why and what to do', () => {
    const manifest = generatedManifest(1);
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    expect(() => synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { apiGatewayEndpointType: 'EDGE', customDomain: { domainName: 'api.example.com', certificateArn } }) })).toThrow(
      /customDomain\.certificateArn is in eu-west-1, but an EDGE endpoint is served by CloudFront, which takes ACM certificates from us-east-1 only; request or import the certificate in us-east-1, or use "apiGatewayEndpointType": "REGIONAL"/,
    );
  });

  test('existing pools: by ARN from the stage config, or from the authorizer itself; no pool is created', () => {
    const app = new Calix({ name: 'pools' });
    const users = new CognitoUserPoolAuthorizer('users');
    const admins = new CognitoUserPoolAuthorizer('admins', { userPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Admins' });
    app.route('/u', { authorizer: users }, () => 1);
    app.route('/a', { authorizer: admins }, () => 1);
    const manifest = app.manifest();
    const s = synth({ manifest, stage: stageFor(manifest, { authorizers: { users: { userPoolArn: ACCOUNT_POOL_ARN } } }) });
    s.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    s.template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    const schemes = apiBody(s.template).components.securitySchemes;
    expect(schemes.users['x-amazon-apigateway-authorizer'].providerARNs).toEqual([ACCOUNT_POOL_ARN]);
    expect(schemes.admins['x-amazon-apigateway-authorizer'].providerARNs).toEqual(['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Admins']);
    expect(s.calix.outputKeys().userPools).toEqual({});
    expect(s.calix.userPools.users).toEqual({ userPoolArn: ACCOUNT_POOL_ARN });
  });

  test('a custom authorizer runs in its own function, invocable by this API\'s authorizers only', () => {
    const app = new Calix({ name: 'custom' });
    const keys = new CustomAuthorizer('keys', { ttlSeconds: 120 }, () => new AuthResponse({ routes: ['*'], principalId: 'me' }));
    app.route('/a', { authorizer: keys }, () => 1);
    const manifest = app.manifest();
    const s = synth({ manifest });
    const fn = aliasId(s, 'keys');
    expect(resources(s.template, 'AWS::Lambda::Function')[fnId(s, 'keys')]!.Properties.Environment.Variables).toEqual({ CALIX_HANDLER: 'keys', CALIX_STAGE: 'dev' });
    const api = logicalId(s.stack, s.calix.api);
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: ref(fn),
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: api }, '/authorizers/*']] },
    });
    expect(apiBody(s.template).components.securitySchemes.keys['x-amazon-apigateway-authorizer']).toEqual({
      type: 'token',
      authorizerUri: invokeUri(fn),
      identitySource: 'method.request.header.Authorization',
      authorizerResultTtlInSeconds: 120,
    });
  });
});

describe('CalixApp size and quotas', () => {
  test('a 300-route app synthesizes to as many resources (of the same types) as a 3-route app', () => {
    const types = (s: Synth) => Object.values(s.template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type).sort();
    const small = generatedManifest(1, { authorizer: true });
    const large = generatedManifest(100, { authorizer: true });
    expect(small.routes).toHaveLength(3);
    expect(large.routes).toHaveLength(300);
    const a = synth({ manifest: small, publicRoutes: '*' });
    const b = synth({ manifest: large, publicRoutes: '*' });
    expect(types(b)).toEqual(types(a));
    expect(types(a)).toHaveLength(12); // router fn, role, logs, version, live alias, permission; access logs; api, deployment, stage; pool, client
    expect(Object.keys(apiBody(b.template).paths)).toHaveLength(200);
  });

  test('more than 300 API Gateway resources is a synth error naming the construct; 300 is fine', () => {
    const paths = (n: number) => {
      const app = new Calix({ name: 'wide' });
      for (let i = 0; i < n; i++) app.route(`/p${i}`, { name: `p${i}` }, () => 1);
      return app.manifest();
    };
    expect(() => synth({ manifest: paths(299), publicRoutes: '*' })).not.toThrow(); // 299 + root = 300
    expect(() => synth({ manifest: paths(300), publicRoutes: '*' })).toThrow(
      /\[wide-dev\/App\] the API needs 301 API Gateway resources \(distinct path segments, root included\); API Gateway allows 300 per REST API/s,
    );
  });

  test('more than 10 authorizers is a synth error naming the construct; 10 is fine', () => {
    const authorizers = (n: number) => {
      const app = new Calix({ name: 'auths' });
      for (let i = 0; i < n; i++) {
        const a = new CognitoUserPoolAuthorizer(`pool${i}`, { userPoolArn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_P${i}` });
        app.route(`/r${i}`, { authorizer: a }, () => 1);
      }
      return app.manifest();
    };
    expect(() => synth({ manifest: authorizers(10) })).not.toThrow();
    expect(() => synth({ manifest: authorizers(11) })).toThrow(/\[auths-dev\/App\] the app declares 11 authorizers \(pool0, .*pool10\); API Gateway allows 10 per REST API/s);
  });

  test('a template over 1 MB is a synth error naming the construct', () => {
    const app = new Calix({ name: 'heavy', cors: true });
    for (let i = 0; i < 290; i++) app.route(`/r${i}`, { name: `r${i}`, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] }, () => 1);
    const manifest = app.manifest();
    expect(() => synth({ manifest, publicRoutes: '*' })).toThrow(/\[heavy-dev\/App\] the stack template is \d{7} bytes; CloudFormation accepts at most 1000000/s);
  });

  test('CalixStack: stack <app>-<stage>, template written without indentation', () => {
    const manifest = generatedManifest(2);
    const app = new App({ outdir: tempDir('cdk.out'), builtinCloudFormationValidation: false });
    const stack = new CalixStack(app, { manifest, bundleDir: bundleDir(), stage: stageFor(manifest), publicRoutes: '*' });
    const asm = app.synth();
    const artifact = asm.getStackByName('big-dev');
    expect(stack.stackName).toBe('big-dev');
    expect(stack.calix.node.path).toBe('big-dev/App');
    const text = readFileSync(artifact.templateFullPath, 'utf8');
    expect(text.startsWith('{"')).toBe(true);
    expect(text).not.toContain('\n ');
  });
});

describe('CalixApp input errors name the construct and the fix', () => {
  const manifest = generatedManifest(1);
  const fails = (props: Parameters<typeof synth>[0], message: RegExp) => expect(() => synth(props)).toThrow(message);

  test('stage config for another app', () => fails({ manifest, stage: stageFor(manifest, { app: 'other' }) }, /\[big-dev\/App\] stage config is for app "other" but the manifest is app "big"/));

  test('a bundle directory without index.mjs', () => fails({ manifest, bundleDir: tempDir('empty') }, /big-dev\/App: bundleDir ".*" has no index\.mjs/));

  test('lambdaFunctions naming no function', () =>
    fails({ manifest, stage: stageFor(manifest, { lambdaFunctions: { apii: { memorySize: 256 } } }) }, /\[big-dev\/App\] lambdaFunctions\.apii matches no function; functions are: api/));

  test('a log retention CloudWatch does not offer', () => fails({ manifest, stage: stageFor(manifest, { logRetention: 8 }) }, /logRetention 8 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14/));

  test('an unknown trigger kind', () => {
    const m = structuredClone(manifest);
    (m.triggers as unknown[]).push({ kind: 'kinesis', name: 'stream' });
    fails({ manifest: m }, /\[big-dev\/App\] trigger "stream" \(kinesis\): unknown trigger kind "kinesis"/);
  });

  test('an S3 trigger with an event type S3 does not have', () => {
    const m = structuredClone(manifest);
    m.triggers.push({ kind: 's3', name: 'up', bucket: 'up-bucket', events: ['s3:ObjectCreated:Teleport'], prefix: null, suffix: null });
    fails({ manifest: m }, /s3 trigger "up": "s3:ObjectCreated:Teleport" is not an S3 event type/);
  });

  test('a trigger and a custom authorizer that would share a function name', () => {
    const m = structuredClone(manifest);
    m.authorizers.push({ kind: 'custom', name: 'check', header: 'Authorization', ttlSeconds: 0, function: 'check' });
    m.triggers.push({ kind: 'function', name: 'Check' });
    fails({ manifest: m }, /function trigger "Check" needs a function named "Check", which is already custom authorizer "check"/);
  });

  test('a PRIVATE endpoint without a resource policy; with one it synthesizes', () => {
    const stage = stageFor(manifest, { apiGatewayEndpointType: 'PRIVATE' });
    fails({ manifest, stage }, /apiGatewayEndpointType PRIVATE needs a resource policy \(the apiPolicy prop\)/);
    const apiPolicy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] })],
    });
    const s = synth({ manifest, stage, apiPolicy, publicRoutes: '*' });
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['PRIVATE'] }, Policy: Match.objectLike({ Statement: Match.anyValue() }) });
  });

  test('publicRoutes naming no route', () => fails({ manifest, publicRoutes: ['list0', 'lsit0'] }, /\[big-dev\/App\] publicRoutes names "lsit0" match no route; routes are: list0, create0, get0/));
});

describe('the bundle in the cloud assembly', () => {
  test('is the router: loaded from the synthesized asset, it answers an API Gateway event', async () => {
    // GIVEN a real app bundled by esbuild as the CLI does (ESM, minified, AWS SDK external)
    const src = join(tempDir('src'), 'app.ts');
    writeFileSync(
      src,
      `import { Calix } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};\n` +
        `export const app = new Calix({ name: 'hello' });\n` +
        `app.route('/hello/{name}', { name: 'hello' }, (req) => ({ hello: req.params.name }));\n` +
        `export const handler = app.handler;\n`,
    );
    const dir = tempDir('bundle');
    await build({ entryPoints: [src], bundle: true, format: 'esm', platform: 'node', target: 'node20', minify: true, sourcemap: true, external: ['@aws-sdk/*'], outfile: join(dir, 'index.mjs'), logLevel: 'error' });
    const { app } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { app: Calix };
    const manifest = app.manifest();
    // WHEN synthesized
    const s = synth({ manifest, bundleDir: dir, publicRoutes: '*' });
    const key = resources(s.template, 'AWS::Lambda::Function')[fnId(s, 'api')]!.Properties.Code.S3Key as string;
    const asset = join(s.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    // THEN the staged asset is the bundle, and its handler answers the route
    const mod = (await import(pathToFileURL(join(asset, 'index.mjs')).href + '?asset')) as { handler: (e: unknown) => Promise<{ statusCode: number; body: string }> };
    const res = await mod.handler(restApiEvent({ method: 'GET', path: '/hello/ada', resource: '/hello/{name}', pathParameters: { name: 'ada' } }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ hello: 'ada' });
    rmSync(asset, { recursive: true, force: true });
  });
});

describe('CloudFormation validation', () => {
  test('the example stack passes aws-cdk-lib\'s built-in template validation (errors fail the synth)', () => {
    const manifest = exampleManifest();
    const s = synth({ manifest, publicRoutes: ['index', 'metrics'] }, { validation: true });
    expect(Object.keys(s.template.toJSON().Resources).length).toBeGreaterThan(40);
  });
});
