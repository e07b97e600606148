// `calix local --schedules`: fires the app's schedule triggers on their EventBridge rate or
// cron expression while the dev server runs, through the current (hot-reloaded) handler.
import { parseSchedule, type CronDayRule, type CronField } from '../../src/events/schedule.js';
import type { Manifest } from '../../src/manifest.js';
import { scheduledEvent } from '../../src/emulation/trigger-events.js';

const MINUTE = 60_000;
/** setTimeout's largest delay; longer waits are taken in steps. */
const MAX_DELAY = 2 ** 31 - 1;
/** EventBridge's last cron year. */
const END = Date.UTC(2200, 0, 1);

// ---------------------------------------------------------------------------------------------
// Cron: EventBridge's 6 fields (minutes hours day-of-month month day-of-week year), in UTC,
// parsed by the runtime's schedule grammar (src/events/schedule.ts); this only evaluates them.

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

/** Whether day `d` of month `m` is the day a rule names. */
function ruleTest(r: CronDayRule): DayTest {
  switch (r.rule) {
    case 'last':
      return (y, m, d) => d === daysIn(y, m);
    case 'lastWeekday':
      return (y, m, d) => {
        const last = daysIn(y, m);
        const w = weekday(y, m, last);
        return d === (w === 7 ? last - 1 : w === 1 ? last - 2 : last);
      };
    case 'nearestWeekday':
      // The weekday nearest day n, without leaving the month.
      return (y, m, d) => {
        const n = r.day;
        const last = daysIn(y, m);
        if (n > last) return false;
        const w = weekday(y, m, n);
        return d === (w === 7 ? (n === 1 ? 3 : n - 1) : w === 1 ? (n === last ? n - 2 : n + 1) : n);
      };
    case 'lastOf':
      return (y, m, d) => weekday(y, m, d) === r.weekday && d + 7 > daysIn(y, m);
    case 'nth':
      return (y, m, d) => weekday(y, m, d) === r.weekday && Math.ceil(d / 7) === r.n;
  }
}

const numbers = (field: CronField) => new Set(field?.filter((v) => typeof v === 'number'));

/** A day field: its listed days (of the month, or of the week) or any of its rules. */
function dayTest(field: (number | CronDayRule)[], ofWeek: boolean): DayTest {
  const listed = numbers(field);
  const rules = field.flatMap((v) => (typeof v === 'number' ? [] : [ruleTest(v)]));
  return (y, m, d) => listed.has(ofWeek ? weekday(y, m, d) : d) || rules.some((t) => t(y, m, d));
}

/** What a parsed cron expression's fields match. */
function cronSpec(fields: CronField[]): CronSpec {
  const [minutes, hours, dom, months, dow, years] = fields;
  return {
    minutes: numbers(minutes!),
    hours: numbers(hours!),
    months: numbers(months!),
    years: numbers(years!),
    day: dom ? dayTest(dom, false) : dayTest(dow!, true),
  };
}

/** The first minute strictly after `after` (ms since the epoch, UTC) that the cron expression matches; undefined if none (before 2200). */
export function nextCronTime(expression: string, after: number): number | undefined {
  const s = parseSchedule(expression, 'schedule');
  if (s.kind !== 'cron') throw new Error(`${JSON.stringify(expression)} is not a cron(...) expression`);
  return nextMatch(cronSpec(s.fields), after);
}

function nextMatch(c: CronSpec, after: number): number | undefined {
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
  const s = parseSchedule(expression, 'schedule');
  if (s.kind === 'cron') return nextMatch(cronSpec(s.fields), after);
  const period = s.minutes * MINUTE;
  return origin + (Math.floor((after - origin) / period) + 1) * period;
}

// ---------------------------------------------------------------------------------------------

export interface ScheduleRunnerOptions {
  /** A function's deployed name, which its rule's ARN in the event carries. */
  functionName(fn: string): string;
  /**
   * Runs a schedule's function (by its logical name) through the app's current build, told which
   * function it is on the call's context, not process.env, so firings can overlap with each
   * other and with HTTP requests.
   */
  invoke(fn: string, event: unknown): Promise<unknown>;
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
    const { colors } = this.o;
    const event = scheduledEvent(this.o.functionName(name));
    // EventBridge stamps the event with the scheduled time (schedule time when sped up).
    event.time = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
    const started = performance.now();
    const ms = () => `${(performance.now() - started).toFixed(1)}ms`;
    try {
      const result = await this.o.invoke(name, event);
      if (!this.o.quiet) {
        const shown = result === undefined ? '' : ` → ${JSON.stringify(result)?.slice(0, 200)}`;
        this.o.log(`SCHEDULE ${name} ${colors?.dim(expression) ?? expression} ${colors?.ok('ok') ?? 'ok'} ${ms()}${shown}`);
      }
    } catch (e) {
      this.o.logError(`SCHEDULE ${name} ${expression} ${colors?.bad('failed') ?? 'failed'} ${ms()}: ${(e as Error)?.stack ?? e}`);
    }
  }
}
