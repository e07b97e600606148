#!/usr/bin/env node
// The baseline of `npm run bench:package`: a bare CDK app, no Calix code, that synthesizes the
// same stack `calix package` does: the router function over a pre-built bundle (a copy of the
// one Calix produced, so asset hashing is the same work), its role and log group, the access log
// group, a SpecRestApi whose inline OpenAPI body is read from a JSON file (the body of Calix's
// own template), one Lambda permission, the same stage settings, tags and outputs. Construct ids
// follow Calix's tree, so the logical IDs and the template come out the same.
//
//   node bench/package/bare-app.mjs <spec.json> [--mode toolkit|plain]
//
// spec.json: { appName, stage, stackName, bundleDir, bodyFile, outDir }
// --mode toolkit (default): synthesize through @aws-cdk/toolkit-lib exactly as `calix package`
//   does (fromAssemblyBuilder + toolkit.synth, autoSynth false, no lookups).
// --mode plain: `new App({ outdir }).synth()`, no toolkit library.
// Validation stays at aws-cdk-lib's default (builtinCloudFormationValidation on), as in Calix.
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, CfnOutput, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const args = process.argv.slice(2);
const spec = JSON.parse(readFileSync(args[0], 'utf8'));
const mode = args.includes('--mode') ? args[args.indexOf('--mode') + 1] : 'toolkit';
const body = JSON.parse(readFileSync(spec.bodyFile, 'utf8'));
const { appName, stage } = spec;

function build(app) {
  const stack = new Stack(app, spec.stackName, {
    stackName: spec.stackName,
    description: `Calix app ${appName}, stage ${stage}`,
    suppressTemplateIndentation: true,
  });
  const scope = new Construct(stack, 'App');

  const router = new Construct(scope, 'Router');
  const logGroup = new logs.LogGroup(router, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(router, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Calix ${appName} (${stage}): function api`,
    inlinePolicies: {
      calix: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })],
      }),
    },
  });
  const fn = new lambda.Function(router, 'Function', {
    description: `${appName} (${stage}): API router`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(spec.bundleDir),
    memorySize: 512,
    timeout: Duration.seconds(30),
    environment: { CALIX_HANDLER: 'api' },
    role,
    logGroup,
  });
  Tags.of(fn).add('calix:function', 'api');

  const accessLogs = new logs.LogGroup(scope, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
  const api = new apigw.SpecRestApi(scope, 'Api', {
    apiDefinition: apigw.ApiDefinition.fromInline(body),
    restApiName: `${appName}-${stage}`,
    description: `Calix app ${appName}, stage ${stage}`,
    cloudWatchRole: false,
    endpointTypes: [apigw.EndpointType.REGIONAL],
    deployOptions: {
      stageName: 'api',
      description: `Calix app ${appName}, stage ${stage}`,
      accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
      accessLogFormat: apigw.AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          extendedRequestId: '$context.extendedRequestId',
          ip: '$context.identity.sourceIp',
          userAgent: '$context.identity.userAgent',
          requestTime: '$context.requestTime',
          httpMethod: '$context.httpMethod',
          resourcePath: '$context.resourcePath',
          path: '$context.path',
          status: '$context.status',
          protocol: '$context.protocol',
          responseLength: '$context.responseLength',
          responseLatency: '$context.responseLatency',
          integrationLatency: '$context.integrationLatency',
          errorMessage: '$context.error.message',
          authorizerError: '$context.authorizer.error',
          integrationError: '$context.integration.error',
        }),
      ),
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
    },
  });
  api.node.tryRemoveChild('Endpoint');
  fn.addPermission('ApiGatewayInvoke', {
    principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    action: 'lambda:InvokeFunction',
    sourceArn: api.arnForExecuteApi(),
  });

  const output = (s, id, key, value, what) =>
    new CfnOutput(s, id, { value, description: `Calix ${appName} (${stage}): ${what}` }).overrideLogicalId(key);
  output(scope, 'Url', 'Url', api.url, 'API URL');
  output(router, 'NameOutput', 'FunctionapiName', fn.functionName, 'function api: name');
  output(router, 'LogGroupOutput', 'FunctionapiLogGroup', logGroup.logGroupName, 'function api: log group');
  Tags.of(scope).add('calix:app', appName);
  Tags.of(scope).add('calix:stage', stage);
  return stack;
}

const outDir = resolve(spec.outDir);
rmSync(outDir, { recursive: true, force: true });
// The context the toolkit library hands an assembly builder (path and asset metadata, version
// reporting): given to the plain app too, so both modes write the same template.
const TOOLKIT_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
};
if (mode === 'plain') {
  const app = new App({ outdir: outDir, context: TOOLKIT_CONTEXT, autoSynth: false });
  build(app);
  app.synth();
} else if (mode === 'toolkit') {
  const { Toolkit } = await import('@aws-cdk/toolkit-lib');
  const ioHost = { notify: async () => {}, requestResponse: async (msg) => msg.defaultResponse };
  const toolkit = new Toolkit({ ioHost, color: false, emojis: false });
  const source = await toolkit.fromAssemblyBuilder(
    async (props) => {
      const app = new App({ outdir: props.outdir, context: props.context, autoSynth: false });
      build(app);
      return app.synth();
    },
    { outdir: outDir, resolveDefaultEnvironment: false, lookups: false },
  );
  const cx = await toolkit.synth(source);
  await cx.dispose();
} else {
  throw new Error(`--mode ${mode}: toolkit or plain`);
}
