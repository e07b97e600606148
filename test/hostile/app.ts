// The app the hostile-input suites probe: routes that read every client-chosen map, and one
// trigger of each Records kind. Used in-process (router driver) and through `calix local`.
import { Calix, IAMAuthorizer, Response } from '../../src/index.js';

export const app = new Calix({ name: 'hostile' });
const iam = new IAMAuthorizer();

/** Everything a handler can read from the client, as plain JSON (own keys only). */
app.route('/echo/{id}', { methods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], cors: { headers: ['X-Custom'] }, contentTypes: ['application/json', 'text/plain', 'application/octet-stream'] }, (req) => ({
  id: req.params.id,
  query: Object.entries(req.query),
  multiQuery: Object.entries(req.multiQuery),
  cookies: Object.entries(req.cookies),
  headers: [...req.headers.entries()],
  toJSON: Object.keys(req.headers.toJSON()).length,
  contentType: req.contentType ?? null,
  body: req.body,
  bytes: req.bytes().length,
  base64: req.event.isBase64Encoded ?? false,
  auth: req.auth ?? null,
  claims: req.claims ?? null,
  stageVariables: Object.keys(req.stageVariables),
  sourceIp: req.sourceIp ?? null,
}));

/** Parses the body as JSON: malformed input is the client's 400. */
app.route('/json', { methods: ['POST'] }, (req) => ({ type: typeof req.json() }));

/** Greedy path: every segment a client sends reaches the params. */
app.route('/files/{path+}', (req) => ({ path: req.params.path }));

/** A binary answer (base64 in the result): bytes on the wire whatever the Accept header. */
app.route('/bytes', () => new Response(new Uint8Array([0, 1, 2, 0xfe, 0xff]), { headers: { 'content-type': 'image/png' } }));

/** A handler bug: it copies client input into a response header (the router refuses to send it). */
app.route('/reflect', (req) => new Response('ok', { headers: { 'X-Reflected': req.query.v ?? '' } }));
app.route('/bad-header-name', () => new Response('ok', { headers: { 'Bad Name': 'x' } }));
app.route('/bad-cookie', () => new Response('ok', { cookies: ['a=1\r\nX-Injected: 1'] }));

app.route('/signed', { authorizer: iam }, () => ({ signed: true }));

export const seen: { s3: string[]; sqs: string[]; sns: string[] } = { s3: [], sqs: [], sns: [] };
app.onS3Event({ bucket: 'uploads', name: 'uploads' }, (e) => void seen.s3.push(e.key));
app.onSqsMessage({ queue: 'jobs', name: 'jobs' }, (m) => void seen.sqs.push(m.body));
app.onSnsMessage({ topic: 'news', name: 'news' }, (m) => void seen.sns.push(m.message));

export const handler = app.handler;
