import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhookSignature,
  Webhook,
} from './webhook.js';

const SECRET = 'a-test-secret-of-32-characters!!';

/** A receiver answering with the given statuses in turn (then 200), recording each request. */
async function receiver(statuses: number[]) {
  const got: { body: string; signature: string | undefined; delivery: string | undefined }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers[SIGNATURE_HEADER] as string | undefined,
        delivery: req.headers[DELIVERY_HEADER] as string | undefined,
      });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => {
    server.listen(0, '127.0.0.1', r);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=query-secret`;
  return {
    got,
    url,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      }),
  };
}

const fast = { backoff: { initialMs: 1, maxMs: 5 } };

describe('webhook', () => {
  it('posts alerts in order, signed, retrying 503 and a dropped connection', async () => {
    const r = await receiver([503, 503]);
    const states: string[] = [];
    const hook = new Webhook({ url: r.url, secret: SECRET, ...fast, onState: (s) => states.push(s) });
    try {
      hook.send({ kind: 'network', id: 'net-1' });
      hook.send({ kind: 'network', id: 'net-2' });
      await hook.close();
    } finally {
      await r.close();
    }
    assert.deepEqual(hook.stats, { delivered: 2, failed: 0, retries: 2, pending: 0 });
    assert.equal(r.got.length, 4);
    assert.deepEqual(
      r.got.map((g) => (JSON.parse(g.body) as { id: string }).id),
      ['net-1', 'net-1', 'net-1', 'net-2'],
    );
    // A retry keeps its delivery id; another alert has its own.
    assert.equal(r.got[0]!.delivery, r.got[2]!.delivery);
    assert.notEqual(r.got[2]!.delivery, r.got[3]!.delivery);
    for (const g of r.got) assert.deepEqual(verifyWebhookSignature(SECRET, g.signature, g.body).ok, true);
    assert.ok(states.some((s) => s.includes('HTTP 503')));
    for (const s of states) {
      assert.ok(!s.includes(SECRET) && !s.includes('query-secret'), `no secret in "${s}"`);
      assert.ok(!s.includes('v1='), 'no signature in state lines');
    }
  });

  it('does not retry a 4xx refusal and hands the alert to onFailed', async () => {
    const r = await receiver([401]);
    const failed: string[] = [];
    const hook = new Webhook({
      url: r.url,
      secret: SECRET,
      ...fast,
      onFailed: (_b, why) => failed.push(why),
    });
    try {
      hook.send({ id: 'x' });
      await hook.close();
    } finally {
      await r.close();
    }
    assert.equal(r.got.length, 1);
    assert.deepEqual(failed, ['HTTP 401, not retried']);
    assert.equal(hook.stats.failed, 1);
  });

  it('gives up after its retries when nothing listens, and close() does not hang', async () => {
    const failed: string[] = [];
    const hook = new Webhook({
      url: 'http://127.0.0.1:9/closed',
      secret: SECRET,
      retries: 2,
      ...fast,
      onFailed: (_b, why) => failed.push(why),
    });
    hook.send({ id: 'y' });
    await hook.close(5000);
    assert.deepEqual(failed, ['connection failed after 2 retries']);
  });

  it('keeps what is still queued at the close deadline as failed', async () => {
    const failed: string[] = [];
    const hook = new Webhook({
      url: 'http://127.0.0.1:9/closed',
      secret: SECRET,
      retries: 50,
      backoff: { initialMs: 1000, maxMs: 1000 },
      random: () => 1,
      onFailed: (_b, why) => failed.push(why),
    });
    hook.send({ id: 1 });
    hook.send({ id: 2 });
    const t0 = performance.now();
    await hook.close(50);
    assert.ok(performance.now() - t0 < 2000, 'close returned soon after its deadline');
    assert.equal(failed.length, 2);
  });

  it('refuses a short secret and a URL that is not http(s)', () => {
    assert.throws(() => new Webhook({ url: 'http://x/', secret: 'short' }), /at least 16 characters/);
    assert.throws(() => new Webhook({ url: 'ftp://x/', secret: SECRET }), /must be http/);
    assert.throws(() => new Webhook({ url: 'not a url', secret: SECRET }), /not a URL/);
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"kind":"network","id":"net-1"}';
  const t = 1_700_000_000;
  const header = signWebhook(SECRET, t, body);

  it('accepts the signature of the exact body within the tolerance', () => {
    assert.deepEqual(verifyWebhookSignature(SECRET, header, body, { now: t + 10 }), {
      ok: true,
      timestamp: t,
    });
    // A receiver rotating secrets may see two v1 values; one matching is enough.
    const two = `${header},v1=${'0'.repeat(64)}`;
    assert.equal(verifyWebhookSignature(SECRET, two, body, { now: t }).ok, true);
  });

  it('rejects a changed body, another secret, an old timestamp and malformed headers, saying why', () => {
    const reason = (h: string | undefined, b = body, secret = SECRET, now = t) => {
      const r = verifyWebhookSignature(secret, h, b, { now });
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(reason(header, body.replace('net-1', 'net-2')), 'signature does not match');
    assert.equal(reason(header, body, 'another-secret-of-enough-length'), 'signature does not match');
    assert.match(reason(header, body, SECRET, t + 301), /tolerance 300 s/);
    assert.match(reason(header, body, SECRET, t - 301), /tolerance 300 s/);
    assert.equal(reason(undefined), 'no signature header');
    assert.match(reason(`v1=${'a'.repeat(64)}`), /no t=/);
    assert.match(reason(`t=${t}`), /no v1=/);
    assert.match(reason(`t=${t},v1=abc`), /no v1=/);
    // A re-signed timestamp without the secret cannot reuse the old signature.
    assert.equal(reason(header.replace(`t=${t}`, `t=${t + 5}`)), 'signature does not match');
  });
});
