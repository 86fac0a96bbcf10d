/**
 * The write half of the adversarial access suite: fills a {@link World} through the real POST path
 * (owners, newer versions, sightings, acknowledgement requests), then attacks it — every user posts,
 * into every collection it may write, a copy of another org's object (same id and `modified`, other
 * content) next to a fresh object, and checks that the two statuses say the same thing (no oracle)
 * and that a visible foreign object is refused, never versioned. The model follows each write.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { TAXII_MEDIA } from '../taxii/media.js';
import type { Store } from '../../store/store.js';
import type { Coll, Row, User, World } from './world.js';
import { envInt } from './world.js';

export interface Tally {
  probes: number;
  leaks: string[];
  oracles: string[];
}

let nonce = 0;
const MODIFIED = '2026-03-01T00:00:00.000Z';

/** A valid indicator; `x_probe` makes every posted version recognisable in any answer. */
export function indicator(id: string, modified: string, refs: string[] | undefined, extra = {}) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: MODIFIED,
    modified,
    pattern: `[domain-name:value = 'p${++nonce}.example']`,
    pattern_type: 'stix',
    valid_from: '2026-03-01T00:00:00Z',
    x_probe: `n${nonce}`,
    ...(refs ? { object_marking_refs: refs } : {}),
    ...extra,
  };
}

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
let idSeq = 0;
export const freshId = (type = 'indicator') => `${type}--${uuid(0xadd0000 + ++idSeq)}`;

interface StatusBody {
  success_count: number;
  failure_count: number;
  successes?: { message?: string }[];
  failures?: { message?: string }[];
  id: string;
}

export async function postAs(app: FastifyInstance, u: User, coll: string, root: string, objects: unknown[]) {
  const res = await app.inject({
    method: 'POST',
    url: `/${root}/collections/${coll}/objects/`,
    headers: { authorization: u.auth, accept: TAXII_MEDIA, 'content-type': TAXII_MEDIA },
    payload: JSON.stringify({ objects }),
  });
  assert.equal(res.statusCode, 202, res.body);
  return JSON.parse(res.body) as StatusBody;
}

/** Records a stored version in the model, in the lane the ownership rule gives it. */
function remember(w: World, u: User, coll: string, o: Record<string, unknown>, level: Row['level']): boolean {
  const id = String(o.id);
  const owner = w.owners.get(id);
  if (owner !== undefined && owner !== u.org && w.seesOwnerVersion(u, id)) return false;
  if (owner === undefined) w.owners.set(id, u.org);
  const lane = owner === undefined || owner === u.org ? '' : u.org;
  w.rows.push({ coll, id, modified: String(o.modified), level, producer: u.org, lane, json: o });
  return true;
}

const writers = (w: World, u: User) => w.colls.filter((c) => c.write.has(u.org));

/** Owners publish objects (some asking for acknowledgement), newer versions and sightings. */
export async function populate(app: FastifyInstance, w: World): Promise<void> {
  const n = envInt('LOCKSTEP_ADVERSARIAL_OBJECTS', 30);
  const posters = w.users.filter((u) => writers(w, u).length > 0);
  if (posters.length === 0) return;
  for (let i = 0; i < n; i++) {
    const u = w.pick(posters);
    const c = w.pick(writers(w, u));
    const m = w.marking();
    const mine = w.rows.filter(
      (r) => r.producer === u.org && r.lane === '' && r.coll === c.id && r.json.type === 'indicator',
    );
    const r = w.random();
    let o: Record<string, unknown>;
    if (r < 0.2 && mine.length > 0) {
      // A newer version of one of its own objects, perhaps under another marking.
      const prev = w.pick(mine);
      o = indicator(prev.id, `2026-03-0${2 + (i % 7)}T00:00:00.000Z`, m.refs);
    } else if (r < 0.35 && w.rows.some((x) => x.json.type === 'indicator')) {
      const target = w.pick(w.rows.filter((x) => x.json.type === 'indicator'));
      o = {
        type: 'sighting',
        spec_version: '2.1',
        id: freshId('sighting'),
        created: MODIFIED,
        modified: MODIFIED,
        sighting_of_ref: target.id,
        x_probe: `n${++nonce}`,
        ...(m.refs ? { object_marking_refs: m.refs } : {}),
      };
    } else
      o = indicator(freshId(), MODIFIED, m.refs, w.random() < 0.3 ? { x_lockstep_ack_required: true } : {});
    if (w.rows.some((x) => x.coll === c.id && x.id === o.id && x.modified === o.modified)) continue;
    const st = await postAs(app, u, c.id, c.root, [o]);
    assert.equal(st.success_count, 1, JSON.stringify(st));
    remember(w, u, c.id, o, m.level);
  }
}

/**
 * Plants the case random worlds rarely hit: in a collection of its own, org 0 publishes a TLP:RED
 * object asking for acknowledgement, names a user of org 1 as RED recipient (who will acknowledge it)
 * and org 2 — which may read and write there but cannot see the object — will post a copy kept apart
 * beside it, whose feedback must not show org 1's acknowledgement.
 */
