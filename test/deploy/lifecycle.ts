// One app's whole deploy life against its own emulator, as a user runs it: bootstrap →
// deploy → (checks of what was created) → url → logs → unchanged redeploy → delete. Used by
// example.test.ts and blueprints.test.ts; each call is one describe with one emulator.
import { GetResourcesCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { DescribeStackResourcesCommand, DescribeStacksCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateLogStreamCommand, DescribeLogGroupsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runWithin, startMoto, type CliResult, type Moto } from './moto.js';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
export interface Template {
  Resources: Record<string, Resource>;
}

/** The synthesized template `calix deploy` wrote into the project's cloud assembly. */
export function synthesizedTemplate(projectDir: string, stage: string): Template {
  const dir = join(projectDir, '.calix/package', stage);
  return JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.template.json'))!), 'utf8')) as Template;
}

/** Every file under `dir` (relative path -> bytes). */
export function filesUnder(dir: string, base = dir): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) for (const [k, v] of filesUnder(p, base)) out.set(k, v);
    else out.set(relative(base, p), readFileSync(p));
  }
  return out;
}

/** The zip the emulator's Lambda holds for `functionName` (at `qualifier`: a version or alias), its deployed configuration, and the zip unpacked into a temp dir. */
export async function deployedCode(moto: Moto, functionName: string, qualifier?: string) {
  const fn = await moto.clients.lambda.send(new GetFunctionCommand({ FunctionName: functionName, ...(qualifier ? { Qualifier: qualifier } : {}) }));
  // moto's Code.Location is a made-up AWS URL whose path is the asset's key; the bytes are in the asset bucket.
  const key = new URL(fn.Code!.Location!).pathname.slice(1);
  const buckets = (await moto.clients.s3.send(new ListBucketsCommand({}))).Buckets ?? [];
  const bucket = buckets.find((b) => b.Name?.startsWith('cdk-hnb659fds-assets-'))!.Name!;
  const obj = await moto.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const zip = Buffer.from(await obj.Body!.transformToByteArray());
  const dir = mkdtempSync(join(tmpdir(), 'calix-deployed-code-'));
  writeFileSync(join(dir, 'code.zip'), zip);
  const unzip = await runWithin('unzip', ['-q', 'code.zip', '-d', 'code'], { cwd: dir, env: process.env, timeoutMs: 30_000 });
  if (unzip.code !== 0) throw new Error(`unzip failed: ${unzip.stderr}`);
  return { configuration: fn.Configuration!, zip, dir: join(dir, 'code'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LifecycleOptions {
  /** Creates the project folder (calix linked), inside the emulator's lifetime. */
  project(): { dir: string; remove(): void } | Promise<{ dir: string; remove(): void }>;
  stage?: string;
  /** Registers the app's own tests of the deployed stack (run after `status`, before the redeploy). */
  deployed?(ctx: { calix: (args: string[]) => Promise<CliResult>; moto: () => Moto; dir: () => string }): void;
}

/** Registers the describe block that walks one app through its deploy life. */
export function deployLifecycle(title: string, o: LifecycleOptions): void {
  const stage = o.stage ?? 'dev';
  // Each step runs the CLI (bundle + synth + toolkit) once or twice: slow on a loaded 2-core box.
  describe(title, { timeout: 180_000 }, () => {
    let moto: Moto;
    let project: { dir: string; remove(): void };
    let template: Template;
    let stackName = '';
    /** logical id -> physical id of the deployed stack's resources. */
    let physical: Record<string, string> = {};
    const calix = (args: string[], timeoutMs?: number) => moto.calix([...args, '--stage', stage], project.dir, timeoutMs);
    const expectOk = (r: { code: number | null; stdout: string; stderr: string }) => expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}\nemulator:\n${moto.output().slice(-3000)}`).toBe(0);

    beforeAll(async () => {
      moto = await startMoto();
      project = await o.project();
      await moto.bootstrap(project.dir);
    });
    afterAll(async () => {
      await moto?.stop();
      project?.remove();
    });

    test('deploy: the stack is complete, with the outputs the CLI records', async () => {
      const r = await calix(['deploy']);
      expectOk(r);
      template = synthesizedTemplate(project.dir, stage);
      stackName = /Deployed (\S+)/.exec(r.stdout)![1]!;
      const stack = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!;
      expect(stack.StackStatus).toBe('CREATE_COMPLETE');
      expect(stack.Outputs?.length).toBeGreaterThan(0);
      const resources = (await moto.clients.cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))).StackResources ?? [];
      physical = Object.fromEntries(resources.map((x) => [x.LogicalResourceId!, x.PhysicalResourceId!]));
    });

    test("API Gateway's resources and methods are the manifest's routes", async () => {
      const routes = JSON.parse((await moto.calix(['routes', '--json'], project.dir)).stdout) as { path: string; methods: string[]; cors: unknown }[];
      const want = new Map<string, Set<string>>();
      for (const r of routes) {
        const set = want.get(r.path) ?? new Set<string>();
        for (const m of r.methods) set.add(m);
        if (r.cors) set.add('OPTIONS'); // the CORS preflight API Gateway answers itself
        want.set(r.path, set);
      }
      const apiId = Object.entries(physical).find(([id]) => template.Resources[id]?.Type === 'AWS::ApiGateway::RestApi')![1];
      const apis = (await moto.clients.apigw.send(new GetRestApisCommand({}))).items ?? [];
      expect(apis.map((a) => a.id)).toEqual([apiId]);
      const items = (await moto.clients.apigw.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }))).items ?? [];
      const got = Object.fromEntries(items.filter((i) => Object.keys(i.resourceMethods ?? {}).length).map((i) => [i.path!, Object.keys(i.resourceMethods!).sort()]));
      expect(got).toEqual(Object.fromEntries([...want].map(([p, ms]) => [p, [...ms].sort()])));
    });

    test("each function's runtime, handler, memory, timeout, environment and code are the synthesized ones and the uploaded asset", async () => {
      const fns = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.CALIX_HANDLER);
      expect(fns.length).toBeGreaterThan(0);
      const assembly = join(project.dir, '.calix/package', stage);
      for (const [logicalId, r] of fns) {
        const code = await deployedCode(moto, physical[logicalId]!);
        try {
          const c = code.configuration;
          expect({ runtime: c.Runtime, handler: c.Handler, memory: c.MemorySize, timeout: c.Timeout, env: c.Environment?.Variables ?? {} }).toEqual({
            runtime: r.Properties.Runtime,
            handler: r.Properties.Handler,
            memory: r.Properties.MemorySize,
            timeout: r.Properties.Timeout,
            env: r.Properties.Environment.Variables,
          });
          expect(c.CodeSha256).toBe(createHash('sha256').update(code.zip).digest('base64'));
          // The zip is the asset directory of the cloud assembly, file for file.
          const assetDir = join(assembly, `asset.${(r.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`);
          expect(filesUnder(code.dir)).toEqual(filesUnder(assetDir));
        } finally {
          code.remove();
        }
      }
    });

    test('url prints the deployed API URL', async () => {
      const r = await calix(['url']);
      expectOk(r);
      const stack = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!;
      const url = r.stdout.trim();
      expect(stack.Outputs!.map((x) => x.OutputValue)).toContain(url);
      const apiId = Object.entries(physical).find(([id]) => template.Resources[id]?.Type === 'AWS::ApiGateway::RestApi')![1];
      expect(url).toMatch(new RegExp(`^https://${apiId}\\.execute-api\\.us-east-1\\.amazonaws\\.com/\\w+/$`));
    });

    test('status reports the live stack, each function and schedule as deployed, and the URL', async () => {
      const r = await calix(['status', '--json']);
      expectOk(r);
      const s = JSON.parse(r.stdout);
      expect([s.source, s.stackName, s.stackStatus, s.region, s.account]).toEqual(['service', stackName, 'CREATE_COMPLETE', 'us-east-1', '123456789012']);
      expect(s.url).toBe((await calix(['url'])).stdout.trim());
      const fns = Object.values(template.Resources).filter((x) => x.Type === 'AWS::Lambda::Function' && x.Properties.Environment?.Variables?.CALIX_HANDLER);
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(s.functions.map((f: any) => ({ name: f.name, memorySize: f.memorySize, timeout: f.timeout, runtime: f.runtime })).sort(byName)).toEqual(
        fns.map((x) => ({ name: x.Properties.Environment.Variables.CALIX_HANDLER, memorySize: x.Properties.MemorySize, timeout: x.Properties.Timeout, runtime: x.Properties.Runtime })).sort(byName),
      );
      const rules = Object.values(template.Resources).filter((x) => x.Type === 'AWS::Events::Rule' && x.Properties.ScheduleExpression);
      expect(s.schedules.map((x: any) => x.expression).sort()).toEqual(rules.map((x) => x.Properties.ScheduleExpression).sort());
      const text = await calix(['status']);
      expectOk(text);
      expect(text.stdout).toMatch(new RegExp(`^Stack\\s+${stackName}\\s+CREATE_COMPLETE\\s+\\(us-east-1, account 123456789012\\)$`, 'm'));
      expect(text.stdout).toMatch(/^Functions\s+api\s+\d+ MB\s+\d+ s\s+nodejs\S+/m);
    });

    test("a log event written to the router's log group comes back from calix logs", async () => {
      const router = Object.entries(template.Resources).find(([, r]) => r.Properties.Environment?.Variables?.CALIX_HANDLER === 'api')![1];
      const logGroupId = router.Properties.LoggingConfig?.LogGroup?.Ref as string;
      const logGroupName = physical[logGroupId]!;
      expect(logGroupName).toBeTruthy();
      const message = `calix deploy tier ${Math.random().toString(36).slice(2)}`;
      await moto.clients.logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'deploy-tier' }));
      await moto.clients.logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'deploy-tier', logEvents: [{ timestamp: Date.now(), message }] }));
      const r = await calix(['logs']);
      expectOk(r);
      expect(r.stdout).toContain(message);
    });

    o.deployed?.({ calix, moto: () => moto, dir: () => project.dir });

    test('an unchanged redeploy succeeds and leaves the stack as it was', async () => {
      const before = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!;
      expectOk(await calix(['deploy']));
      const after = (await moto.clients.cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks![0]!;
      expect(after.StackStatus).toBe(before.StackStatus);
      expect(after.Outputs).toEqual(before.Outputs);
    });

    test("delete --yes leaves nothing but the retained log groups and user pools, the bootstrap stack, and CDK helpers' Lambda log groups", async () => {
      expectOk(await calix(['delete', '--yes']));
      const live = ((await moto.clients.cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName);
      expect(live).toEqual(['CDKToolkit']);
      expect((await moto.clients.lambda.send(new ListFunctionsCommand({}))).Functions ?? []).toEqual([]);
      expect((await moto.clients.apigw.send(new GetRestApisCommand({}))).items ?? []).toEqual([]);
      const retained = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup' && r.DeletionPolicy === 'Retain').map(([id]) => physical[id]).sort();
      // CDK's own helper functions (the S3 notification custom resource) log to the group Lambda
      // creates itself, /aws/lambda/NAME, which no stack owns: it stays on real AWS too.
      const helperGroup = new RegExp(`^/aws/lambda/${stackName}-BucketNotificationsHandler`);
      const groups = ((await moto.clients.logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => g.logGroupName!).filter((g) => !helperGroup.test(g)).sort();
      expect(groups).toEqual(retained);
      // User pools hold users: the template retains created ones, and they outlive the stack.
      const retainedPools = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Cognito::UserPool' && r.DeletionPolicy === 'Retain').map(([id]) => physical[id]).sort();
      const pools = ((await moto.clients.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).map((p) => p.Id!).sort();
      expect(pools).toEqual(retainedPools);
      const buckets = ((await moto.clients.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
      expect(buckets).toEqual(['cdk-hnb659fds-assets-123456789012-us-east-1']);
    });
  });
}
