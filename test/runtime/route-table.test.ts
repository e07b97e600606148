// RouteTable.find loads its matcher module (src/routing/match.ts, path-to-regexp) only when a path
// needs matching: a Promise the first time, synchronous answers after, the same answers either way.
// This file imports nothing else that could have loaded the module first.
import { expect, test } from 'vitest';
import { RouteTable } from '../../src/routing/table.js';

type R = { cors: null; path: string; name: string };
const table = (templates: string[]) => {
  const t = new RouteTable<R>();
  for (const path of templates) t.add(path, ['GET'], { cors: null, path, name: path });
  return t;
};
const plain = (f: Awaited<ReturnType<RouteTable<R>['find']>>) => f && { template: f.entry.template, params: { ...f.params }, badParam: f.badParam };

test('a static path, or a table without templates, is answered synchronously before the matcher loads', () => {
  const t = table(['/health', '/users/{id}']);
  expect(plain(t.find('/health') as never)).toEqual({ template: '/health', params: {}, badParam: undefined });
  expect(plain(t.find('/health/') as never)).toEqual({ template: '/health', params: {}, badParam: undefined });
  expect(table(['/a', '/b']).find('/nope')).toBeUndefined();
});

test('the first dynamic lookup is a Promise; once loaded, lookups are synchronous with the same answers', async () => {
  const t = table(['/health', '/users/{id}', '/users/me', '/files/{path+}']);
  const paths = ['/users/ada', '/users/me', '/files/a%20b/c.txt', '/users/100%', '/nope/x'];
  const first = t.find(paths[0]!);
  expect(first).toBeInstanceOf(Promise);
  const pending = paths.map((p) => t.find(p));
  const asyncAnswers = (await Promise.all(pending)).map(plain);
  expect(asyncAnswers).toEqual([
    { template: '/users/{id}', params: { id: 'ada' }, badParam: undefined },
    { template: '/users/me', params: {}, badParam: undefined },
    { template: '/files/{path+}', params: { path: 'a b/c.txt' }, badParam: undefined },
    { template: '/users/{id}', params: { id: '100%' }, badParam: 'id' },
    undefined,
  ]);
  expect(plain(await first)).toEqual(asyncAnswers[0]);
  const now = paths.map((p) => t.find(p));
  expect(now.some((f) => f instanceof Promise)).toBe(false);
  expect(now.map((f) => plain(f as never))).toEqual(asyncAnswers);
  // Another table in the same process shares the loaded module.
  expect(plain(table(['/x/{y}']).find('/x/1') as never)).toEqual({ template: '/x/{y}', params: { y: '1' }, badParam: undefined });
  await expect(t.ready()).resolves.toBeUndefined();
});
