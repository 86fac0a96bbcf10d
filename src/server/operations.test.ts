/**
 * Operations of the HTTP server (issue 10): one structured JSON log line per request with id, user,
 * org, status and duration and nothing secret; an unfinished body is cut by the request timeout
 * instead of holding the connection for minutes; errors Node's parser raises before fastify (431,
 * unknown method) still leave as TAXII error messages in the TAXII media type.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { DEMO_COLLECTIONS, DEMO_ROOT, seedDemo } from '../exchange/demo.js';
import { ALICE, indicator, taxiiGet, taxiiPost } from './test-helpers/taxii-factories.js';
import { TAXII_MEDIA } from '../exchange/taxii/media.js';
import { buildApp } from './app.js';

/** Writes `request` on a fresh connection; resolves with what came back and how long until close. */
function raw(port: number, request: string): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve({ text, ms: Date.now() - t0 });
    });
  });
}

describe('server operations', () => {
  let store: Store;
  let app: FastifyInstance;
  let port = 0;
  const lines: Record<string, unknown>[] = [];
  before(async () => {
    store = await openSqliteStore({ file: ':memory:' });
    await seedDemo(store);
    const stream = new PassThrough();
    stream.setEncoding('utf8');
    let buffered = '';
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>);
        buffered = buffered.slice(nl + 1);
      }
    });
    app = await buildApp({
      store,
      logger: { level: 'info', stream },
      limits: { requestTimeoutMs: 1500, headersTimeoutMs: 1000, checkIntervalMs: 250 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  it('logs one JSON line per request: request id, route, status, duration, user, org; no credentials', async () => {
    lines.length = 0;
    const ok = await taxiiGet(app, `/${DEMO_ROOT}/collections/?secret_query=hunter2`);
    const post = await taxiiPost(app, `/${DEMO_ROOT}/collections/${DEMO_COLLECTIONS.shared}/objects/`, {
      objects: [indicator(9001)],
    });
    const denied = await taxiiGet(app, '/taxii2/', 'Basic YWxpY2U6d3Jvbmc=');
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the log stream deliver
    const requests = lines.filter((l) => l.msg === 'request');
    assert.equal(requests.length, 3);
    const [first, second, third] = requests;
    assert.equal(first?.reqId, ok.headers['x-request-id']);
    assert.deepEqual(
      [first?.method, first?.route, first?.path, first?.status, first?.user, first?.org],
      ['GET', '/:apiRoot/collections/', `/${DEMO_ROOT}/collections/`, 200, 'alice', 'org-a'],
    );
    assert.equal(typeof first?.ms, 'number');
    assert.deepEqual([second?.status, second?.reqId], [202, post.headers['x-request-id']]);
    assert.deepEqual([third?.status, third?.user, third?.reqId], [401, null, denied.headers['x-request-id']]);
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2', 'alice-password', 'YWxpY2U6', 'authorization', ALICE.slice(6)])
      assert.ok(!text.includes(secret), secret);
  });

  it('cuts an authenticated POST whose body never finishes (408 in the TAXII media type)', async () => {
    const { text, ms } = await raw(
      port,
      `POST /${DEMO_ROOT}/collections/${DEMO_COLLECTIONS.shared}/objects/ HTTP/1.1\r\nHost: x\r\n` +
        `Authorization: ${ALICE}\r\nAccept: ${TAXII_MEDIA}\r\nContent-Type: ${TAXII_MEDIA}\r\n` +
        'Content-Length: 100000\r\n\r\n{"objects":[',
    );
    assert.ok(ms < 6000, `closed after ${ms} ms`);
    assert.match(text, /^HTTP\/1\.1 408 /);
    assert.match(text, /content-type: application\/taxii\+json;version=2\.1/i);
    assert.match(text, /"error_code":"ERR_TAXII_TIMEOUT"/);
  });

  it('answers over-long headers with 431 and an unknown method with 400, both as TAXII errors', async () => {
    const big = await raw(port, `GET /taxii2/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(big.text, /^HTTP\/1\.1 431 /);
    assert.match(big.text, /content-type: application\/taxii\+json;version=2\.1/i);
    assert.match(big.text, /"http_status":"431"/);
    const method = await raw(port, 'FOO /taxii2/ HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(method.text, /^HTTP\/1\.1 400 /);
    assert.match(method.text, /content-type: application\/taxii\+json;version=2\.1/i);
    assert.match(method.text, /"error_code":"ERR_TAXII_BAD_REQUEST"/);
  });
});
