import { describe, expect, test } from 'vitest';
import { Calix } from '../../src/index.js';
import { createTestClient } from '../../src/testing/index.js';
import { v1Event, v2Event } from '../fixtures/events.js';

// REST APIs deliver event.path and pathParameters still percent-encoded; HTTP APIs decode
// them. Routes always see decoded parameters.
const app = new Calix({ name: 'params' });
app.route('/users/{id}', (req) => ({ id: req.params.id }));
app.route('/files/{path+}', (req) => ({ path: req.params.path }));

describe('path parameters are decoded once, whatever the event format', () => {
  test('REST v1: percent-encoded pathParameters from API Gateway are decoded', async () => {
    const e = v1Event({ method: 'GET', path: '/users/ada%20lovelace%2F1', resource: '/users/{id}', pathParameters: { id: 'ada%20lovelace%2F1' } });
    const r = await app.handler(e);
    expect(JSON.parse(r.body)).toEqual({ id: 'ada lovelace/1' });
  });

  test('REST v1: a malformed escape is the client\'s 400 (issue 12), never the handler\'s raw text', async () => {
    for (const id of ['100%', '%E0%A4%A']) {
      const e = v1Event({ method: 'GET', path: `/users/${id}`, resource: '/users/{id}', pathParameters: { id } });
      const r = await app.handler(e);
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body)).toEqual({ code: 'BadRequestError', message: 'Path parameter "id" is not valid percent-encoding' });
    }
  });

  test('HTTP API v2: already-decoded pathParameters are not decoded again', async () => {
    const e = v2Event({ method: 'GET', path: '/users/100%25', resource: '/users/{id}', pathParameters: { id: '100%25' } });
    expect(JSON.parse((await app.handler(e)).body)).toEqual({ id: '100%25' });
  });

  test('the test client sends encoded v1 parameters, as API Gateway does, and the route sees them decoded', async () => {
    const client = createTestClient(app);
    const r = await client.http.get('/files/a%20b/c%C3%A9.txt');
    expect((r.event as { pathParameters: Record<string, string> }).pathParameters).toEqual({ path: 'a%20b/c%C3%A9.txt' });
    expect(r.json()).toEqual({ path: 'a b/cé.txt' });
  });
});
