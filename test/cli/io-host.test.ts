// How `calix deploy` shows the CDK toolkit's progress: the messages below have the shape the
// toolkit library sends its IoHost (code CDK_TOOLKIT_I5502 = stack activity, with the
// CloudFormation StackEvent and a progress counter).
import { describe, expect, test } from 'vitest';
import { ProgressIoHost } from '../../cli/deploy/io-host.js';

const activity = (status: string, logicalId: string, type: string, completed: number, reason?: string) => ({
  time: new Date(), level: 'info' as const, action: 'deploy' as const, code: 'CDK_TOOLKIT_I5502' as const, message: `${logicalId} ${status}`,
  data: {
    deployment: 'd-1',
    event: { LogicalResourceId: logicalId, ResourceType: type, ResourceStatus: status, ...(reason ? { ResourceStatusReason: reason } : {}) },
    progress: { completed, total: 9, formatted: `${completed}/9` },
  },
});

function host(tty: boolean) {
  let written = '';
  const io = new ProgressIoHost({ tty, write: (s) => (written += s) });
  return { io, output: () => written };
}

describe('deploy progress', () => {
  test('plain lines when not on a terminal', async () => {
    const { io, output } = host(false);
    await io.notify(activity('CREATE_IN_PROGRESS', 'RouterFn', 'AWS::Lambda::Function', 1) as never);
    await io.notify(activity('CREATE_COMPLETE', 'RouterFn', 'AWS::Lambda::Function', 2) as never);
    expect(output()).toBe('1/9 CREATE_IN_PROGRESS AWS::Lambda::Function RouterFn\n2/9 CREATE_COMPLETE AWS::Lambda::Function RouterFn\n');
  });

  test('one rewritten line on a terminal', async () => {
    const { io, output } = host(true);
    await io.notify(activity('CREATE_IN_PROGRESS', 'Api', 'AWS::ApiGateway::RestApi', 3) as never);
    await io.notify(activity('CREATE_COMPLETE', 'Api', 'AWS::ApiGateway::RestApi', 4) as never);
    io.finish();
    expect(output()).toBe('\r\x1b[2K3/9 CREATE_IN_PROGRESS AWS::ApiGateway::RestApi Api\r\x1b[2K4/9 CREATE_COMPLETE AWS::ApiGateway::RestApi Api\n');
  });

  test("keeps each failing resource with CloudFormation's reason, not the cancellations it causes", async () => {
    const { io } = host(false);
    await io.notify(activity('CREATE_FAILED', 'UsersPool', 'AWS::Cognito::UserPool', 5, 'Resource handler returned message: "Invalid password policy"') as never);
    await io.notify(activity('CREATE_FAILED', 'Api', 'AWS::ApiGateway::RestApi', 5, 'Resource creation cancelled') as never);
    await io.notify(activity('ROLLBACK_IN_PROGRESS', 'todo-dev', 'AWS::CloudFormation::Stack', 5, 'The following resource(s) failed to create: [UsersPool]') as never);
    expect(io.failures).toEqual([
      { logicalId: 'UsersPool', type: 'AWS::Cognito::UserPool', status: 'CREATE_FAILED', reason: 'Resource handler returned message: "Invalid password policy"' },
    ]);
  });

  test('answers the destroy confirmation with the confirm callback, other questions with their default', async () => {
    const io = new ProgressIoHost({ tty: false, write: () => {}, confirm: async () => true });
    const ask = (code: string, defaultResponse: unknown) => ({ time: new Date(), level: 'info' as const, action: 'destroy' as const, code, message: 'Are you sure?', data: {}, defaultResponse });
    expect(await io.requestResponse(ask('CDK_TOOLKIT_I7010', false) as never)).toBe(true);
    expect(await io.requestResponse(ask('CDK_TOOLKIT_I5060', 'default') as never)).toBe('default');
  });

  test("delete's own progress lines take the same form: rewritten on a terminal, plain otherwise", () => {
    const tty = host(true);
    tty.io.activity('DELETE_IN_PROGRESS AWS::CloudFormation::Stack todo-dev');
    tty.io.activity('DELETE_COMPLETE AWS::CloudFormation::Stack todo-dev');
    tty.io.finish();
    expect(tty.output()).toBe('\r\x1b[2KDELETE_IN_PROGRESS AWS::CloudFormation::Stack todo-dev\r\x1b[2KDELETE_COMPLETE AWS::CloudFormation::Stack todo-dev\n');
    const plain = host(false);
    plain.io.activity('DELETE_COMPLETE AWS::CloudFormation::Stack todo-dev');
    expect(plain.output()).toBe('DELETE_COMPLETE AWS::CloudFormation::Stack todo-dev\n');
  });

  test('remembers the last step for a timeout message; cdk CLI flag advice is not shown', async () => {
    const { io, output } = host(false);
    const msg = (level: string, message: string) => ({ time: new Date(), level, action: 'deploy', code: 'CDK_TOOLKIT_I0000', message, data: {} });
    await io.notify(msg('debug', 'Waiting for changeset cdk-deploy-change-set on stack todo-dev to finish creating...') as never);
    await io.notify(msg('trace', '[SDK info] CloudFormation.DescribeChangeSet(...)') as never);
    expect(io.lastStep).toBe('Waiting for changeset cdk-deploy-change-set on stack todo-dev to finish creating...');
    await io.notify(activity('CREATE_IN_PROGRESS', 'Api', 'AWS::ApiGateway::RestApi', 3) as never);
    expect(io.lastStep).toBe('waiting for CloudFormation (last event: Api CREATE_IN_PROGRESS)');
    await io.notify(msg('warn', "Using default execution policy of 'arn:aws:iam::aws:policy/AdministratorAccess'. Pass '--cloudformation-execution-policies' to customize.") as never);
    expect(output()).not.toContain('--cloudformation-execution-policies');
  });
});
