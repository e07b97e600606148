// `calix local --schedules`: fires the app's schedule triggers on their EventBridge rate or
// cron expression while the dev server runs, through the current (hot-reloaded) handler.
import type { LambdaContext } from '../../src/aws-types.js';
import type { ScheduledEvent } from '../../src/events/types.js';
import type { Manifest } from '../../src/manifest.js';
import { scheduledEvent } from '../../src/testing/trigger-events.js';
import { localFunctionName } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { lambdaContexts } from './lambda-context.js';

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE };
/** setTimeout's largest delay; longer waits are taken in steps. */
const MAX_DELAY = 2 ** 31 - 1;
/** EventBridge's last cron year. */
const END = Date.UTC(2200, 0, 1);

/** The period of a `rate(n unit)` expression in ms, or undefined for other expressions. */
export function ratePeriod(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/i.exec(expression.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]! : undefined;
}

// ---------------------------------------------------------------------------------------------
// Cron: EventBridge's 6 fields (minutes hours day-of-month month day-of-week year), in UTC.
// Expressions reaching here were validated at registration (src/events/schedule.ts); this only
// evaluates them.

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

type DayTest = (year: number, month: number, day: number) => boolean;

interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  months: Set<number>;
  years: Set<number>;
  /** Day-of-month or day-of-week (exactly one of them is not `?`). month 1-12. */
  day: DayTest;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = Sunday ... 7 = Saturday, as EventBridge counts. */
const weekday = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

function value(v: string, names?: string[]): number {
  const i = names?.indexOf(v) ?? -1;
  const n = i >= 0 ? i + 1 : Number(v);
  if (!Number.isInteger(n)) throw new Error(`"${v}" is not a cron value`);
  return n;
}

/** The values of a list of `*`, `a`, `a-b` (wrapping when a > b), each with an optional `/step`. */
function values(field: string, min: number, max: number, names?: string[]): Set<number> {
  const set = new Set<number>();
  for (const item of field.split(',')) {
    const [range = '*', step] = item.split('/');
    const by = step === undefined ? 1 : Number(step);
    let lo = min;
    let hi = max;
    if (range !== '*') {
      const [a, b] = range.split('-');
      lo = value(a!, names);
      // `5/15` means from 5 to the end, every 15.
      hi = b !== undefined ? value(b, names) : step !== undefined ? max : lo;
    }
    const span = hi >= lo ? hi - lo : max - lo + 1 + (hi - min);
    for (let k = 0; k <= span; k += by) set.add(lo + k > max ? lo + k - (max - min + 1) : lo + k);
  }
  return set;
}

function dayOfMonth(field: string): DayTest {
  const tests: DayTest[] = [];
  const plain: string[] = [];
  for (const item of field.split(',')) {
    if (item === 'L') tests.push((y, m, d) => d === daysIn(y, m));
    else if (item === 'LW') {
      tests.push((y, m, d) => {
        const last = daysIn(y, m);
        const w = weekday(y, m, last);
        return d === (w === 7 ? last - 1 : w === 1 ? last - 2 : last);
      });
    } else if (/^\d+W$/.test(item)) {
      // The weekday nearest day n, without leaving the month.
      const n = Number(item.slice(0, -1));
      tests.push((y, m, d) => {
        const last = daysIn(y, m);
        if (n > last) return false;
        const w = weekday(y, m, n);
        const target = w === 7 ? (n === 1 ? 3 : n - 1) : w === 1 ? (n === last ? n - 2 : n + 1) : n;
        return d === target;
      });
    } else plain.push(item);
  }
  if (plain.length) {
    const set = values(plain.join(','), 1, 31);
    tests.push((_y, _m, d) => set.has(d));
  }
  return (y, m, d) => tests.some((t) => t(y, m, d));
}

