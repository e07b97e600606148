#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './errors.js';
import { calixVersion } from './paths.js';
import { err } from './ui.js';

const stageOption = () => new Option('--stage <name>', 'stage from .calix/config.json').default('dev');

export function buildProgram(): Command {
  const program = new Command('calix')
    .description('Chalice-style AWS Lambda apps in TypeScript: routes, triggers, local server, one-command deploys.')
    .version(calixVersion, '-v, --version')
    .option('--project-dir <dir>', 'project folder (default: the nearest folder with .calix/config.json)')
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
    .action(async (o) => (await import('./commands/local.js')).localCommand({ ...o, projectDir: projectDir() }));

  program
    .command('routes')
    .description("print the app's route table")
    .addOption(stageOption())
    .option('--json', 'machine-readable output')
    .action(async (o) => (await import('./commands/routes.js')).routesCommand({ ...o, projectDir: projectDir() }));

  return program;
}

export async function main(argv = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; a usage mistake (or bare `calix`) exits 2.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (e instanceof CliError) {
      process.stderr.write(`${err.red('calix: error:')} ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`${err.red('calix: unexpected error:')} ${(e as Error)?.stack ?? e}\n`);
    return 1;
  }
}

const code = await main();
// `local` keeps serving; every other command ends here.
if (code !== 0 || !process.argv.slice(2).includes('local')) process.exitCode = code;