export async function plant(app: FastifyInstance, store: Store, w: World): Promise<void> {
  const [owner, peer, attacker] = w.orgs;
  const ownerUser = w.users.find((u) => u.org === owner);
  const peerUser = w.users.find((u) => u.org === peer);
  if (!owner || !peer || !attacker || !ownerUser || !peerUser) return;
  const recipients = w.redRecipients.get(owner)!;
  for (const u of w.users) if (u.org === attacker) recipients.delete(u.username);
  recipients.add(peerUser.username);
  await store.putOrg({ id: owner, name: owner, redRecipients: [...recipients] });
  const c: Coll = {
    id: `adv-plant-${w.seed}`,
    root: w.roots[0]!,
    policy: { clear: 'readers', green: 'readers', none: 'readers' },
    read: new Set([owner, peer, attacker]),
    write: new Set([owner, attacker]),
    visible: new Set([owner, peer, attacker]),
  };
  w.colls.push(c);
  await store.putCollection({ id: c.id, apiRoot: c.root, title: c.id, policy: c.policy });
  for (const org of c.visible)
    await store.putGrant({
      collection: c.id,
      granteeKind: 'org',
      grantee: org,
      read: true,
      write: c.write.has(org),
    });
  const refs = ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'];
  const o = indicator(freshId(), MODIFIED, refs, { x_lockstep_ack_required: true });
  const st = await postAs(app, ownerUser, c.id, c.root, [o]);
  assert.equal(st.success_count, 1, JSON.stringify(st));
  remember(w, ownerUser, c.id, o, 'red');
}

/**
 * Every user acknowledges every object it can see (answers vary: 201, 403 for its own, 422 when not
 * asked), so the producers' acknowledgement reports have something to leak if they could.
 */
export async function acknowledgeAll(app: FastifyInstance, w: World): Promise<void> {
  for (const u of w.users)
    for (const root of w.roots)
      for (const id of new Set(w.rows.filter((r) => w.sees(u, r)).map((r) => r.id))) {
        const res = await app.inject({
          method: 'POST',
          url: `/${root}/feedback/objects/${id}/ack`,
          headers: { authorization: u.auth, accept: TAXII_MEDIA },
        });
        if (res.statusCode !== 201) continue;
        const body = JSON.parse(res.body) as { acknowledgements: { collection: string }[] };
        for (const a of body.acknowledgements) w.acked.add(`${a.collection}\n${id}`);
      }
}

/** What a status tells its reader, ids and ordering aside. */
const shape = (s: StatusBody) =>
  JSON.stringify([
    s.success_count,
    s.failure_count,
    (s.successes ?? []).map((d) => d.message ?? ''),
    (s.failures ?? []).map((d) => d.message ?? ''),
  ]);

/**
 * Every user, in every collection it may write, posts a copy of a foreign object (same id and
 * `modified`, new content) and a fresh object. Hidden foreign ids must answer as the fresh one did;
 * visible ones are refused with the reason. Other orgs' users must not find the status.
 */
export async function attackWrites(app: FastifyInstance, w: World, t: Tally): Promise<void> {
  for (const u of w.users) {
    for (const c of writers(w, u)) {
      // Not a version the user already holds a copy of here (that would be its own re-post).
      const foreign = w.rows.filter(
        (r) =>
          r.lane === '' &&
          r.json.type === 'indicator' &&
          w.owners.get(r.id) !== u.org &&
          !w.rows.some(
            (x) => x.lane === u.org && x.coll === c.id && x.id === r.id && x.modified === r.modified,
          ),
      );
      if (foreign.length === 0) continue;
      // First a hidden object of this collection that others acknowledged: its acks (recorded per
      // collection) are what a copy kept apart beside it could leak.
      const here = foreign.filter((r) => r.coll === c.id && !w.seesOwnerVersion(u, r.id));
      const acked = here.filter((r) => w.acked.has(`${c.id}\n${r.id}`));
      const pool = acked.length
        ? acked
        : ([here, foreign].find((p) => p.length > 0 && w.random() < 0.7) ?? foreign);
      const victim = w.pick(pool);
      const m = w.marking();
      const copy = indicator(victim.id, victim.modified, m.refs);
      const hidden = !w.seesOwnerVersion(u, victim.id);
      const collide = await postAs(app, u, c.id, c.root, [copy]);
      const novel = indicator(freshId(), MODIFIED, m.refs);
      const fresh = await postAs(app, u, c.id, c.root, [novel]);
      assert.equal(fresh.success_count, 1, JSON.stringify(fresh));
      remember(w, u, c.id, novel, m.level);
      t.probes++;
      if (hidden) {
        if (shape(collide) !== shape(fresh))
          t.oracles.push(
            `${u.username} POST ${victim.id} to ${c.id}: ${shape(collide)} vs fresh ${shape(fresh)}`,
          );
        else remember(w, u, c.id, copy, m.level);
      } else if (
        collide.success_count !== 0 ||
        !/only it may add versions/.test(collide.failures?.[0]?.message ?? '')
      )
        t.leaks.push(`${u.username} versioned visible foreign ${victim.id}: ${JSON.stringify(collide)}`);
      // The status belongs to the poster's org: another org's user gets what an unknown id gets.
      const other = w.users.find((x) => x.org !== u.org);
      if (other) {
        const get = (id: string) =>
          app.inject({ url: `/${c.root}/status/${id}/`, headers: { authorization: other.auth } });
        const [a, b] = await Promise.all([get(collide.id), get('00000000-0000-4000-8000-000000000000')]);
        t.probes++;
        if (
          a.statusCode !== 404 ||
          a.body.replace(collide.id, 'X') !== b.body.replace('00000000-0000-4000-8000-000000000000', 'X')
        )
          t.leaks.push(`${other.username} read ${u.org}'s status: ${a.statusCode}`);
      }
    }
  }
}