function dayOfWeek(field: string): DayTest {
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth) {
    const dow = value(nth[1]!, DAY_NAMES);
    const k = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === dow && Math.ceil(d / 7) === k;
  }
  const tests: DayTest[] = [];
  const plain: string[] = [];
  for (const item of field.split(',')) {
    if (item === 'L') plain.push('7'); // `L` alone is the last day of the week: Saturday
    else if (/^\w+L$/.test(item)) {
      const dow = value(item.slice(0, -1), DAY_NAMES);
      tests.push((y, m, d) => weekday(y, m, d) === dow && d + 7 > daysIn(y, m));
    } else plain.push(item);
  }
  if (plain.length) {
    const set = values(plain.join(','), 1, 7, DAY_NAMES);
    tests.push((y, m, d) => set.has(weekday(y, m, d)));
  }
  return (y, m, d) => tests.some((t) => t(y, m, d));
}

/** Parses `cron(minutes hours day-of-month month day-of-week year)`. */
export function parseCron(expression: string): CronSpec {
  const m = /^cron\((.*)\)$/i.exec(expression.trim());
  const f = m ? m[1]!.trim().toUpperCase().split(/\s+/) : [];
  if (f.length !== 6) throw new Error(`${JSON.stringify(expression)} is not a cron(...) expression with 6 fields`);
  const [mi, h, dom, mo, dow, y] = f as [string, string, string, string, string, string];
  return {
    minutes: values(mi, 0, 59),
    hours: values(h, 0, 23),
    months: values(mo, 1, 12, MONTH_NAMES),
    years: values(y, 1970, 2199),
    day: dom !== '?' ? dayOfMonth(dom) : dow !== '?' ? dayOfWeek(dow) : () => true,
  };
}

/** The first minute strictly after `after` (ms since the epoch, UTC) that the cron expression matches; undefined if none (before 2200). */
export function nextCronTime(expression: string | CronSpec, after: number): number | undefined {
  const c = typeof expression === 'string' ? parseCron(expression) : expression;
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  while (t < END) {
    const d = new Date(t);
    const [y, mo, day, h, mi] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
    if (!c.years.has(y)) t = Date.UTC(y + 1, 0, 1);
    else if (!c.months.has(mo)) t = Date.UTC(y, mo, 1);
    else if (!c.day(y, mo, day)) t = Date.UTC(y, mo - 1, day + 1);
    else if (!c.hours.has(h)) t = Date.UTC(y, mo - 1, day, h + 1);
    else if (!c.minutes.has(mi)) t += MINUTE;
    else return t;
  }
  return undefined;
}

/** The first firing of `expression` strictly after `after`; a rate counts its periods from `origin`. */
export function nextFireTime(expression: string, after: number, origin = after): number | undefined {
  const period = ratePeriod(expression);
  if (period !== undefined) return origin + (Math.floor((after - origin) / period) + 1) * period;
  return nextCronTime(expression, after);
}

// ---------------------------------------------------------------------------------------------

export interface ScheduleRunnerOptions {
  stage: StageConfig;
  /** Runs the scheduled event through the app's current handler. */
  invoke(event: ScheduledEvent, context: LambdaContext): Promise<unknown>;
  /**
   * Schedule time runs this many times faster than the clock: at 60, `rate(1 minute)` fires
   * every second and a cron minute lasts a second. For tests. @default 1
   */
  speed?: number;
  /** No line per successful firing (failures are always shown). */
  quiet?: boolean;
  log(line: string): void;
  logError(line: string): void;
  /** Colours for the log lines. */
  colors?: { ok(s: string): string; bad(s: string): string; dim(s: string): string };
}

interface Armed {
  expression: string;
  /** Schedule time (see `now()`) a rate's periods count from. */
  origin: number;
  /** Schedule time of the next firing; undefined when it never fires again. */
  next: number | undefined;
  timer?: NodeJS.Timeout;
}

export interface ScheduleInfo {
  name: string;
  expression: string;
  /** When it fires next, on the real clock; undefined if never. */
  nextAt: Date | undefined;
}

/** Keeps one timer per schedule trigger; `update` follows reloads, `stop` clears everything. */
export class ScheduleRunner {
  private readonly armed = new Map<string, Armed>();
  private readonly started = Date.now();
  private readonly speed: number;
  private stopped = false;

