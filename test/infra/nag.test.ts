// cdk-nag 3 AwsSolutions over the synthesized example stack: no finding is left open, every
// acknowledgement has a written reason and matches a finding that really exists, and a new
// finding fails the check.
import { Validations, type Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Manifest } from '../../src/index.js';
import { loadProject, resolveStage } from '../../project/config.js';
import { cleanup, exampleManifest, synth, tempDir, type Synth } from './fixtures.js';

afterAll(cleanup);

interface Finding {
  rule: string;
  severity: string | undefined;
  path: string;
}

function findings(pack: AwsSolutionsChecks, stack: Stack): Finding[] {
  return pack
    .validateScope(stack)
    .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity, path: r.constructPath! })))
    .sort((a, b) => (a.rule + a.path).localeCompare(b.rule + b.path));
}

/** The findings cdk-nag would report if nothing were acknowledged. */
function rawFindings(stack: Stack): Finding[] {
  const pack = new AwsSolutionsChecks(undefined, { verbose: true });
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return findings(pack, stack);
}

interface Ack {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded anywhere in the construct tree. */
function acknowledgements(root: IConstruct): Ack[] {
  const out: Ack[] = [];
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) out.push({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason });
    }
  }
  return out.sort((a, b) => (a.id + a.path).localeCompare(b.id + b.path));
}

describe('cdk-nag AwsSolutionsChecks on the example stack', () => {
  let s: Synth;
  beforeAll(() => {
    const manifest = exampleManifest();
    s = synth({ manifest, publicRoutes: ['index', 'metrics'] });
  });

  test('no open finding, error or warning', () => {
    const pack = new AwsSolutionsChecks(s.app, { verbose: true });
    const result = pack.validateScope(s.stack);
    expect(result.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')} — ${v.description}`)).toEqual([]);
    expect(result.success).toBe(true);
  });

  test('exactly these acknowledgements, each with a written reason', () => {
    const acks = acknowledgements(s.stack);
    expect(acks.map((a) => [a.id, a.path])).toEqual([
      ['AwsSolutions-APIG2', 'todo-dev/App/Api'],
      ['AwsSolutions-APIG3', 'todo-dev/App/Api/DeploymentStage.api'],
      ['AwsSolutions-COG2', 'todo-dev/App/UserPools/todo-users/UserPool'],
      ['AwsSolutions-COG8', 'todo-dev/App/UserPools/todo-users/UserPool'],
      ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'todo-dev/BucketNotificationsHandler050a0587b7544547bf325f094a3db834'],
    ]);
    for (const a of acks) {
      expect(a.reason.length, a.id).toBeGreaterThan(80);
      expect(a.reason, a.id).toMatch(/\.$/);
    }
  });

  test('every acknowledgement answers a finding that exists without it, and covers all of them', () => {
    const raw = rawFindings(s.stack);
    const acks = acknowledgements(s.stack);
    const covered = (f: Finding) => acks.some((a) => a.id === f.rule && (f.path === a.path || f.path.startsWith(a.path + '/')));
    expect(raw.filter((f) => !covered(f))).toEqual([]);
    for (const a of acks) expect(raw.some((f) => f.rule === a.id && f.path.startsWith(a.path + '/')), a.id).toBe(true);
    expect(raw.map((f) => f.rule)).toEqual([
      'AwsSolutions-APIG2',
      'AwsSolutions-APIG3',
      'AwsSolutions-COG2',
      'AwsSolutions-COG8',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ]);
  });

  test('a new finding in the stack fails the check', () => {
    const extra = synth({ manifest: exampleManifest(), publicRoutes: ['index', 'metrics'] });
    new iam.Role(extra.stack, 'Careless', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    const result = new AwsSolutionsChecks(extra.app).validateScope(extra.stack);
    expect(result.success).toBe(false);
    expect(result.violations.map((v) => [v.ruleName, v.violatingResources.map((r) => r.constructPath)])).toEqual([
      ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]', ['todo-dev/Careless/Resource']],
    ]);
  });

  test('apiGatewayAccountLogging: the account role is inline (no managed policy), retained, and its one wildcard acknowledged', () => {
    const withRole = synth({ manifest: exampleManifest(), publicRoutes: ['index', 'metrics'], apiGatewayAccountLogging: true });
    const pack = new AwsSolutionsChecks(withRole.app);
    expect(pack.validateScope(withRole.stack).violations).toEqual([]);
    const id = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*]';
    expect(rawFindings(withRole.stack).filter((f) => f.rule === id).map((f) => f.path)).toEqual(['todo-dev/App/ApiGatewayLoggingRole/Resource']);
    expect(acknowledgements(withRole.stack).find((a) => a.id === id)?.path).toBe('todo-dev/App/ApiGatewayLoggingRole');
    const accounts = withRole.template.findResources('AWS::ApiGateway::Account');
    expect(Object.values(accounts)).toEqual([
      expect.objectContaining({ DeletionPolicy: 'Retain', Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^AppApiGatewayLoggingRole/), 'Arn'] } } }),
    ]);
    const stage = Object.values(withRole.template.findResources('AWS::ApiGateway::Stage'))[0]!;
    expect(stage.DependsOn).toContain(Object.keys(accounts)[0]);
  });

  test('with the Plus feature plan there is nothing to acknowledge for COG8', () => {
    const plus = synth({ manifest: exampleManifest(), publicRoutes: ['index', 'metrics'], userPoolFeaturePlan: cognito.FeaturePlan.PLUS });
    expect(acknowledgements(plus.stack).map((a) => a.id)).not.toContain('AwsSolutions-COG8');
    expect(rawFindings(plus.stack).map((f) => f.rule)).not.toContain('AwsSolutions-COG8');
    plus.template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  });
});

describe('the example project (examples/todo with its .calix/config.json)', () => {
  test('bundled as the CLI does, it synthesizes with every route public-checked and no open cdk-nag finding', async () => {
    const dir = tempDir('todo-bundle');
    await build({
      entryPoints: [join(process.cwd(), 'examples/todo/app.ts')],
      outfile: join(dir, 'index.mjs'),
      alias: { calix: join(process.cwd(), 'src/index.ts') },
      bundle: true, format: 'esm', platform: 'node', target: 'node20', minify: true, sourcemap: true, external: ['@aws-sdk/*'], logLevel: 'error',
    });
    const { app } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { app: { manifest(): Manifest } };
    const stage = resolveStage(loadProject(join(process.cwd(), 'examples/todo')), 'dev');
    const s = synth({ manifest: app.manifest(), bundleDir: dir, stage });
    // The example has no authorizer: the route check reports each of its routes.
    expect(s.calix.routeAuthorization.findings.map((f) => f.route).sort()).toEqual(app.manifest().routes.map((r) => r.name).sort());
    expect(new AwsSolutionsChecks(s.app).validateScope(s.stack).violations).toEqual([]);
    expect(acknowledgements(s.stack).map((a) => a.id)).toEqual(['AwsSolutions-APIG2', 'AwsSolutions-APIG3']);
  });
});
