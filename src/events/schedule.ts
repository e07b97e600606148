import { RegistrationError } from '../http/errors.js';

/** An EventBridge schedule expression: `rate(5 minutes)` or `cron(0 12 * * ? *)`. */
export type ScheduleExpression = `rate(${string})` | `cron(${string})`;

const rate = (n: number, unit: string): ScheduleExpression =>
  normalizeSchedule(`rate(${n} ${unit}${n === 1 ? '' : 's'})`, `Rate.${unit}s(${n})`);

/** Fixed-rate schedules: `Rate.minutes(5)` is `rate(5 minutes)`. */
export const Rate = {
  minutes: (n: number) => rate(n, 'minute'),
  hours: (n: number) => rate(n, 'hour'),
  days: (n: number) => rate(n, 'day'),
};

export interface CronFields {
  /** 0-59, with `, - * /`. */
  minute: number | string;
  /** 0-23 (UTC), with `, - * /`. */
  hour: number | string;
  /** 1-31, with `, - * ? / L W`. @default '*', or '?' when dayOfWeek is set */
  dayOfMonth?: number | string;
  /** 1-12 or JAN-DEC, with `, - * /`. @default '*' */
  month?: number | string;
  /** 1-7 (1 = Sunday) or SUN-SAT, with `, - * ? L #`. @default '?' */
  dayOfWeek?: number | string;
  /** 1970-2199, with `, - * /`. @default '*' */
  year?: number | string;
}

/** A cron schedule (UTC): `Cron({ minute: 0, hour: 18, dayOfWeek: 'MON-FRI' })` is `cron(0 18 ? * MON-FRI *)`. */
export function Cron(f: CronFields): ScheduleExpression {
  const dow = f.dayOfWeek ?? '?';
  const e = `cron(${f.minute} ${f.hour} ${f.dayOfMonth ?? (dow === '?' ? '*' : '?')} ${f.month ?? '*'} ${dow} ${f.year ?? '*'})`;
  return normalizeSchedule(e, `Cron(${e.slice(5, -1)})`);
}

// [field, min, max, wildcards besides `, - *`]
const FIELDS: [string, number, number, string][] = [
  ['minutes', 0, 59, '/'],
  ['hours', 0, 23, '/'],
  ['day-of-month', 1, 31, '? / L W'],
  ['month', 1, 12, '/'],
  ['day-of-week', 1, 7, '? L #'],
  ['year', 1970, 2199, '/'],
];
const NAMES = ['JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC', 'SUNMONTUEWEDTHUFRISAT'];
const USAGE = 'use Rate.minutes(n), Cron({...}), "rate(5 minutes)" or "cron(0 12 * * ? *)"';

/** A day a cron day field names relative to its month. */
export type CronDayRule =
  /** day-of-month `L`: the month's last day. */
  | { rule: 'last' }
  /** day-of-month `LW`: the month's last weekday. */
  | { rule: 'lastWeekday' }
  /** day-of-month `15W`: the weekday nearest the 15th, within the month. */
  | { rule: 'nearestWeekday'; day: number }
  /** day-of-week `6L`: the month's last Friday. */
  | { rule: 'lastOf'; weekday: number }
  /** day-of-week `3#2`: the month's second Tuesday. */
  | { rule: 'nth'; weekday: number; n: number };

/**
 * One cron field, parsed: the values it lists, ranges and steps expanded (`a-b` with a > b wraps
 * past the maximum) and names as numbers (JAN = 1, SUN = 1), plus the day rules; null for `?`.
 */
export type CronField = (number | CronDayRule)[] | null;

/** A valid schedule expression, normalized, and what it means. */
export type ParsedSchedule =
  | { kind: 'rate'; expression: ScheduleExpression; minutes: number }
  /** fields: minutes, hours, day-of-month, month, day-of-week, year (UTC). */
  | { kind: 'cron'; expression: ScheduleExpression; fields: CronField[] };

/**
 * Validates a schedule expression by EventBridge's rules and returns it normalized (single
 * spaces, upper-case names). Errors name `what` and the rule broken.
 */
export function normalizeSchedule(expr: unknown, what: string): ScheduleExpression {
  return parseSchedule(expr, what).expression;
}

/**
 * Parses a schedule expression by EventBridge's rules: what the local scheduler fires on, and
 * (normalized) what registration records. Errors name `what` and the rule broken.
 */
