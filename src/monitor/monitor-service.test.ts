import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJetstreamItem } from './jetstream/client.js';
import type { HealthSnapshot } from './health.js';
import { runMonitor } from './monitor.js';
import type { LiveSource, SourceItem } from './source.js';
import { testStream } from './test-helpers/jetstream-events.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook.js';

const SECRET = 'monitor-service-test-secret-0123456789';
const stream = testStream();

/**
 * The test stream in batches of 250 frames; between two batches, `between(k)` runs (the health probe),
 * so the endpoint is read while the monitor is mid-stream.
 */
function batchedSource(between: (k: number) => Promise<void>): LiveSource {
  return {
    label: 'jetstream test',
    decode: (raw) => decodeJetstreamItem(raw),
    async *items(): AsyncIterable<SourceItem[]> {
      for (let i = 0, k = 0; i < stream.frames.length; i += 250, k++) {
        yield stream.frames.slice(i, i + 250).map(decodeJetstreamItem);
        await between(k);
      }
    },
  };
}

describe('monitor as a service', () => {
  it('serves /health mid-stream and posts every alert to the webhook, signed', async () => {
    const posted: { body: string; signature: string | undefined }[] = [];
    const hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: req.headers[SIGNATURE_HEADER] as string | undefined,
        });
        // The first delivery fails once: the retry must still arrive, in order.
        res.statusCode = posted.length === 1 ? 502 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => {
      hook.listen(0, '127.0.0.1', r);
    });
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
    let healthUrl = '';
    const probes: { status: number; body: HealthSnapshot }[] = [];
    const out = mkdtempSync(join(tmpdir(), 'monitor-service-'));
    try {
      const summary = await runMonitor({
        out,
        source: batchedSource(async (k) => {
          if (k !== 2 && k !== 10) return;
          const res = await fetch(healthUrl);
          probes.push({ status: res.status, body: (await res.json()) as HealthSnapshot });
        }),
        windowSeconds: 3600,
        everySeconds: 600,
        detect: { window: 60 },
        webhook: { url: hookUrl, secret: SECRET, backoff: { initialMs: 1, maxMs: 5 } },
        health: {
          port: 0,
          onListening: (u) => {
            healthUrl = u;
          },
        },
      });
      assert.ok(summary.alerts > 0);
    } finally {
      await new Promise<void>((r) => {
        hook.close(() => {
          r();
        });
      });
    }
    // Health: 200 with the counts so far, growing between the two probes.
    assert.equal(probes.length, 2);
    const [a, b] = probes as [(typeof probes)[0], (typeof probes)[0]];
    assert.equal(a.status, 200);
    assert.equal(a.body.status, 'ok');
    assert.equal(a.body.events, 750);
    assert.equal(b.body.events, 2750);
    assert.ok(b.body.window_posts > a.body.window_posts);
    assert.ok(b.body.journal_bytes > a.body.journal_bytes && a.body.journal_bytes > 0);
    assert.ok(b.body.last_tick !== null && typeof b.body.last_tick.event_time === 'string');
    assert.ok(b.body.lag_seconds !== null && b.body.lag_seconds > 0, 'a replay of 2023 events lags');
    // Webhook: every alert of alerts.ndjson, in order, each signed with the secret.
    const alerts = readFileSync(join(out, 'alerts.ndjson'), 'utf8').split('\n').filter(Boolean);
    const delivered = posted.slice(1); // the first answer was a 502, retried
    assert.deepEqual(posted[0]!.body, posted[1]!.body);
    assert.deepEqual(
      delivered.map((p) => p.body),
      alerts,
    );
    for (const p of posted) assert.equal(verifyWebhookSignature(SECRET, p.signature, p.body).ok, true);
  });

  it('answers 503 when the stream is stale, 404 elsewhere and 405 for a POST', async () => {
    const seen: { status: number; path: string }[] = [];
    let healthUrl = '';
    const out = mkdtempSync(join(tmpdir(), 'monitor-stale-'));
    await runMonitor({
      out,
      source: batchedSource(async (k) => {
        if (k !== 1) return;
        await new Promise((r) => setTimeout(r, 1200));
        for (const [path, method] of [
          ['/health', 'GET'],
          ['/other', 'GET'],
          ['/health', 'POST'],
        ] as const) {
          const res = await fetch(healthUrl.replace('/health', path), { method });
          await res.body?.cancel();
          seen.push({ status: res.status, path: `${method} ${path}` });
        }
      }),
      windowSeconds: 3600,
      everySeconds: 600,
      detect: { window: 60 },
      health: {
        port: 0,
        staleSeconds: 1,
        onListening: (u) => {
          healthUrl = u;
        },
      },
    });
    assert.deepEqual(seen, [
      { status: 503, path: 'GET /health' },
      { status: 404, path: 'GET /other' },
      { status: 405, path: 'POST /health' },
    ]);
  });

  it('refuses a port it cannot bind, naming the option', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => {
      blocker.listen(0, '127.0.0.1', r);
    });
    const port = (blocker.address() as AddressInfo).port;
    try {
      await assert.rejects(
        runMonitor({
          out: mkdtempSync(join(tmpdir(), 'monitor-port-')),
          source: batchedSource(() => Promise.resolve()),
          health: { port },
        }),
        /cannot serve health on 127\.0\.0\.1:\d+: EADDRINUSE/,
      );
    } finally {
      blocker.close();
    }
  });
});
