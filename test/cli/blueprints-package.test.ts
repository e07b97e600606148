// Every blueprint, generated and packaged like a user would (`calix new-project`, then
// `calix package`), and its synthesized stack checked: the infrastructure a user gets.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { linkDependencies, runCli } from '../helpers/project.js';

const parent = mkdtempSync(join(tmpdir(), 'calix-bp-package-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
const noAws = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };

type Resource = { Type: string; Properties: Record<string, any> };
async function packaged(blueprint: string): Promise<{ stdout: string; resources: Resource[]; body: any }> {
  const name = `bp-${blueprint}`;
  expect((await runCli(['new-project', name, '--blueprint', blueprint], { cwd: parent })).code).toBe(0);
  const dir = join(parent, name);
  linkDependencies(dir);
  const r = await runCli(['package'], { cwd: dir, env: noAws });
  expect(r.code, r.stderr).toBe(0);
  const out = join(dir, '.calix/package/dev');
  const t = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.template.json'))!), 'utf8'));
  const resources = Object.values(t.Resources) as Resource[];
  return { stdout: r.stdout, resources, body: resources.find((x) => x.Type === 'AWS::ApiGateway::RestApi')!.Properties.Body };
}
const ofType = (rs: Resource[], type: string) => rs.filter((r) => r.Type === type);
const handlerOf = (f: Resource) => f.Properties.Environment?.Variables?.CALIX_HANDLER;

describe('each blueprint packages into the stack its README promises', () => {
  test('hello: one router function, its routes in the API, no unprotected-route warning', async () => {
    const { stdout, resources, body } = await packaged('hello');
    expect(stdout).not.toMatch(/Warning/);
    expect(ofType(resources, 'AWS::Lambda::Function').map(handlerOf)).toEqual(['api']);
    expect(Object.keys(body.paths).sort()).toEqual(['/', '/hello/{name}']);
    expect(body.paths['/hello/{name}'].get.parameters).toEqual([expect.objectContaining({ name: 'name', in: 'path', required: true })]);
  }, 60_000);

  test('rest-api: CRUD operations with CORS preflights, bodies validated at the edge by its schemas', async () => {
    const { body } = await packaged('rest-api');
    expect(Object.keys(body.paths['/books/{id}']).sort()).toEqual(['delete', 'get', 'options', 'patch']);
    expect(body.paths['/books'].post['x-amazon-apigateway-integration'].type).toBe('aws_proxy');
    expect(body.paths['/books'].options['x-amazon-apigateway-integration'].type).toBe('mock');
    for (const op of [body.paths['/books'].post, body.paths['/books/{id}'].patch]) expect(op['x-amazon-apigateway-request-validator']).toBe('all');
    expect(body.components.schemas.PostBooksBody).toEqual({
      type: 'object',
      properties: { title: { type: 'string', minLength: 1 }, author: { type: 'string', minLength: 1 }, year: { type: 'integer', minimum: 0, maximum: 9999 } },
      required: ['title', 'author', 'year'],
      additionalProperties: false,
    });
    expect(body.paths['/books'].get.parameters).toEqual([expect.objectContaining({ name: 'author', in: 'query', required: false })]);
  }, 60_000);

  test('auth: a Cognito pool and authorizer on exactly the protected routes', async () => {
    const { resources, body } = await packaged('auth');
    expect(ofType(resources, 'AWS::Cognito::UserPool')).toHaveLength(1);
    const secured = (path: string) => body.paths[path].get.security ?? null;
    expect(secured('/')).toBeNull();
    expect(secured('/me')).toEqual([{ users: [] }]);
    expect(secured('/admin')).toEqual([{ users: [] }]);
    expect(body.components.securitySchemes.users['x-amazon-apigateway-authtype']).toBe('cognito_user_pools');
  }, 60_000);

  test('jobs: a function per trigger and task, named as in the code even in the minified bundle, with its schedule, S3 filters and task config', async () => {
    const { stdout, resources } = await packaged('jobs');
    expect(stdout).toMatch(/Functions\s+4 \(the router \+ 3 more\)/);
    const fns = ofType(resources, 'AWS::Lambda::Function').filter(handlerOf);
    expect(fns.map(handlerOf).sort()).toEqual(['api', 'cleanup', 'importCsv', 'report']);
    // Senders find the task's live alias in CALIX_TASKS (a rollback covers tasks too); Lambda retries it twice.
    expect(fns.find((f) => handlerOf(f) === 'report')!.Properties.FunctionName).toBe('bp-jobs-dev-report');
    for (const f of fns) expect(JSON.parse(f.Properties.Environment.Variables.CALIX_TASKS)).toEqual({ report: { function: 'bp-jobs-dev-report:live' } });
    // The Qualifier is the alias's own (a token selecting the name from its ARN).
    expect(ofType(resources, 'AWS::Lambda::EventInvokeConfig').map((r) => [JSON.stringify(r.Properties.Qualifier).match(/"Ref":"(AppTriggersreportLive\w+)"/)?.[1] !== undefined, r.Properties.MaximumRetryAttempts])).toEqual([[true, 2]]);
    expect(ofType(resources, 'AWS::Events::Rule').map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(1 hour)']);
    const notification = ofType(resources, 'Custom::S3BucketNotifications')[0]!.Properties.NotificationConfiguration;
    const rules = notification.LambdaFunctionConfigurations[0].Filter.Key.FilterRules;
    expect(rules).toEqual(expect.arrayContaining([{ Name: 'prefix', Value: 'incoming/' }, { Name: 'suffix', Value: '.csv' }]));
    expect(notification.LambdaFunctionConfigurations[0].Events).toEqual(['s3:ObjectCreated:*']);
  }, 60_000);
});
