import { describe, expect, test } from 'vitest';
import { Calix, Cron, Rate, RegistrationError } from '../../src/index.js';
import { parseSchedule } from '../../src/events/schedule.js';

const expressionOf = (expr: string): string => {
  const app = new Calix({ name: 'sched' });
  app.schedule(expr, () => {}, { name: 'job' });
  const t = app.manifest().triggers[0]!;
  if (t.kind !== 'schedule') throw new Error('not a schedule');
  return t.expression;
};
const failure = (expr: string): string => {
  try {
    expressionOf(expr);
  } catch (e) {
    expect(e).toBeInstanceOf(RegistrationError);
    return (e as Error).message;
  }
  throw new Error(`${expr} was accepted`);
};

describe('Rate', () => {
  test('builds EventBridge rate expressions with singular and plural units', () => {
    expect(Rate.minutes(1)).toBe('rate(1 minute)');
    expect(Rate.minutes(5)).toBe('rate(5 minutes)');
    expect(Rate.hours(1)).toBe('rate(1 hour)');
    expect(Rate.hours(12)).toBe('rate(12 hours)');
    expect(Rate.days(1)).toBe('rate(1 day)');
    expect(Rate.days(7)).toBe('rate(7 days)');
  });

  test('refuses zero, negative and fractional rates, naming the rule', () => {
    expect(() => Rate.minutes(0)).toThrow(/Rate\.minutes\(0\).*must be 1 or more/);
    expect(() => Rate.hours(-2)).toThrow(RegistrationError);
    expect(() => Rate.days(1.5)).toThrow(/whole number/);
  });
});

describe('Cron', () => {
  test('fills unset fields: every day, any weekday, every month and year', () => {
    expect(Cron({ minute: 0, hour: 12 })).toBe('cron(0 12 * * ? *)');
    expect(Cron({ minute: 0, hour: 18, dayOfWeek: 'MON-FRI' })).toBe('cron(0 18 ? * MON-FRI *)');
    expect(Cron({ minute: '0/15', hour: '*' })).toBe('cron(0/15 * * * ? *)');
    expect(Cron({ minute: 30, hour: 9, dayOfMonth: 1, month: 'JAN', year: 2030 })).toBe('cron(30 9 1 JAN ? 2030)');
  });

  test('both day fields set is an error that says why', () => {
    expect(() => Cron({ minute: 0, hour: 12, dayOfMonth: 1, dayOfWeek: 'MON' })).toThrow(/exactly one of day-of-month and day-of-week must be "\?"/);
  });

  test('out-of-range fields name the field and its range', () => {
    expect(() => Cron({ minute: 60, hour: 0 })).toThrow(/minutes "60".*minutes: 0-59/);
    expect(() => Cron({ minute: 0, hour: 24 })).toThrow(/hours "24".*0-23/);
  });
});

