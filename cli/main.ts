#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './errors.js';
import { calixVersion } from './paths.js';
import { registerAuthCommands } from './commands/auth.js';
import { debugTrace, describeError } from './error-report.js';
import { err } from './ui.js';

const stageOption = () => new Option('--stage <name>', 'stage from .calix/config.json').default('dev');
// How long deploy-path commands wait for AWS before giving up with an error (cli/deploy/timeout.ts).
const timeoutOption = (byDefault = '30m') => new Option('--timeout <duration>', 'give up waiting for AWS after this long: 90s, 30m, 1h').default(byDefault);

export function buildProgram(): Command {
  const program = new Command('calix')
    .description('Chalice-style AWS Lambda apps in TypeScript: routes, triggers, local server, one-command deploys.')
    .version(calixVersion, '-v, --version')
    .option('--project-dir <dir>', 'project folder (default: the nearest folder with .calix/config.json)')
    .option('--debug', 'print the stack trace of any error (also CALIX_DEBUG=1)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(err.red(s)) });
  const projectDir = () => program.opts<{ projectDir?: string }>().projectDir;

  program
    .command('new-project')
    .description('create a project from a blueprint')
    .argument('[name]', 'project (folder) name')
    .option('-b, --blueprint <name>', 'hello, rest-api, auth or jobs (asked on a terminal; default hello)')
    .action(async (name: string | undefined, o: { blueprint?: string }) => (await import('./commands/new-project.js')).newProjectCommand(name, o));

  program
    .command('local')
    .description('serve the app on a local API Gateway emulation, reloading on change')
    .option('-p, --port <port>', 'port (0 picks a free one)', '8000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(stageOption())
    .option('--no-watch', 'do not rebuild on file changes')
    .option('-q, --quiet', 'no per-request log lines')
    .option('--schedules', "also fire the app's schedules on their rate or cron while serving")
    .option('--validate-responses', "check each result against its route's response schema (a mismatch is a 500, its issues logged)")
    // For tests: schedule time runs N times faster (60: rate(1 minute) fires every second).
    .addOption(new Option('--schedule-speed <factor>').hideHelp())
    .action(async (o) => (await import('./commands/local.js')).localCommand({ ...o, projectDir: projectDir() }));

  program
    .command('invoke')
    .description('run one function of the app locally (or the deployed one with --remote) with an event and print its result as JSON')
    .argument('<name>', 'a trigger or lambdaFunction name, or api (the router)')
    .option('-e, --event <file>', 'the event as a JSON file, or - for stdin (default: a sample event for that function)')
    .option('--remote', 'invoke the deployed function (Lambda Invoke, named in the deploy record) and print its log tail too')
    .addOption(stageOption())
    .addOption(new Option('--timeout <duration>', 'with --remote: give up waiting for Lambda after this long: 90s, 30m, 1h (default 30m)'))
    .action(async (name: string, o) => (await import('./commands/invoke.js')).invokeCommand(name, { ...o, projectDir: projectDir() }));

  program
    .command('routes')
    .description("print the app's route table")
    .addOption(stageOption())
    .option('--json', 'machine-readable output')
    .action(async (o) => (await import('./commands/routes.js')).routesCommand({ ...o, projectDir: projectDir() }));

  program
    .command('openapi')
    .description('print the OpenAPI 3 document the REST or HTTP API is built from')
    .addOption(stageOption())
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--no-extensions', 'leave out the x-amazon-apigateway-* extensions (a plain document for clients and docs)')
    .action(async (o) => (await import('./commands/openapi.js')).openapiCommand({ ...o, projectDir: projectDir() }));

  program
    .command('client')
    .description('generate a typed fetch client for the API (openapi-fetch) from its OpenAPI document')
    .addOption(stageOption())
    .requiredOption('-o, --out <file>', 'the TypeScript module to write, e.g. src/api-client.ts (replaced only if calix client wrote it)')
    .addHelpText(
      'after',
      `
The module exports the API's \`paths\` types and \`createClient(baseUrl)\`; it imports openapi-fetch,
which the consuming project installs (npm install openapi-fetch@0.17.0).

Example:
  $ calix client --out web/src/api-client.ts
  // web/src/main.ts
  import { createClient } from './api-client.js';
  const api = createClient('http://127.0.0.1:8000/api');
  const { data, error } = await api.GET('/todos/{id}', { params: { path: { id: '1' } } });`,
    )
    .action(async (o) => (await import('./commands/client.js')).clientCommand({ ...o, projectDir: projectDir() }));

  program
    .command('package')
    .description('bundle and synthesize the CloudFormation stack into a cloud assembly (no AWS credentials needed)')
    .addOption(stageOption())
    .option('-o, --out <dir>', 'assembly folder (default: .calix/package/<stage>)')
    .action(async (o) => (await import('./commands/package.js')).packageCommand({ ...o, projectDir: projectDir() }));

  program
    .command('deploy')
    .description('package, then deploy the stack with the AWS CDK toolkit')
    .addOption(stageOption())
    .option('--hotswap', 'when only code changed since the last deploy, send it to Lambda directly: no synthesis, no CloudFormation (development stages)')
    .option('--verbose', 'print every toolkit message')
    .addOption(timeoutOption())
    .action(async (o) => (await import('./commands/deploy.js')).deployCommand({ ...o, projectDir: projectDir() }));

  program
    .command('bootstrap')
    .description("prepare your credentials' AWS account and region for deploys (the CDK bootstrap stack; once per account and region)")
    .addOption(stageOption())
    .option('--verbose', 'print every toolkit message')
    .addOption(timeoutOption())
    .action(async (o) => (await import('./commands/bootstrap.js')).bootstrapCommand({ ...o, projectDir: projectDir() }));

  program
    .command('delete')
    .description("delete the stage's stack (from the deploy record; the app need not build)")
    .addOption(stageOption())
    .option('--stack <name>', 'delete this stack by name instead (no project or deploy record needed)')
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(timeoutOption())
    .action(async (o) => (await import('./commands/delete.js')).deleteCommand({ ...o, projectDir: projectDir() }));

  program
    .command('url')
    .description("print the deployed API's URL")
    .addOption(stageOption())
    .action(async (o) => (await import('./commands/url.js')).urlCommand({ ...o, projectDir: projectDir() }));

  program
    .command('status')
    .description('what is deployed for a stage: stack, last deploy, functions, schedules, URL (the deploy record alone without AWS access)')
    .addOption(stageOption())
    .option('--json', 'print the status as JSON')
    .addOption(timeoutOption('1m'))
    .action(async (o) => (await import('./commands/status.js')).statusCommand({ ...o, projectDir: projectDir() }));

  program
    .command('releases')
    .description("list each deployed function's versions (number, time, code hash, what published it) and which one is live")
    .addOption(stageOption())
    .option('-f, --function <name>', 'only this function: api (the router), a trigger or authorizer function')
    .option('--json', 'print the releases as JSON')
    .addOption(timeoutOption('1m'))
    .action(async (o) => (await import('./commands/releases.js')).releasesCommand({ ...o, projectDir: projectDir() }));

  program
    .command('rollback')
    .description("move each function's live alias back to an older version (nothing is deleted; the next deploy moves it forward)")
    .addOption(stageOption())
    .option('--to <version>', 'the version number to go live (see `calix releases`)')
    .option('--steps <n>', 'how many versions back (default 1)')
    .option('-f, --function <name>', 'only this function')
    .addOption(timeoutOption('1m'))
    .action(async (o) => (await import('./commands/releases.js')).rollbackCommand({ ...o, projectDir: projectDir() }));

  program
    .command('logs')
    .description("print a deployed function's CloudWatch logs")
    .addOption(stageOption())
    .option('-f, --function <name>', 'function name: api (the router) or a trigger name', 'api')
    .option('--since <age>', 'how far back: 30s, 15m, 2h, 1d', '10m')
    .option('--follow', 'keep printing new events')
    .action(async (o) => (await import('./commands/logs.js')).logsCommand({ ...o, projectDir: projectDir() }));


  // calix auth signup|confirm|login|token|create-user|init-local (light module; the AWS SDK loads on use).
  registerAuthCommands(program, stageOption, projectDir);

  return program;
}

export async function main(argv = process.argv): Promise<number> {
  // The AWS SDK prints an 8-line notice that it will soon need a newer Node on every command that
  // loads it (auth, deploy, logs…). Its own switch silences exactly that notice; every other
  // warning still prints, and a user who sets the variable to anything else sees it again.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; a usage mistake (or bare `calix`) exits 2.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    const debug = !!program.opts<{ debug?: boolean }>().debug || argv.includes('--debug') || /^(1|true|yes)$/i.test(process.env.CALIX_DEBUG ?? '');
    const { message, exitCode } = describeError(e);
    process.stderr.write(`${err.red('calix: error:')} ${message}\n`);
    if (debug) process.stderr.write(`${debugTrace(e)}\n`);
    return exitCode;
  }
}

const code = await main();
process.exitCode = code;
