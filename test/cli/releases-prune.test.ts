// Which versions a deploy prunes and where a rollback goes: the rules of cli/deploy/releases.ts
// and cli/commands/releases.ts on version lists (the emulator test, test/deploy/releases.test.ts,
// runs them against Lambda; these pin the cases the emulator run does not reach).
import { describe, expect, test } from 'vitest';
import { rollbackTarget } from '../../cli/commands/releases.js';
import { deployedRelease, prunable, type Release } from '../../cli/deploy/releases.js';

const rel = (version: number, o: Partial<Release> = {}): Release => ({ version, published: '', codeSha256: '', description: 'calix deploy', live: false, ...o });

describe('prunable', () => {
  test('the oldest Calix versions beyond keep; never live, never newer than live, never a version something else published', () => {
    const list = [rel(7), rel(6, { live: true }), rel(5, { description: 'hotfix by hand' }), rel(4), rel(3), rel(2, { description: '' }), rel(1)];
    // Calix's own: 7, 6, 4, 3, 1. keep 2 -> 7 and 6 stay; 4, 3, 1 go (5 and 2 are not Calix's).
    expect(prunable(list, 2).map((r) => r.version)).toEqual([4, 3, 1]);
    // keep 1 -> only 7 kept by count, but 6 is live and 7 is newer than live: both stay.
    expect(prunable(list, 1).map((r) => r.version)).toEqual([4, 3, 1]);
    expect(prunable(list, 10)).toEqual([]);
  });
});

describe('rollbackTarget', () => {
  const list = [rel(5), rel(4, { live: true }), rel(2), rel(1)];
  test('--steps counts the versions kept below live; --to names one', () => {
    expect(rollbackTarget('api', list, { steps: 1 })).toBe(2);
    expect(rollbackTarget('api', list, { steps: 2 })).toBe(1);
    expect(rollbackTarget('api', list, { to: 5, steps: 1 })).toBe(5);
  });
  test('--to the current version leaves it there', () => {
    expect(rollbackTarget('api', list, { to: 4, steps: 1 })).toBe(4);
  });
  test('too many steps, an unknown version, or no live version are errors naming the function', () => {
    expect(() => rollbackTarget('api', list, { steps: 3 })).toThrow('function api: "live" is version 4, with only 2 older versions kept (2, 1); use --steps 2 or less, or --to one of them');
    expect(() => rollbackTarget('api', list, { to: 3, steps: 1 })).toThrow('function api has no version 3; its versions are 1, 2, 4, 5 (see `calix releases`)');
    expect(() => rollbackTarget('api', [rel(1)], { steps: 1 })).toThrow(/points to no published version/);
  });
});

describe('deployedRelease', () => {
  test("the newest version with $LATEST's code: what a deploy (change set or hotswap) put in place", () => {
    const list = [rel(4, { codeSha256: 'B' }), rel(3, { codeSha256: 'A', live: true }), rel(2, { codeSha256: 'B' }), rel(1, { codeSha256: 'A' })];
    expect(deployedRelease(list, 'B')?.version).toBe(4);
    expect(deployedRelease(list, 'A')?.version).toBe(3);
    expect(deployedRelease(list, 'C')).toBeUndefined();
  });
});
