import { Calix, Rate } from 'calix';

export const app = new Calix({ name: '{{name}}' });

// Replace these in-memory stand-ins with your real work (DynamoDB, S3 clients, ...).
export const processed: string[] = [];
export const runs: string[] = [];

// Every hour: the handler's name, "cleanup", is the Lambda function's name.
app.schedule(Rate.hours(1), async function cleanup(event) {
  runs.push(event.time);
}, { description: 'Hourly cleanup' });

// One call per new .csv object under incoming/ in the bucket (keys arrive URL-decoded).
app.onS3Event({ bucket: '{{name}}-uploads', events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.csv' }, async function importCsv(event) {
  processed.push(`${event.key} (${event.size} bytes)`);
});

// A health route, so `calix local` has something to answer.
app.route('/', () => ({ jobs: ['cleanup', 'importCsv'] }));
