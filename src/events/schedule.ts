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

/**
 * Validates a schedule expression by EventBridge's rules and returns it normalized (single
 * spaces, upper-case names). Errors name `what` and the rule broken.
 */
export function normalizeSchedule(expr: unknown, what: string): ScheduleExpression {
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
    return `rate(${v} ${unit.toLowerCase()})`;
  }
  if (parts.length !== 6) fail(`a cron expression has exactly 6 fields (minutes hours day-of-month month day-of-week year), not ${parts.length}`);
  parts.forEach((field, i) => {
    const [name, min, max, extra] = FIELDS[i]!;
    const bad = (why: string): never => fail(`${name} "${field}": ${why} (${name}: ${min}-${max}${NAMES[i - 3] ? ` or ${i === 3 ? 'JAN-DEC' : 'SUN-SAT'}` : ''}, with , - *${extra ? ' ' + extra : ''})`);
    const value = (v: string): void => {
      const k = NAMES[i - 3]?.indexOf(v) ?? -1;
      const n = v.length === 3 && k % 3 === 0 ? k / 3 + 1 : /^\d{1,4}$/.test(v) ? +v : NaN;
      if (!(n >= min && n <= max)) bad(`"${v}" is not a valid value`);
    };
    if (field === '?') {
      if (!extra.includes('?')) bad('"?" is only allowed in day-of-month and day-of-week');
      return;
    }
    if (i === 4 && field.includes('#')) {
      const h = /^(\w+)#([1-5])$/.exec(field) ?? bad('"#" takes the form <day>#<1-5>, alone in the field (e.g. 3#2: the second Tuesday)');
      return value(h[1]!);
    }
    for (const item of field.split(',')) {
      if (i === 2 && /^(L|LW|\d+W)$/.test(item)) {
        if (item.length > 1 && item !== 'LW') value(item.slice(0, -1));
        continue;
      }
      if (i === 4 && /^\w*L$/.test(item)) {
        if (item.length > 1) value(item.slice(0, -1));
        continue;
      }
      const [range, step, more] = item.split('/');
      if (step !== undefined) {
        if (!extra.includes('/')) bad('"/" is not allowed here');
        if (more !== undefined || !/^\d+$/.test(step) || +step < 1) bad(`"/${step}" must be a step of 1 or more`);
      }
      if (range === '*') continue;
      const ends = range!.split('-');
      if (ends.length > 2) bad(`"${range}" is not a value or a range a-b`);
      ends.forEach(value);
    }
  });
  const [dom, dow] = [parts[2], parts[4]];
  if ((dom === '?') === (dow === '?')) {
    fail(`exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot combine them), e.g. "cron(0 12 * * ? *)" or "cron(0 18 ? * MON-FRI *)"`);
  }
  return `cron(${parts.join(' ')})`;
}
