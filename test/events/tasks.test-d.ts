// Task typing: the handle `app.task` returns is typed by the handler's payload; `app.tasks` by
// the TaskPayloads interface an app augments (as a user writes `declare module 'calix'`).
import { describe, expectTypeOf, test } from 'vitest';
import { Blueprint, Calix, type Task, type TriggerManifest } from '../../src/index.js';

// An augmentation holds for the whole program, as in a user's project: it lists every task name
// the repository's tests reach through `app.tasks` (test/events/tasks.test.ts too).
declare module '../../src/events/task.js' {
  interface TaskPayloads {
    resize: { key: string; width: number };
    thumbnail: { key: string };
    cleanup: { days: number };
    notify: { about: string };
  }
}

describe('task types', () => {
  test('the returned handle takes exactly the handler\'s payload', () => {
    const app = new Calix({ name: 'types' });
    const resize = app.task('resize', async (p: { key: string; width: number }, ctx) => {
      expectTypeOf(ctx?.functionName).toEqualTypeOf<string | undefined>();
      return p.key;
    });
    expectTypeOf(resize).toEqualTypeOf<Task<{ key: string; width: number }>>();
    expectTypeOf(resize.send).returns.toEqualTypeOf<Promise<void>>();
    void resize.send({ key: 'a', width: 100 });
    // @ts-expect-error width is missing
    void resize.send({ key: 'a' });
    // @ts-expect-error a string is no payload of this task
    void resize.send('a');
    const bp = new Blueprint();
    expectTypeOf(bp.task('n', (p: number) => p)).toEqualTypeOf<Task<number>>();
  });

  test('app.tasks is typed by the augmented TaskPayloads', () => {
    const app = new Calix({ name: 'types' });
    expectTypeOf(app.tasks.resize).toEqualTypeOf<Task<{ key: string; width: number }>>();
    void app.tasks.resize.send({ key: 'a', width: 1 });
    // @ts-expect-error width must be a number
    void app.tasks.resize.send({ key: 'a', width: '1' });
    // @ts-expect-error a task TaskPayloads does not list
    void app.tasks.other;
  });

  test('options are checked', () => {
    const app = new Calix({ name: 'types' });
    app.task('a', () => 1, { queue: true, retries: 0 });
    // @ts-expect-error retries are 0, 1 or 2
    app.task('b', () => 1, { retries: 5 });
    expectTypeOf<Extract<TriggerManifest, { kind: 'task' }>>().toEqualTypeOf<{ kind: 'task'; name: string; queue: boolean; retries: number | null; onFailure: string | null }>();
  });
});