describe('raw schedule strings', () => {
  test.each([
    ['rate(5 minutes)', 'rate(5 minutes)'],
    ['rate(1 minute)', 'rate(1 minute)'],
    ['rate(1 day)', 'rate(1 day)'],
    ['  rate(  10   hours )  ', 'rate(10 hours)'],
    ['cron(0 12 * * ? *)', 'cron(0 12 * * ? *)'],
    ['cron(0 18 ? * MON-FRI *)', 'cron(0 18 ? * MON-FRI *)'],
    ['cron(0/15 * * * ? *)', 'cron(0/15 * * * ? *)'],
    ['cron(15 10 ? * 6L 2022-2030)', 'cron(15 10 ? * 6L 2022-2030)'],
    ['cron(0 0 L * ? *)', 'cron(0 0 L * ? *)'],
    ['cron(0 0 LW * ? *)', 'cron(0 0 LW * ? *)'],
    ['cron(0 9 15W * ? *)', 'cron(0 9 15W * ? *)'],
    ['cron(0 10 ? * 3#2 *)', 'cron(0 10 ? * 3#2 *)'],
    ['cron(0 10 ? * L *)', 'cron(0 10 ? * L *)'],
    ['cron(0 8 1 jan,jul ? *)', 'cron(0 8 1 JAN,JUL ? *)'],
    ['cron(5,35 14 * 1-6/2 ? *)', 'cron(5,35 14 * 1-6/2 ? *)'],
    ['cron(0 0 1/5 * ? 2030/2)', 'cron(0 0 1/5 * ? 2030/2)'],
    ['cron(*/10 * ? * SUN,SAT *)', 'cron(*/10 * ? * SUN,SAT *)'],
  ])('%s is valid and normalizes to %s', (raw, normalized) => {
    expect(expressionOf(raw)).toBe(normalized);
  });

  test.each([
    ['rate(0 minutes)', /the rate value must be 1 or more/],
    ['rate(1 minutes)', /a value of 1 takes the singular unit: "rate\(1 minute\)"/],
    ['rate(5 minute)', /a value above 1 takes the plural unit: "rate\(5 minutes\)"/],
    ['rate(2 weeks)', /minute\(s\), hour\(s\) or day\(s\)/],
    ['rate(1.5 hours)', /whole number/],
    ['every 5 minutes', /use Rate\.minutes\(n\), Cron/],
    ['cron(0 12 * * ?)', /exactly 6 fields .* not 5/],
    ['cron(0 12 * * ? * *)', /exactly 6 fields .* not 7/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 12 1 * MON *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 12 ? * ? *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(60 12 * * ? *)', /minutes "60": "60" is not a valid value \(minutes: 0-59/],
    ['cron(0 12 32 * ? *)', /day-of-month "32".*1-31/],
    ['cron(0 12 0 * ? *)', /day-of-month "0"/],
    ['cron(0 12 * 13 ? *)', /month "13".*1-12 or JAN-DEC/],
    ['cron(0 12 * FOO ? *)', /month "FOO"/],
    ['cron(0 12 ? * 8 *)', /day-of-week "8".*1-7 or SUN-SAT/],
    ['cron(0 12 ? * MON/2 *)', /day-of-week "MON\/2": "\/" is not allowed here/],
    ['cron(0 12 ? * 3#6 *)', /"#" takes the form <day>#<1-5>/],
    ['cron(0 12 ? * 2#1,6#3 *)', /"#" takes the form <day>#<1-5>, alone in the field/],
    ['cron(0 12 * * ? 1969)', /year "1969".*1970-2199/],
    ['cron(0 12 * * ? 2200)', /year "2200"/],
    ['cron(0 ? * * ? *)', /hours "\?": "\?" is only allowed in day-of-month and day-of-week/],
    ['cron(0 12 3L * ? *)', /day-of-month "3L"/],
    ['cron(0 12 * * ? W)', /year "W"/],
    ['cron(0/0 * * * ? *)', /"\/0" must be a step of 1 or more/],
    ['cron(1-2-3 * * * ? *)', /"1-2-3" is not a value or a range/],
    ['cron(0 12 * * ? *', /use Rate/],
  ])('%s is refused: %s', (raw, message) => {
    expect(failure(raw)).toMatch(message);
  });

  test('the error names the registration and the expression', () => {
    expect(failure('cron(0 12 * * * *)')).toMatch(/^app\.schedule "job": invalid schedule "cron\(0 12 \* \* \* \*\)": /);
  });

  test('a non-string expression is refused', () => {
    const app = new Calix({ name: 'sched' });
    expect(() => app.schedule(5 as unknown as string, () => {}, { name: 'job' })).toThrow(/invalid schedule 5: use Rate/);
  });
});

describe('parseSchedule: what an expression means, for the local scheduler', () => {
  test('a rate is its period in minutes', () => {
    expect(parseSchedule('rate(2 hours)', 'job')).toEqual({ kind: 'rate', expression: 'rate(2 hours)', minutes: 120 });
    expect(parseSchedule('rate(1 day)', 'job')).toMatchObject({ minutes: 1440 });
  });

  test('cron fields list their values (steps expanded, ranges wrapping, names as numbers) and day rules; ? is null', () => {
    const s = parseSchedule('cron(5/20 22-2/2 ? jan,Mar FRI-MON,6L 2030-2031)', 'job');
    expect(s).toEqual({
      kind: 'cron',
      expression: 'cron(5/20 22-2/2 ? JAN,MAR FRI-MON,6L 2030-2031)',
      fields: [[5, 25, 45], [22, 0, 2], null, [1, 3], [6, 7, 1, 2, { rule: 'lastOf', weekday: 6 }], [2030, 2031]],
    });
    expect(parseSchedule('cron(0 9 L,LW,15W * ? *)', 'job')).toMatchObject({ fields: [[0], [9], [{ rule: 'last' }, { rule: 'lastWeekday' }, { rule: 'nearestWeekday', day: 15 }], expect.any(Array), null, expect.any(Array)] });
    expect(parseSchedule('cron(0 9 ? * 3#2 *)', 'job')).toMatchObject({ fields: [[0], [9], null, expect.any(Array), [{ rule: 'nth', weekday: 3, n: 2 }], expect.any(Array)] });
    expect(parseSchedule('cron(0 9 ? * L *)', 'job')).toMatchObject({ fields: [[0], [9], null, expect.any(Array), [7], expect.any(Array)] });
  });

  test('an invalid expression throws as registration does', () => {
    expect(() => parseSchedule('cron(0 9 * * * *)', 'job')).toThrow(/job: invalid schedule .*exactly one of day-of-month and day-of-week/);
  });
});
