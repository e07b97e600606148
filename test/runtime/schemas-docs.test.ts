// README.md's "Schemas" section says what a client gets: its 422 example is what the router answers.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { Calix } from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Schemas'), readme.indexOf('#### Response validation'));

describe("README's Schemas section", () => {
  let documented: unknown;
  beforeAll(() => {
    const block = /```json\n([\s\S]*?)```/.exec(section);
    documented = JSON.parse(block![1]!);
  });

  test('the 422 example is the answer for a query and a body its schemas refuse', async () => {
    const Todo = z.object({ title: z.string().min(1), done: z.boolean().default(false) });
    const app = new Calix({ name: 'docs' });
    app.route('/todos', { methods: ['POST'], query: z.object({ expand: z.enum(['tags']).optional() }), body: Todo }, (req) => req.valid.body);
    const r = await createTestClient(app).http.post('/todos', { query: { expand: 'users' }, json: { title: '' } });
    expect(r.status).toBe(422);
    expect(r.json()).toEqual(documented);
  });
});
