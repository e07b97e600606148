// Tasks without AWS: the test client, `calix local` and `calix invoke` run a sent task in this
// process, after the invocation that sent it has answered (as an Event invocation would start
// once the sender's call returns). Which invocation sent it is tracked with AsyncLocalStorage, so
// overlapping requests each start their own tasks after their own response.
import { AsyncLocalStorage } from 'node:async_hooks';
import { TASK_DISPATCH } from '../events/task.js';

/** A task `send` that an emulated invocation made. */
export interface SentTask {
  readonly name: string;
  /** The payload after its JSON round trip, as the task's function receives it. */
  readonly payload: unknown;
}

/** One in-process run of a task: what it returned or threw. */
export interface TaskRun extends SentTask {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: unknown;
}

interface Scope {
  readonly sent: SentTask[];
  /** Set once the invocation has answered: a later send (from work it did not await) starts at once. */
  late?: (t: SentTask) => void;
}

// On globalThis: the app's bundle carries its own copy of the runtime, and the CLI or test file
// its own of this module; every copy must see the same scope and the same dispatcher.
const SCOPE = Symbol.for('calix.tasks.scope');
const g = globalThis as unknown as Record<symbol, unknown>;
const scope = (g[SCOPE] ??= new AsyncLocalStorage<Scope>()) as AsyncLocalStorage<Scope>;
g[TASK_DISPATCH] ??= (name: string, payload: unknown): boolean => {
  const s = scope.getStore();
  if (!s) return false;
  if (s.late) s.late({ name, payload });
  else s.sent.push({ name, payload });
  return true;
};

/** Runs one task by name with its payload (through the app's entry point, as its own function). */
export type TaskInvoker = (name: string, payload: unknown) => Promise<unknown> | unknown;

/** Reports a finished run: errors must reach the developer, never be dropped. */
export type TaskReporter = (run: TaskRun, ms: number) => void;

/**
 * Runs the tasks that emulated invocations send. `capture` wraps an invocation; its `start`
 * (called once the response is out) starts the tasks it sent, each in a later turn of the event
 * loop, and the tasks those send after them. `settled` waits for all of them.
 */
export class LocalTasks {
  /** Every run so far, in the order they finished. */
  readonly runs: TaskRun[] = [];
  private readonly pending = new Set<Promise<void>>();
  private reported = 0;

  constructor(
    private readonly invoke: TaskInvoker,
    private readonly report: TaskReporter,
  ) {}

  /** Runs `fn` as an invocation; returns its value and the function that starts what it sent. */
  async capture<T>(fn: () => T | Promise<T>): Promise<[T, () => void]> {
    const s: Scope = { sent: [] };
    let value: T;
    try {
      value = await scope.run(s, fn);
    } catch (e) {
      // A failed invocation's sends still happened (Lambda does not take back an Event invoke).
      s.late = (t) => this.start([t]);
      this.start(s.sent);
      throw e;
    }
    return [
      value,
      () => {
        s.late = (t) => this.start([t]);
        this.start(s.sent);
      },
    ];
  }

  /** Starts these tasks, each after the current turn of the event loop. */
  start(sent: readonly SentTask[]): void {
    for (const t of sent) {
      const p = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(t));
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    }
  }

  /** Runs `name` now (tasks it sends start after it returns); resolves to its result, rejects with its error. */
  async runNow(name: string, payload: unknown): Promise<unknown> {
    const [result, start] = await this.capture(() => this.invoke(name, payload));
    start();
    return result;
  }

  private async run(t: SentTask): Promise<void> {
    const began = performance.now();
    let run: TaskRun;
    try {
      run = { ...t, ok: true, result: await this.runNow(t.name, t.payload) };
    } catch (error) {
      run = { ...t, ok: false, error };
    }
    this.runs.push(run);
    this.report(run, performance.now() - began);
  }

  /**
   * Waits until every started task (and every task those sent) has finished; resolves to the runs
   * that finished since the last call. Rejects if one of them failed, naming each failed task.
   */
  async settled(): Promise<TaskRun[]> {
    while (this.pending.size) await Promise.all([...this.pending]);
    const runs = this.runs.slice(this.reported);
    this.reported = this.runs.length;
    const failed = runs.filter((r) => !r.ok);
    if (failed.length) {
      const what = failed.map((r) => `task "${r.name}" failed: ${r.error instanceof Error ? r.error.message : String(r.error)}`).join('; ');
      throw new AggregateError(failed.map((r) => r.error), what);
    }
    return runs;
  }
}