export function parseSchedule(expr: unknown, what: string): ParsedSchedule {
  const fail = (why: string): never => {
    throw new RegistrationError(`${what}: invalid schedule ${JSON.stringify(expr)}: ${why}`);
  };
  const m = typeof expr === 'string' ? /^\s*(rate|cron)\((.*)\)\s*$/.exec(expr) : null;
  if (!m) return fail(USAGE);
  const parts = m[2]!.trim().toUpperCase().split(/\s+/);
  if (m[1] === 'rate') {
    const [n, unit = ''] = parts;
    if (parts.length !== 2 || !/^\d+$/.test(n!) || !/^(MINUTE|HOUR|DAY)S?$/.test(unit)) {
      fail('a rate is "rate(<value> <unit>)" with a whole number and minute(s), hour(s) or day(s)');
    }
    const v = +n!;
    const one = unit.replace(/S$/, '').toLowerCase();
    if (v < 1) fail('the rate value must be 1 or more');
    if ((v === 1) === unit.endsWith('S')) {
      fail(v === 1 ? `a value of 1 takes the singular unit: "rate(1 ${one})"` : `a value above 1 takes the plural unit: "rate(${v} ${one}s)"`);
    }
    return { kind: 'rate', expression: `rate(${v} ${unit.toLowerCase()})`, minutes: v * (one === 'day' ? 1440 : one === 'hour' ? 60 : 1) };
  }
  if (parts.length !== 6) fail(`a cron expression has exactly 6 fields (minutes hours day-of-month month day-of-week year), not ${parts.length}`);
  const fields = parts.map((field, i): CronField => {
    const [name, min, max, extra] = FIELDS[i]!;
    const bad = (why: string): never => fail(`${name} "${field}": ${why} (${name}: ${min}-${max}${NAMES[i - 3] ? ` or ${i === 3 ? 'JAN-DEC' : 'SUN-SAT'}` : ''}, with , - *${extra ? ' ' + extra : ''})`);
    const value = (v: string): number => {
      const k = NAMES[i - 3]?.indexOf(v) ?? -1;
      const n = v.length === 3 && k % 3 === 0 ? k / 3 + 1 : /^\d{1,4}$/.test(v) ? +v : NaN;
      return n >= min && n <= max ? n : bad(`"${v}" is not a valid value`);
    };
    if (field === '?') return extra.includes('?') ? null : bad('"?" is only allowed in day-of-month and day-of-week');
    if (i === 4 && field.includes('#')) {
      const h = /^(\w+)#([1-5])$/.exec(field) ?? bad('"#" takes the form <day>#<1-5>, alone in the field (e.g. 3#2: the second Tuesday)');
      return [{ rule: 'nth', weekday: value(h[1]!), n: +h[2]! }];
    }
    return field.split(',').flatMap((item): (number | CronDayRule)[] => {
      if (i === 2 && /^(L|LW|\d+W)$/.test(item)) {
        return [item === 'L' ? { rule: 'last' } : item === 'LW' ? { rule: 'lastWeekday' } : { rule: 'nearestWeekday', day: value(item.slice(0, -1)) }];
      }
      // `L` alone in day-of-week is the week's last day, Saturday.
      if (i === 4 && /^\w*L$/.test(item)) return [item.length > 1 ? { rule: 'lastOf', weekday: value(item.slice(0, -1)) } : 7];
      const [range, step, more] = item.split('/');
      if (step !== undefined) {
        if (!extra.includes('/')) bad('"/" is not allowed here');
        if (more !== undefined || !/^\d+$/.test(step) || +step < 1) bad(`"/${step}" must be a step of 1 or more`);
      }
      const ends = range === '*' ? [] : range!.split('-');
      if (ends.length > 2) bad(`"${range}" is not a value or a range a-b`);
      const lo = ends.length ? value(ends[0]!) : min;
      // `5/15` runs from 5 to the maximum.
      const hi = ends.length > 1 ? value(ends[1]!) : ends.length && step === undefined ? lo : max;
      const out: number[] = [];
      for (let k = 0; k <= (hi >= lo ? hi - lo : max - lo + 1 + hi - min); k += +(step ?? 1)) out.push(lo + k > max ? lo + k - (max - min + 1) : lo + k);
      return out;
    });
  });
  if ((fields[2] === null) === (fields[4] === null)) {
    fail(`exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot combine them), e.g. "cron(0 12 * * ? *)" or "cron(0 18 ? * MON-FRI *)"`);
  }
  return { kind: 'cron', expression: `cron(${parts.join(' ')})`, fields };
}
