import type { IIoHost, IoMessage, IoRequest } from '@aws-cdk/toolkit-lib';
import { err as ec, out as oc } from '../ui.js';

interface StackEventLike {
  LogicalResourceId?: string;
  ResourceType?: string;
  ResourceStatus?: string;
  ResourceStatusReason?: string;
}

export interface ResourceFailure {
  logicalId: string;
  type: string;
  status: string;
  reason: string;
}

/**
 * Turns the toolkit's messages into Calix's output: one rewritten progress line on a TTY,
 * plain lines otherwise; failing resources are kept so the CLI can name them at the end.
 */
export class ProgressIoHost implements IIoHost {
  readonly failures: ResourceFailure[] = [];
  /** The latest step the toolkit reported (first line of its last info message), for timeout errors. */
  lastStep = 'starting';
  private progressShown = false;
  private hotswapRefusal: string | undefined;

  constructor(
    private readonly opts: { tty: boolean; verbose?: boolean; confirm?: (question: string) => Promise<boolean>; write?: (s: string) => void },
  ) {}

  private write(s: string): void {
    (this.opts.write ?? ((x: string) => process.stdout.write(x)))(s);
  }

  private endProgress(): void {
    if (this.progressShown) this.write('\n');
    this.progressShown = false;
  }

  async notify(msg: IoMessage<unknown>): Promise<void> {
    if (msg.code === 'CDK_TOOLKIT_I5502') {
      const data = msg.data as { event?: StackEventLike; progress?: { completed?: number; total?: number; formatted?: string } };
      const e = data.event ?? {};
      const status = e.ResourceStatus ?? '';
      if (status.endsWith('_FAILED') && e.ResourceStatusReason && !/Resource creation cancelled|cancelled/i.test(e.ResourceStatusReason)) {
        this.failures.push({ logicalId: e.LogicalResourceId ?? '?', type: e.ResourceType ?? '?', status, reason: e.ResourceStatusReason });
      }
      const p = data.progress;
      const counter = p?.total ? `${p.completed ?? 0}/${p.total}` : (p?.formatted ?? '');
      this.activity(`${counter} ${status} ${e.ResourceType ?? ''} ${e.LogicalResourceId ?? ''}`.trim());
      this.lastStep = `waiting for CloudFormation (last event: ${e.LogicalResourceId ?? '?'} ${status})`;
      return;
    }
    if (msg.level !== 'trace' && msg.level !== 'error' && msg.message.trim()) this.lastStep = msg.message.trim().split('\n')[0]!.slice(0, 200);
    // `deploy --hotswap` falls back to a change set when more than code changed: say so, and why.
    if (msg.message.startsWith('Could not perform a hotswap deployment')) this.hotswapRefusal = msg.message.trim();
    if (msg.message.trim() === 'Falling back to doing a full deployment') {
      this.endProgress();
      this.write(`--hotswap: not a code-only change (${this.hotswapRefusal ?? 'the toolkit gave no reason'}); deploying it with a CloudFormation change set instead\n`);
      return;
    }
    if (msg.level === 'error') {
      this.endProgress();
      process.stderr.write(ec.red(msg.message) + '\n');
      return;
    }
    // Calix's own synth findings are summarized by the command itself; advice naming `cdk`
    // CLI flags (bootstrap's execution policy) does not apply to Calix, which states it itself.
    if (msg.message.includes('@calix/infra:') || msg.message.includes('--cloudformation-execution-policies')) return;
    if (msg.level === 'warn' || (this.opts.verbose && (msg.level === 'info' || msg.level === 'result'))) {
      this.endProgress();
      this.write((msg.level === 'warn' ? oc.yellow(msg.message) : msg.message) + '\n');
    }
  }

  /** One progress line: rewritten in place on a TTY, a plain line otherwise. */
  activity(line: string): void {
    if (this.opts.tty) {
      this.write(`\r\x1b[2K${line.slice(0, (process.stdout.columns ?? 100) - 1)}`);
      this.progressShown = true;
    } else this.write(line + '\n');
  }

  async requestResponse<T>(msg: IoRequest<unknown, T>): Promise<T> {
    if (msg.code === 'CDK_TOOLKIT_I7010' && this.opts.confirm) {
      this.endProgress();
      return (await this.opts.confirm(msg.message)) as T;
    }
    return msg.defaultResponse;
  }

  finish(): void {
    this.endProgress();
  }
}
