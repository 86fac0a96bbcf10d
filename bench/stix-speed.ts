/**
 * Benchmark of the stix capability: schema compilation (once per process), per-object validation
 * throughput (what the TAXII server pays per POSTed object), export of a large detection result, and
 * re-export against the previous bundle (versioning).
 *
 *   node --import tsx bench/stix-speed.ts [networks=200] [members=50]
 *
 * Note the machine load (`uptime`) beside the numbers: the machine is shared.
 */
import { loadavg } from 'node:os';
import { loadSchemas } from '../src/stix/schemas.js';
import { toStixBundle, validateObjects } from '../src/stix/index.js';
import { detectionResult, network } from '../src/stix/test-helpers/factories.js';

const NETWORKS = Number(process.argv[2] ?? 200);
const MEMBERS = Number(process.argv[3] ?? 50);

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

const [, compileMs] = time(() => loadSchemas());
const nets = Array.from({ length: NETWORKS }, (_, i) =>
  network(
    `N${i + 1}`,
    Array.from({ length: MEMBERS }, (_, j) => String(1_000_000 + i * MEMBERS + j)),
    {
      topObjects: Array.from({ length: 10 }, (_, k) => ({
        behaviour: 'co-link' as const,
        object: `https://site${i}.example/story/${k}`,
        accounts: MEMBERS,
        actions: MEMBERS * 2,
      })),
    },
  ),
);
const result = detectionResult(nets);
const [bundle, exportMs] = time(() => toStixBundle(result));
const [reports, validateMs] = time(() => validateObjects(bundle.objects));
const invalid = reports.filter((r) => !r.ok).length;
// Second run: every network lost its last member; ids stay, changed objects get new versions.
const shrunk = detectionResult(
  nets.map((n) => ({ ...n, members: n.members.slice(0, -1) })),
  { finishedAt: '2024-03-08T10:05:00.000Z' },
);
const [second, reexportMs] = time(() => toStixBundle(shrunk, { previous: bundle.objects }));
const revoked = second.objects.filter((o) => o.revoked === true).length;
const bytes = Buffer.byteLength(JSON.stringify(bundle));

const n = bundle.objects.length;
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`networks ${NETWORKS} × members ${MEMBERS}: ${n} objects, ${(bytes / 1e6).toFixed(1)} MB JSON`);
console.log(`schema compile (once)     ${compileMs.toFixed(0)} ms`);
console.log(
  `export                    ${exportMs.toFixed(0)} ms (${((n / exportMs) * 1000).toFixed(0)} objects/s)`,
);
console.log(
  `validate all objects      ${validateMs.toFixed(0)} ms (${((n / validateMs) * 1000).toFixed(0)} objects/s), invalid ${invalid}`,
);
console.log(
  `re-export with previous   ${reexportMs.toFixed(0)} ms, ${second.objects.length} objects, ${revoked} revoked`,
);
