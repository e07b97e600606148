import { Calix, Rate, Response } from 'calix';

export const app = new Calix({ name: '{{name}}' });

// Replace these in-memory stand-ins with your real work (DynamoDB, S3 clients, ...).
export const processed: string[] = [];
export const runs: string[] = [];
export const reports: string[] = [];

// Every hour: the handler's name, "cleanup", is the Lambda function's name.
app.schedule(Rate.hours(1), async function cleanup(event) {
  runs.push(event.time);
}, { description: 'Hourly cleanup' });

// A background task, its own Lambda function: `report.send(payload)` returns at once and the
// work runs elsewhere (an asynchronous invocation, retried twice by Lambda if it throws).
// Its payload type comes from the handler: `send` accepts only a { file: string }.
export const report = app.task('report', async (job: { file: string }) => {
  console.log(`building the report of ${job.file}`);
  reports.push(job.file);
});

// One call per new .csv object under incoming/ in the bucket (keys arrive URL-decoded); the
// slow part, the report, goes to the background task.
app.onS3Event({ bucket: '{{name}}-uploads', events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.csv' }, async function importCsv(event) {
  processed.push(`${event.key} (${event.size} bytes)`);
  await report.send({ file: event.key });
});

// A health route, so `calix local` has something to answer.
app.route('/', () => ({ jobs: ['cleanup', 'importCsv', 'report'] }));

// Asks for a report by hand: answers 202 at once, the task runs after.
app.route('/reports/{file}', { methods: ['POST'] }, async (req) => {
  await report.send({ file: req.params.file });
  return Response.json({ queued: req.params.file }, { status: 202 });
});
