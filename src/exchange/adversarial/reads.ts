/**
 * The read half of the adversarial access suite: every user asks every read path about every id of
 * the world and one that never existed — objects (all pages), manifest, object, versions, and the
 * feedback reports (sightings, acks) and acknowledgement POST — and each answer is checked against the
 * model: nothing the model hides is returned (a leak), and an id the user cannot see answers exactly
 * as the unknown id does, status and body (an oracle otherwise).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TAXII_MEDIA } from '../taxii/media.js';
import type { Tally } from './writes.js';
import { freshId } from './writes.js';
import type { Coll, User, World } from './world.js';
import { envInt } from './world.js';

const get = (app: FastifyInstance, u: User, url: string) =>
  app.inject({ url, headers: { authorization: u.auth, accept: TAXII_MEDIA } });

/** `x_probe` values in an envelope / sightings answer. */
function probesIn(res: LightMyRequestResponse): string[] {
  const body = JSON.parse(res.body) as { objects?: { x_probe?: string }[] };
  return (body.objects ?? []).map((o) => o.x_probe ?? '?');
}

async function allPages(app: FastifyInstance, u: User, url: string): Promise<string[]> {
  const out: string[] = [];
  let next: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const sep = url.includes('?') ? '&' : '?';
    const res = await get(app, u, `${url}${sep}limit=25${next ? `&next=${encodeURIComponent(next)}` : ''}`);
    if (res.statusCode !== 200) return [`status ${res.statusCode}`];
    out.push(...probesIn(res));
    next = (JSON.parse(res.body) as { next?: string }).next;
    if (!next) break;
  }
  return out;
}

/**
 * The ids one user asks about on one path: all of them, or a seeded sample of
 * LOCKSTEP_ADVERSARIAL_IDS (default 8) so CI stays fast; hidden and visible ids alike.
 */
