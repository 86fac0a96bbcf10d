import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { run } from '../main.js';

const MEDIA = 'application/taxii+json;version=2.1';
const DEV = fileURLToPath(new URL('../../../scripts/dev.ts', import.meta.url));
const auth = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('lockstep serve --demo', () => {
  it('starts on a real loopback port, prints the discovery URL and serves TAXII 2.1 to fetch', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', DEV, 'serve', '--demo', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /TAXII 2\.1 discovery: (http:\/\/127\.0\.0\.1:\d+\/taxii2\/)/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => {
          reject(new Error(`serve exited (${code}): ${stderr}`));
        });
      });
      const alice = { authorization: auth('alice', 'alice-password'), accept: MEDIA };
      const get = async (u: string) => {
        const res = await fetch(u, { headers: alice });
        assert.equal(res.headers.get('content-type'), MEDIA);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };

      const discovery = await get(url);
      assert.equal(discovery.status, 200);
      const root = (discovery.body.api_roots as string[])[0]!;
      assert.ok(root.startsWith(url.replace('/taxii2/', '/')));
      assert.equal((await get(root)).status, 200);
      const cols = (await get(`${root}collections/`)).body.collections as {
        id: string;
        can_read: boolean;
        can_write: boolean;
      }[];
      assert.equal(cols.length, 2, 'alice sees the shared and the partner collection, not the internal one');
      const readOnly = cols.find((c) => !c.can_write)!;
      const writable = cols.find((c) => c.can_write)!;
      const objects = (await get(`${root}collections/${readOnly.id}/objects/`)).body.objects as {
        type: string;
      }[];
      assert.ok(
        objects.some((o) => o.type === 'report'),
        'the sample election-interference report',
      );

      // The demo case, published as STIX to the shared collection at AMBER, asking for acknowledgement.
      const campaigns = (await get(`${root}collections/${writable.id}/objects/?match[type]=campaign`)).body
        .objects as { x_lockstep_ack_required?: boolean }[];
      assert.deepEqual(
        campaigns.map((c) => c.x_lockstep_ack_required),
        [true],
      );

      const post = await fetch(`${root}collections/${writable.id}/objects/`, {
        method: 'POST',
        headers: { ...alice, 'content-type': MEDIA },
        body: JSON.stringify({
          objects: [
            {
              type: 'indicator',
              spec_version: '2.1',
              id: 'indicator--1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
              created: '2026-04-01T00:00:00.000Z',
              modified: '2026-04-01T00:00:00.000Z',
              pattern: "[domain-name:value = 'e2e.example']",
              pattern_type: 'stix',
              valid_from: '2026-04-01T00:00:00Z',
            },
          ],
        }),
      });
      assert.equal(post.status, 202);
      const status = (await post.json()) as { id: string; success_count: number };
      assert.equal(status.success_count, 1);
      assert.equal((await get(`${root}status/${status.id}`)).body.success_count, 1);
      const denied = await fetch(`${root}collections/${readOnly.id}/objects/`, {
        method: 'POST',
        headers: { ...alice, 'content-type': MEDIA },
        body: '{"objects":[]}',
      });
      assert.equal(denied.status, 403);
      assert.equal((await fetch(url)).status, 401);
      // The workspace opens with the demo run, for org A and (AMBER, same trust group) org B.
      assert.match(stdout, /workspace: http:\/\/127\.0\.0\.1:\d+\/app\//);
      for (const who of ['alice', 'bob']) {
        const login = await fetch(url.replace('/taxii2/', '/api/login'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: who, password: `${who}-password` }),
        });
        assert.equal(login.status, 200);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
        const runs = (await (
          await fetch(url.replace('/taxii2/', '/api/runs'), { headers: { cookie } })
        ).json()) as {
          runs: { title: string; networks: number }[];
        };
        assert.deepEqual(
          runs.runs.map((r) => r.title),
          ['Demo sample (samples/demo)'],
        );
        assert.ok(runs.runs[0]!.networks > 0);
        // Org A's confirmed case was sent to org B, whose inbox holds it to acknowledge.
        const path = who === 'alice' ? '/api/cases' : '/api/inbox';
        const listed = (await (
          await fetch(url.replace('/taxii2/', path), { headers: { cookie } })
        ).json()) as { cases?: { status: string }[]; shares?: { fromOrg: string; ack: unknown }[] };
        if (who === 'alice')
          assert.deepEqual(
            listed.cases?.map((c) => c.status),
            ['shared'],
          );
        else
          assert.deepEqual(
            listed.shares?.map((x) => [x.fromOrg, x.ack]),
            [['org-a', null]],
          );
      }
    } finally {
      const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve([child.exitCode]);
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0, `serve should stop cleanly on SIGTERM: ${stderr}`);
    }
  });

  it('refuses to start without --config or --demo (exit 64, ERR_USAGE)', async () => {
    const write = process.stderr.write.bind(process.stderr);
    let stderr = '';
    process.stderr.write = (chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    };
    try {
      assert.equal(await run(['serve', '--port', '0']), 64);
    } finally {
      process.stderr.write = write;
    }
    assert.match(stderr, /ERR_USAGE/);
  });
});
