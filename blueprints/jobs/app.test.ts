import { createTestClient } from 'calix/testing';
import { beforeEach, expect, test } from 'vitest';
import { app, processed, reports, runs } from './app.js';

const client = createTestClient(app);

beforeEach(() => {
  for (const list of [processed, runs, reports]) list.length = 0;
});

test('the hourly schedule runs cleanup', async () => {
  await client.events.schedule('cleanup');
  expect(runs).toHaveLength(1);
  expect(app.manifest().triggers).toContainEqual(expect.objectContaining({ kind: 'schedule', name: 'cleanup', expression: 'rate(1 hour)' }));
});

test('an uploaded CSV is imported with its decoded key, and its report task runs after', async () => {
  await client.events.s3('importCsv', { key: 'incoming/März report.csv', size: 1200 });
  expect(processed).toEqual(['incoming/März report.csv (1200 bytes)']);
  expect(reports).toEqual([]);
  // Tasks run in this process after the event; settled() waits for them and fails if one threw.
  await client.tasks.settled();
  expect(reports).toEqual(['incoming/März report.csv']);
});

test('objects outside the prefix/suffix never reach the handler', async () => {
  await expect(client.events.s3('importCsv', { key: 'other/x.csv' })).rejects.toThrow(/prefix/);
});

test('POST /reports/{file} answers 202 before the report is built', async () => {
  const res = await client.http.post('/reports/june.csv');
  expect(res.status).toBe(202);
  expect(reports).toEqual([]);
  const runs = await client.tasks.settled();
  expect(runs).toEqual([expect.objectContaining({ name: 'report', payload: { file: 'june.csv' }, ok: true })]);
  expect(reports).toEqual(['june.csv']);
});