function idsToProbe(w: World, u: User): string[] {
  const ids = [...new Set(w.rows.map((r) => r.id))];
  // The user's copies kept apart are always probed: they are where an owner's data could leak.
  const apart = new Set(w.rows.filter((r) => r.lane === u.org).map((r) => r.id));
  const n = envInt('LOCKSTEP_ADVERSARIAL_IDS', 8);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(w.random() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return [...new Set([...apart, ...ids.slice(0, n)])];
}

const same = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** Answers for a hidden id must equal those for an unknown id once the id itself is masked. */
function masked(res: LightMyRequestResponse, id: string): string {
  return `${res.statusCode} ${res.body.split(id).join('<id>')}`;
}

function expectedProbes(w: World, u: User, c: Coll, id?: string): string[] {
  return w.rows
    .filter((r) => r.coll === c.id && (id === undefined || r.id === id) && w.sees(u, r))
    .map((r) => String(r.json.x_probe));
}

/** Collection-level paths: 404 without a grant, 403 without read, else exactly the visible rows. */
async function probeCollection(app: FastifyInstance, w: World, u: User, c: Coll, t: Tally): Promise<void> {
  const base = `/${c.root}/collections/${c.id}`;
  t.probes++;
  if (!c.visible.has(u.org) || !c.read.has(u.org)) {
    const want = c.visible.has(u.org) ? 403 : 404;
    for (const path of ['objects/', 'manifest/']) {
      const res = await get(app, u, `${base}/${path}`);
      if (res.statusCode !== want)
        t.leaks.push(`${u.username} ${path} of ${c.id}: ${res.statusCode} (want ${want})`);
    }
    return;
  }
  const got = await allPages(app, u, `${base}/objects/?match[version]=all`);
  const want = expectedProbes(w, u, c);
  if (!same(got, want))
    t.leaks.push(
      `${u.username} objects of ${c.id}: got ${got.length} [${got.filter((p) => !want.includes(p)).join(',')}] want ${want.length}`,
    );
  const manifest = await get(app, u, `${base}/manifest/?match[version]=all&limit=1000`);
  const n = (JSON.parse(manifest.body) as { objects?: unknown[] }).objects?.length ?? 0;
  if (n !== want.length) t.leaks.push(`${u.username} manifest of ${c.id}: ${n} entries, want ${want.length}`);
}

/** Per-id paths in one readable collection. */
async function probeIds(app: FastifyInstance, w: World, u: User, c: Coll, t: Tally): Promise<void> {
  const base = `/${c.root}/collections/${c.id}/objects`;
  const unknown = freshId();
  const ids = idsToProbe(w, u);
  for (const tail of ['?match[version]=all', 'versions/']) {
    const none = await get(app, u, `${base}/${unknown}/${tail}`);
    for (const id of ids) {
      t.probes++;
      const want = expectedProbes(w, u, c, id);
      const res = await get(app, u, `${base}/${id}/${tail}`);
      if (want.length === 0) {
        if (masked(res, id) !== masked(none, unknown))
          t.oracles.push(`${u.username} ${c.id} ${id}/${tail}: ${res.statusCode}`);
      } else if (tail === 'versions/') {
        const versions = (JSON.parse(res.body) as { versions?: string[] }).versions ?? [];
        if (
          versions.length !==
          new Set(w.rows.filter((r) => r.coll === c.id && r.id === id && w.sees(u, r)).map((r) => r.modified))
            .size
        )
          t.leaks.push(`${u.username} versions of ${id} in ${c.id}: ${versions.join(',')}`);
      } else if (!same(probesIn(res), want))
        t.leaks.push(`${u.username} ${id} in ${c.id}: ${res.body.slice(0, 200)}`);
    }
  }
}

/** Feedback paths per API root: hidden ids answer as unknown ones; reports show nothing hidden. */
async function probeFeedback(app: FastifyInstance, w: World, u: User, root: string, t: Tally): Promise<void> {
  const readable = w.colls.filter((c) => c.root === root && c.read.has(u.org));
  const unknown = freshId();
  const ids = idsToProbe(w, u);
  const ask = (id: string, tail: string, method: 'GET' | 'POST' = 'GET') =>
    app.inject({
      method,
      url: `/${root}/feedback/objects/${id}/${tail}`,
      headers: { authorization: u.auth, accept: TAXII_MEDIA },
    });
  const none = { sightings: await ask(unknown, 'sightings/'), acks: await ask(unknown, 'acks') };
  for (const id of ids) {
    const mine = w.rows.filter((r) => r.id === id && readable.some((c) => c.id === r.coll) && w.sees(u, r));
    for (const tail of ['sightings/', 'acks'] as const) {
      t.probes++;
      const res = await ask(id, tail);
      const ref = tail === 'acks' ? none.acks : none.sightings;
      if (mine.length === 0) {
        if (masked(res, id) !== masked(ref, unknown))
          t.oracles.push(`${u.username} ${root} ${id}/${tail}: ${res.statusCode}`);
        continue;
      }
      const producer = mine.some((r) => r.producer === u.org);
      if (res.statusCode !== (producer ? 200 : 403))
        t.leaks.push(`${u.username} ${id}/${tail}: ${res.statusCode}`);
      if (res.statusCode !== 200) continue;
      const owner = mine.some((r) => r.producer === u.org && r.lane === '');
      if (tail === 'sightings/') {
        const got =
          (JSON.parse(res.body) as { sightings?: { id: string; posted_by_org: string }[] }).sightings ?? [];
        for (const s of got) {
          const row = w.rows.find((r) => r.id === s.id && w.sees(u, r));
          if (!row || (!owner && s.posted_by_org !== u.org))
            t.leaks.push(`${u.username} sighting ${s.id} of ${id}`);
        }
      } else {
        const acks = (JSON.parse(res.body) as { acks?: { organisation: string }[] }).acks ?? [];
        if (!owner && acks.length > 0) t.leaks.push(`${u.username} read the owner's acks of ${id}`);
      }
    }
    if (mine.length === 0) {
      t.probes++;
      const [a, b] = [await ask(id, 'ack', 'POST'), await ask(unknown, 'ack', 'POST')];
      if (masked(a, id) !== masked(b, unknown))
        t.oracles.push(`${u.username} POST ack ${id}: ${a.statusCode}`);
    }
  }
}

/** Every user on every path; `perId: false` probes the collection-level paths only (cheaper). */
export async function probeReads(app: FastifyInstance, w: World, t: Tally, perId = true): Promise<void> {
  for (const u of w.users) {
    for (const c of w.colls) {
      await probeCollection(app, w, u, c, t);
      if (perId && c.read.has(u.org)) await probeIds(app, w, u, c, t);
    }
    if (perId) for (const root of w.roots) await probeFeedback(app, w, u, root, t);
  }
}
