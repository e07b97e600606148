// The config keys issue 12 added to the construct (apiPolicy, apiGatewayResourceQuota) and input
// problems reported together rather than the first one only. Real CDK synthesis, offline.
import { Match } from 'aws-cdk-lib/assertions';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { schedulesOf } from '../../cli/commands/status.js';
import { readConfig } from '../../project/config.js';
import { Calix } from '../../src/index.js';
import { cleanup, generatedManifest, stageFor, synth } from './fixtures.js';

afterAll(cleanup);

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } } }],
};

describe('apiPolicy from .calix/config.json', () => {
  const manifest = generatedManifest(1);

  test('a PRIVATE endpoint with apiPolicy in the stage config synthesizes with that resource policy', () => {
    const s = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { apiGatewayEndpointType: 'PRIVATE', apiPolicy: POLICY }) });
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'] },
      Policy: Match.objectLike({ Statement: [Match.objectLike({ Action: 'execute-api:Invoke', Condition: POLICY.Statement[0]!.Condition })] }),
    });
  });

  test('PRIVATE without it names the config key and shows a policy to add', () => {
    expect(() => synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { apiGatewayEndpointType: 'PRIVATE' }) })).toThrow(
      /\[big-dev\/App\] apiGatewayEndpointType PRIVATE needs a resource policy \(the apiPolicy prop\).*Set "apiPolicy" in \.calix\/config\.json \(or pass the apiPolicy prop\), e\.g\. "apiPolicy": \{ "Version": "2012-10-17"/,
    );
  });

  test('a policy document IAM cannot read is an error naming apiPolicy', () => {
    expect(() => synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { apiPolicy: { Statement: [{ Effect: 'Maybe' }] } }) })).toThrow(/\[big-dev\/App\] apiPolicy is not a valid IAM policy document/);
  });
});

describe('input problems are reported together, each with the construct path and the fix', () => {
  test('a lambdaFunctions typo, a publicRoutes typo and PRIVATE without a policy: three lines', () => {
    const manifest = generatedManifest(1);
    let message = '';
    try {
      synth({ manifest, publicRoutes: ['list0', 'lsit0'], stage: stageFor(manifest, { apiGatewayEndpointType: 'PRIVATE', lambdaFunctions: { Api: { memorySize: 256 } } }) });
    } catch (e) {
      message = (e as Error).message;
    }
    // CDK's validation report: a heading, then one `[construct path] problem` line each.
    const lines = message.split('\n').slice(1).map((l) => l.trim());
    expect(message.split('\n')[0]).toBe('Validation failed with the following errors:');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[big-dev\/App\] lambdaFunctions\.Api matches no function; functions are: api \(did you mean "api"\?\); rename or remove the key in \.calix\/config\.json$/);
    expect(lines[1]).toMatch(/^\[big-dev\/App\] apiGatewayEndpointType PRIVATE needs a resource policy/);
    expect(lines[2]).toMatch(/^\[big-dev\/App\] publicRoutes names "lsit0" match no route; routes are: list0, create0, get0$/);
  });
});

describe('API Gateway resources per REST API: a default quota AWS raises', () => {
  const paths = (n: number) => {
    const app = new Calix({ name: 'wide' });
    for (let i = 0; i < n; i++) app.route(`/p${i}`, { name: `p${i}` }, () => 1);
    return app.manifest();
  };
  const manifest = paths(400); // 401 resources with the root

  test('over 300 the error says the quota can be raised and names the config key', () => {
    expect(() => synth({ manifest, publicRoutes: '*' })).toThrow(
      /the API needs 401 API Gateway resources .*API Gateway allows 300 per REST API\. That is a default quota AWS raises on request \(Service Quotas.*"apiGatewayResourceQuota": <new quota> in \.calix\/config\.json/s,
    );
  });

  test('apiGatewayResourceQuota declares a raised quota: 401 resources synthesize under 500, not under 400', () => {
    expect(() => synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { apiGatewayResourceQuota: 500 }) })).not.toThrow();
    expect(() => synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { apiGatewayResourceQuota: 400 }) })).toThrow(
      /401 API Gateway resources .*allows 300 per REST API by default, and apiGatewayResourceQuota declares 400 for this account/s,
    );
  });

  test('a quota below the default is an error naming the key', () => {
    expect(() => synth({ manifest: paths(1), publicRoutes: '*', stage: stageFor(paths(1), { apiGatewayResourceQuota: 100 }) })).toThrow(/apiGatewayResourceQuota 100 must be an integer of at least 300/);
  });
});

