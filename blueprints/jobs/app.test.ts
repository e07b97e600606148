import { createTestClient } from 'calix/testing';
import { expect, test } from 'vitest';
import { app, processed, runs } from './app.js';

const client = createTestClient(app);

test('the hourly schedule runs cleanup', async () => {
  await client.events.schedule('cleanup');
  expect(runs).toHaveLength(1);
  expect(app.manifest().triggers).toContainEqual(expect.objectContaining({ kind: 'schedule', name: 'cleanup', expression: 'rate(1 hour)' }));
});

test('an uploaded CSV is imported with its decoded key', async () => {
  await client.events.s3('importCsv', { key: 'incoming/März report.csv', size: 1200 });
  expect(processed).toEqual(['incoming/März report.csv (1200 bytes)']);
});

test('objects outside the prefix/suffix never reach the handler', async () => {
  await expect(client.events.s3('importCsv', { key: 'other/x.csv' })).rejects.toThrow(/prefix/);
});
