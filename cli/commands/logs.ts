import { CloudWatchLogsClient, FilterLogEventsCommand, type FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import { readDeployed } from '../deploy/deployed.js';
import { CliError } from '../errors.js';
import { loadProject, resolveStage } from '../../project/config.js';
import { out } from '../ui.js';
import { clientConfig, CREDENTIALS_HELP } from '../deploy/aws.js';

export interface LogsOptions {
  projectDir?: string;
  stage: string;
  function: string;
  since: string;
  follow?: boolean;
}

/** `15m`, `2h`, `1d` -> milliseconds. */
export function parseSince(since: string): number {
  const m = /^(\d+)([smhd])$/.exec(since);
  if (!m) throw new CliError(`--since must look like 30s, 15m, 2h or 1d; got "${since}"`, 2);
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** `calix logs`: a function's CloudWatch log events, optionally followed. */
export async function logsCommand(o: LogsOptions): Promise<void> {
  const sinceMs = parseSince(o.since);
  const project = loadProject(o.projectDir);
  resolveStage(project, o.stage);
  const record = readDeployed(project.dir, o.stage);
  const fn = record.functions[o.function];
  if (!fn) throw new CliError(`no function "${o.function}" in ${record.stackName}; deployed functions: ${Object.keys(record.functions).join(', ') || '(none recorded)'}`, 2);
  // The stack's region (from its ARN in the record), whatever AWS_REGION says now.
  const client = new CloudWatchLogsClient(clientConfig(record.region));
  const logGroupName = fn.logGroupName;
  let startTime = Date.now() - sinceMs;
  const seen = new Set<string>();
  for (;;) {
    let nextToken: string | undefined;
    do {
      let page: FilterLogEventsCommandOutput;
      try {
        page = await client.send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken, interleaved: true }));
      } catch (e) {
        const err = e as Error;
        if (err.name === 'CredentialsProviderError' || /credentials/i.test(err.message)) throw new CliError(`cannot read logs: no AWS credentials. To fix, ${CREDENTIALS_HELP}.`);
        if (err.name === 'ResourceNotFoundException') throw new CliError(`log group ${logGroupName} does not exist yet (the function has not run)`);
        throw new CliError(`cannot read ${logGroupName}: ${err.name}: ${err.message}`);
      }
      for (const ev of page.events ?? []) {
        if (!ev.eventId || seen.has(ev.eventId)) continue;
        seen.add(ev.eventId);
        startTime = Math.max(startTime, ev.timestamp ?? startTime);
        process.stdout.write(`${out.dim(new Date(ev.timestamp ?? 0).toISOString())} ${(ev.message ?? '').trimEnd()}\n`);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    if (!o.follow) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
}
