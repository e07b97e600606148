// CalixApp inside a user's own CDK app, given just the project folder.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CalixApp } from '../../infra/index.js';
import { repoRoot, tempProject } from '../helpers/project.js';

const project = tempProject({}, join(repoRoot, 'examples/todo'));
afterAll(() => project.remove());

describe('new CalixApp(stack, id, { projectDir })', () => {
  test('bundles the project, reads its manifest and config, and builds the same API as calix package', () => {
    const app = new App({ builtinCloudFormationValidation: false } as ConstructorParameters<typeof App>[0]);
    const stack = new Stack(app, 'MyStack');
    const calix = new CalixApp(stack, 'Api', { projectDir: project.dir, stage: 'dev' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::Lambda::Permission', 1);
    const body = Object.values(t.findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Body;
    expect(Object.keys(body.paths).sort()).toEqual(['/', '/v1/todos', '/v1/todos/{id}']);
    t.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'api' });
    // The example declares every route public in its config: no route check findings.
    expect(calix.routeAuthorization.findings).toEqual([]);
  }, 60_000);

  test('a project that does not build names the file', () => {
    const broken = tempProject({ 'app.ts': "import { Calix } from 'calix';\nexport const app = new Calix({ name: 'x' })\napp.route('/', () => ({ oops: }));\n", '.calix/config.json': JSON.stringify({ app: 'x', stages: { dev: {} } }) });
    try {
      const stack = new Stack(new App(), 'S');
      expect(() => new CalixApp(stack, 'Api', { projectDir: broken.dir })).toThrow(/cannot build app\.ts:\n.*app\.ts:3:\d+: error: /);
    } finally {
      broken.remove();
    }
  });
});