  constructor(private readonly o: ScheduleRunnerOptions) {
    this.speed = o.speed ?? 1;
    if (!(this.speed > 0) || !Number.isFinite(this.speed)) throw new Error(`schedule speed must be a positive number, got ${o.speed}`);
  }

  /** Schedule time: the clock, sped up from the moment the runner started. */
  now(): number {
    return this.started + (Date.now() - this.started) * this.speed;
  }

  /**
   * Arms the manifest's schedules. Unchanged ones keep their timers; new, changed and removed
   * ones are (re)armed or cleared. Returns one line per change, for the reload log.
   */
  update(manifest: Manifest): string[] {
    if (this.stopped) return [];
    const wanted = new Map<string, string>();
    for (const t of manifest.triggers) if (t.kind === 'schedule') wanted.set(t.name, t.expression);
    const changes: string[] = [];
    for (const [name, a] of this.armed) {
      const expression = wanted.get(name);
      if (expression === a.expression) continue;
      clearTimeout(a.timer);
      this.armed.delete(name);
      if (expression === undefined) changes.push(`Schedule ${name} removed`);
    }
    for (const [name, expression] of wanted) {
      if (this.armed.has(name)) continue;
      const now = this.now();
      const a: Armed = { expression, origin: now, next: nextFireTime(expression, now) };
      this.armed.set(name, a);
      this.arm(name, a);
      changes.push(`Schedule ${name}: ${expression}${this.describeNext(a)}`);
    }
    return changes;
  }

  /** The armed schedules and when they fire next. */
  list(): ScheduleInfo[] {
    return [...this.armed].map(([name, a]) => ({ name, expression: a.expression, nextAt: this.realTime(a.next) }));
  }

  /** Clears every timer; firings already running finish on their own. */
  stop(): void {
    this.stopped = true;
    for (const a of this.armed.values()) clearTimeout(a.timer);
    this.armed.clear();
  }

  private realTime(t: number | undefined): Date | undefined {
    return t === undefined ? undefined : new Date(Date.now() + Math.max(0, (t - this.now()) / this.speed));
  }

  private describeNext(a: Armed): string {
    const at = this.realTime(a.next);
    return at ? `, next at ${at.toISOString().replace(/\.\d+Z$/, 'Z')}` : ', never fires again';
  }

  private arm(name: string, a: Armed): void {
    if (this.stopped || a.next === undefined) return;
    const delay = (a.next - this.now()) / this.speed;
    a.timer = setTimeout(() => {
      if (this.armed.get(name) !== a) return;
      if (delay > MAX_DELAY) return this.arm(name, a); // a long wait, taken in steps
      const at = a.next!;
      a.next = nextFireTime(a.expression, Math.max(at, this.now()), a.origin);
      this.arm(name, a);
      void this.fire(name, a.expression, at);
    }, Math.min(Math.max(0, delay), MAX_DELAY));
    a.timer.unref();
  }

  private async fire(name: string, expression: string, at: number): Promise<void> {
    const { stage, colors } = this.o;
    const event = scheduledEvent(localFunctionName(stage, name));
    // EventBridge stamps the event with the scheduled time (schedule time when sped up).
    event.time = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
    // The target travels on this call's context (CALIX_HANDLER for this call only), so
    // firings can overlap with each other and with HTTP requests.
    const context = lambdaContexts(stage, name, name)();
    const started = performance.now();
    const ms = () => `${(performance.now() - started).toFixed(1)}ms`;
    try {
      const result = await this.o.invoke(event, context);
      if (!this.o.quiet) {
        const shown = result === undefined ? '' : ` → ${JSON.stringify(result)?.slice(0, 200)}`;
        this.o.log(`SCHEDULE ${name} ${colors?.dim(expression) ?? expression} ${colors?.ok('ok') ?? 'ok'} ${ms()}${shown}`);
      }
    } catch (e) {
      this.o.logError(`SCHEDULE ${name} ${expression} ${colors?.bad('failed') ?? 'failed'} ${ms()}: ${(e as Error)?.stack ?? e}`);
    }
  }
}