describe('the README example of a private API', () => {
  test('is a valid config whose prod stage synthesizes a PRIVATE API with its policy', async () => {
    const { readFileSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { readConfig, resolveStage } = await import('../../project/config.js');
    const { tempDir } = await import('./fixtures.js');
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const block = /A private API[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const dir = tempDir('private');
    mkdirSync(join(dir, '.calix'));
    writeFileSync(join(dir, '.calix/config.json'), block);
    const config = readConfig(join(dir, '.calix/config.json'));
    const stage = resolveStage({ dir, configFile: join(dir, '.calix/config.json'), config }, 'prod');
    const app = new Calix({ name: 'internal' });
    app.route('/', () => 1);
    const s = synth({ manifest: app.manifest(), publicRoutes: '*', stage });
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['PRIVATE'] }, Policy: Match.objectLike({ Statement: Match.anyValue() }) });
  });
});

describe('customDomain in .calix/config.json', () => {
  /** Reads a config whose dev stage has this customDomain: the parsed config, or the error message. */
  const read = (customDomain: unknown): { config?: ReturnType<typeof readConfig>; error?: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'calix-domain-'));
    try {
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ app: 'shop', stages: { dev: { customDomain } } }));
      return { config: readConfig(join(dir, 'config.json')) };
    } catch (e) {
      return { error: (e as Error).message };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const cert = 'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-0000-1111-2222-333344445555';

  test('takes a domain, a certificate, a hosted zone, a base path and a TLS policy', () => {
    const { config } = read({ domainName: 'api.example.com', certificateArn: cert, hostedZoneId: 'Z0123456789ABCDEFGHIJ', basePath: 'v1', tlsPolicy: 'TLS_1_0' });
    expect(config?.stages?.dev?.customDomain).toEqual({ domainName: 'api.example.com', certificateArn: cert, hostedZoneId: 'Z0123456789ABCDEFGHIJ', basePath: 'v1', tlsPolicy: 'TLS_1_0' });
  });

  test('each wrong value names its key and what is expected', () => {
    expect(read({ domainName: 'api.example.com', certificateArn: cert, hostedZoneId: 'example.com' }).error).toMatch(/stages\.dev\.customDomain\.hostedZoneId.*a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ"/s);
    expect(read({ domainName: 'api.example.com', certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' }).error).toMatch(/stages\.dev\.customDomain\.certificateArn.*an ACM certificate ARN/s);
    expect(read({ domainName: 'https://api.example.com', certificateArn: cert }).error).toMatch(/stages\.dev\.customDomain\.domainName.*a domain name like "api\.example\.com"/s);
    expect(read({ domainName: 'api.example.com', certificateArn: cert, basePath: '/v1' }).error).toMatch(/stages\.dev\.customDomain\.basePath.*no leading or trailing "\/"/s);
    expect(read({ domainName: 'api.example.com', certificateArn: cert, tlsPolicy: 'TLS_1_3' }).error).toMatch(/stages\.dev\.customDomain\.tlsPolicy.*TLS_1_0.*TLS_1_2/s);
  });
});

describe('keepWarm in the stage config', () => {
  const manifest = generatedManifest(1);
  const keepWarmRules = (t: ReturnType<typeof synth>['template']) => Object.values(t.findResources('AWS::Events::Rule')).filter((r) => /keep the router warm/.test(r.Properties.Description));

  test('true pings the router every 5 minutes with the keep-warm event; a string sets the schedule; off by default', () => {
    const on = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { keepWarm: true }) });
    const [rule] = keepWarmRules(on.template);
    expect(rule!.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    // The router's live alias: what API Gateway invokes (warming $LATEST would not serve its requests).
    expect(rule!.Properties.Targets).toEqual([{ Arn: { Ref: expect.stringMatching(/^AppRouterLive/) }, Id: 'Target0', Input: '{"calix":"keep-warm"}' }]);
    // EventBridge may invoke the router for this rule only.
    on.template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('KeepWarm'), 'Arn'] } });
    const every10 = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { keepWarm: 'rate(10 minutes)' }) });
    expect(keepWarmRules(every10.template).map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(10 minutes)']);
    const off = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest) });
    expect(keepWarmRules(off.template)).toEqual([]);
    // calix status lists it apart from the app's own schedules.
    expect(schedulesOf(on.template.toJSON())).toEqual([{ name: 'keep-warm (api)', expression: 'rate(5 minutes)', state: 'ENABLED' }]);
  });

  test('a schedule EventBridge would refuse is a synthesis error naming keepWarm', () => {
    expect(() => synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { keepWarm: 'every 5 minutes' }) })).toThrow(/keepWarm: invalid schedule "every 5 minutes": .*use true \(rate\(5 minutes\)\) or a schedule like "rate\(10 minutes\)"/s);
  });
});
