// `calix local` over real HTTP: on a stage whose router has a Function URL with `stream: true`, a
// Response.stream/sse body goes out chunk by chunk (chunked transfer) as the handler produces it;
// on a stage without one it is collected first, as API Gateway does.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const APP = `import { Calix, Response } from 'calix';
export const app = new Calix({ name: 'live' });
// The /feed handler holds its second chunk until the client asks /release: the test releases it
// only after the first chunk has arrived, so a server that buffered the body would never answer.
let release = () => {};
app.route('/feed', () => {
  const gate = new Promise((r) => (release = r));
  return Response.stream((async function* () {
    yield 'first\\n';
    await gate;
    yield 'second\\n';
  })(), { headers: { 'content-type': 'text/plain; charset=utf-8', 'x-feed': '1' } });
});
app.route('/release', () => { release(); return 'released'; });
app.route('/events', () => Response.sse((async function* () { yield 'a'; yield { event: 'done', data: { ok: true } }; })()));
app.route('/broken', () => Response.stream((async function* () { yield 'partial'; throw new Error('feed broke'); })(), { headers: { 'content-type': 'text/plain' } }));
`;
const CONFIG = { app: 'live', publicRoutes: '*', stages: { dev: {}, live: { functionUrl: { auth: 'AWS_IAM', stream: true } } } };

const project = tempProject({ '.calix/config.json': JSON.stringify(CONFIG), 'app.ts': APP });
afterAll(() => project.remove());

async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const { value, done } = await reader.read();
  return done ? '' : new TextDecoder().decode(value);
}

describe('a stage whose Function URL streams (stream: true)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal(['--stage', 'live', '--no-watch'], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
  });

  test('the first chunk reaches the client while the handler is still waiting to write the second', async () => {
    const res = await fetch(`${server.url}/feed`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-feed')).toBe('1');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body!.getReader();
    expect(await readChunk(reader)).toBe('first\n');
    expect(await (await fetch(`${server.url}/release`)).text()).toBe('released');
    let rest = '';
    for (let c = await readChunk(reader); c; c = await readChunk(reader)) rest += c;
    expect(rest).toBe('second\n');
  }, 20_000);

  test('server-sent events arrive as text/event-stream', async () => {
    const res = await fetch(`${server.url}/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await res.text()).toBe('data: a\n\nevent: done\ndata: {"ok":true}\n\n');
  });

  test('a source that fails after the first chunk cuts the response short and logs the error', async () => {
    const res = await fetch(`${server.url}/broken`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    await server.waitFor(/Lambda error while streaming the response: Error: feed broke/);
  });
});

describe('a stage without a streaming URL (API Gateway only)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal(['--stage', 'dev', '--no-watch'], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
  });

  test('the body is collected first and sent with its length, as API Gateway sends it', async () => {
    const res = await fetch(`${server.url}/events`);
    const body = 'data: a\n\nevent: done\ndata: {"ok":true}\n\n';
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(await res.text()).toBe(body);
  });

  test('a source that fails is a 500, as the deployed router answers it', async () => {
    const res = await fetch(`${server.url}/broken`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 'InternalServerError' });
  });
});
