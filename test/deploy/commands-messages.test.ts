// What deploy, bootstrap and delete tell the user, from the exact error texts the CDK toolkit
// library (1.40.1) and CloudFormation produce. The emulator cannot put a stack in a failed
// state (moto 5.2.1 never rolls back), so those texts are taken from the toolkit's source.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findDeployed, parseStackArn, removeDeployed, writeDeployed, RECORD_MARKER } from '../../cli/deploy/deployed.js';
import { explainFailure } from '../../cli/deploy/failures.js';
import { parseTimeout } from '../../cli/deploy/timeout.js';

const ctx = { action: 'deploy', stackName: 'todo-dev', stage: 'dev' };
const oneLine = (s: string) => s.split('\n')[0]!;

describe('the deployed stack region', () => {
  test('comes from the stack ARN, not the toolkit placeholder', () => {
    expect(parseStackArn('arn:aws:cloudformation:eu-west-3:123456789012:stack/todo-dev/bc5dd9b8-655d-49ab-ba85-f57d36c380d7')).toEqual({
      partition: 'aws', region: 'eu-west-3', account: '123456789012', stackName: 'todo-dev',
    });
    expect(parseStackArn('arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/x/1')?.region).toBe('cn-north-1');
    expect(parseStackArn('not an arn')).toBeNull();
  });

  test("an older record's unknown-region is read as no region, or as its ARN's region", () => {
    const dir = mkdtempSync(join(tmpdir(), 'calix-record-'));
    try {
      mkdirSync(join(dir, '.calix/deployed'), { recursive: true });
      const file = join(dir, '.calix/deployed/dev.json');
      writeFileSync(file, JSON.stringify({ stackName: 'todo-dev', region: 'unknown-region', functions: {}, outputs: {} }));
      expect(findDeployed(dir, 'dev')?.region).toBeNull();
      writeFileSync(file, JSON.stringify({ stackName: 'todo-dev', region: 'unknown-region', stackArn: 'arn:aws:cloudformation:us-west-2:123456789012:stack/todo-dev/1' }));
      expect(findDeployed(dir, 'dev')).toMatchObject({ region: 'us-west-2', account: '123456789012' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the deploy record is only ever overwritten or removed when Calix wrote it', () => {
  test('a file without the marker is refused, with the file and the fix named; a marked one is replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calix-record-'));
    const record = { stackName: 'todo-dev', stackArn: null, region: 'us-east-1', account: null, deployedAt: 'now', url: null, outputs: {}, functions: {} };
    try {
      mkdirSync(join(dir, '.calix/deployed'), { recursive: true });
      const file = join(dir, '.calix/deployed/dev.json');
      writeFileSync(file, '{"mine": true}\n');
      expect(() => writeDeployed(dir, 'dev', record)).toThrow(/dev\.json was not written by Calix \(it has no "calix": "deployed-record\/1" field\), so deploy will not overwrite it: move it out of \.calix\/deployed\//);
      expect(removeDeployed(dir, 'dev', 'todo-dev')).toBe(false);
      expect(readFileSync(file, 'utf8')).toBe('{"mine": true}\n');
      rmSync(file);
      writeDeployed(dir, 'dev', record);
      expect(JSON.parse(readFileSync(file, 'utf8')).calix).toBe(RECORD_MARKER);
      writeDeployed(dir, 'dev', { ...record, region: 'eu-west-1' });
      expect(JSON.parse(readFileSync(file, 'utf8')).region).toBe('eu-west-1');
      // A record of another stack is not delete's to remove.
      expect(removeDeployed(dir, 'dev', 'other-dev')).toBe(false);
      expect(removeDeployed(dir, 'dev', 'todo-dev')).toBe(true);
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy failures: one line that says what to do', () => {
  test('not bootstrapped', () => {
    const e = new Error("todo-dev: SSM parameter /cdk-bootstrap/hnb659fds/version not found in aws://123456789012/us-east-1. Has the environment been bootstrapped? Please run 'cdk bootstrap' (see https://docs.aws.amazon.com/cdk/latest/guide/bootstrapping.html)");
    const m = explainFailure(e, ctx).message;
    expect(m).toBe('aws://123456789012/us-east-1 is not bootstrapped for deploys (SSM parameter /cdk-bootstrap/hnb659fds/version not found in aws://123456789012/us-east-1.); run `calix bootstrap --stage dev` once, then `calix deploy --stage dev` again');
    expect(m).not.toContain('cdk bootstrap');
  });

  test('a stack whose creation failed and was rolled back', () => {
    const e = new Error('❌  todo-dev failed: The stack named todo-dev failed creation, it may need to be manually deleted from the AWS console: ROLLBACK_COMPLETE: Resource handler returned message: "Invalid password policy"');
    const m = explainFailure(e, { ...ctx, failures: [{ logicalId: 'UsersPool', type: 'AWS::Cognito::UserPool', status: 'CREATE_FAILED', reason: 'Invalid password policy' }] }).message;
    expect(oneLine(m)).toMatch(/^deploy of todo-dev failed and the stack is in ROLLBACK_COMPLETE: remove it with `calix delete --stage dev --yes`, fix the cause below, then run `calix deploy --stage dev` again/);
    expect(m.split('\n')[1]).toBe('  UsersPool (AWS::Cognito::UserPool) CREATE_FAILED: Invalid password policy');
  });

  test('a stack stuck in UPDATE_ROLLBACK_FAILED', () => {
    const e = new Error('Stack is in a paused fail state (UPDATE_ROLLBACK_FAILED) and command line arguments do not include "--no-rollback"');
    expect(explainFailure(e, ctx).message).toMatch(
      /^deploy of todo-dev failed and the stack is in UPDATE_ROLLBACK_FAILED: finish the rollback with `aws cloudformation continue-update-rollback --stack-name todo-dev` .*then run `calix deploy --stage dev` again; or remove the stack with `calix delete --stage dev`/,
    );
  });

  test('a change set CloudFormation rejects', () => {
    const e = new Error('❌  todo-dev failed: ValidationError: Template error: instance of Fn::GetAtt references undefined resource Pool');
    expect(explainFailure(e, ctx).message).toBe(
      'CloudFormation rejected the change set for todo-dev: ValidationError: Template error: instance of Fn::GetAtt references undefined resource Pool. Nothing was changed; fix the template or the resource named above and run `calix deploy --stage dev` again',
    );
  });

  test('anything else still names the stack, in one plain line', () => {
    const e = Object.assign(new Error('❌  todo-dev failed: Error: socket hang up\n    at stack frames'), { name: 'DeployStackFailed' });
    expect(explainFailure(e, ctx).message).toBe("deploy of todo-dev failed: DeployStackFailed: Error: socket hang up (run again with --verbose for the toolkit's messages)");
  });
});

describe('--timeout', () => {
  test('takes 90s, 30m, 1h; anything else is a usage mistake', () => {
    expect(parseTimeout('90s')).toBe(90_000);
    expect(parseTimeout('30m')).toBe(1_800_000);
    expect(parseTimeout('1h')).toBe(3_600_000);
    for (const bad of ['30', '0m', '1d', 'soon']) {
      expect(() => parseTimeout(bad)).toThrow(/--timeout must look like 90s, 30m or 1h/);
    }
  });
});
