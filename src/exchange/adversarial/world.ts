/**
 * A seeded random sharing community for the adversarial access suite: API roots, collections with
 * random TLP policies, orgs, users with API keys, trust groups, RED recipients and grants (to orgs and
 * to groups), written into a store; and an independent MODEL of who may see and write what, from
 * docs/EXCHANGE.md ("Who sees what", "Versioning and ownership") — deliberately not the code in
 * access.ts/ownership.ts, so the suite checks the implementation against the documented rules.
 *
 * Sizes and seed come from the environment (LOCKSTEP_ADVERSARIAL_SEED, _ORGS, _COLLECTIONS,
 * _OBJECTS, and _IDS: ids probed per user and path) so CI runs small and a local run can go big. Revocation (config removals) is another
 * suite's; a hook for it would remove grants/keys here and re-run the probes.
 */
import type { Audience, Store } from '../../store/store.js';
import { secretHash } from '../credentials.js';
import { seededRandom } from '../../test-helpers/seeded-random.js';

/** The suite's seeded generator (mulberry32), shared with the other randomized tests. */
export const rng = seededRandom;

export const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};

export type Level = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red' | 'none';

/**
 * Marking ids the suite posts, with the level the documentation gives them: TLP 2.0, TLP 1.0 (white
 * is clear) — each also in upper case, which must mean the same level (issue #10 defect 7).
 */
const MARKINGS: readonly [string, Level][] = [
  ['94868c89-83c2-464b-929b-a1a8aa3c8487', 'clear'],
  ['bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'green'],
  ['55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'amber'],
  ['939a9414-2ddd-4d32-a0cd-375ea402b003', 'amber+strict'],
  ['e828b379-4e03-4974-9ac4-e53a884c97c1', 'red'],
  ['613f2e26-407d-48c7-9eca-b8e91df99dc9', 'clear'],
  ['34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'],
  ['f88d31f6-486f-44da-b317-01333bde0b82', 'amber'],
  ['5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'],
];

export interface User {
  username: string;
  org: string;
  auth: string;
}

export interface Coll {
  id: string;
  root: string;
  policy: Record<'clear' | 'green' | 'none', Audience>;
  /** org → read / write, after org and group grants. */
  read: Set<string>;
  write: Set<string>;
  /** Orgs with any grant (others get 404). */
  visible: Set<string>;
}

/** One stored version as the model expects it. */
export interface Row {
  coll: string;
  id: string;
  modified: string;
  level: Level;
  producer: string;
  /** '' for the owner's versions, the posting org for a copy kept apart. */
  lane: string;
  json: Record<string, unknown>;
}

export class World {
  readonly orgs: string[] = [];
  readonly users: User[] = [];
  readonly groups = new Map<string, Set<string>>();
  readonly redRecipients = new Map<string, Set<string>>();
  readonly colls: Coll[] = [];
  readonly roots = ['adv-r1', 'adv-r2'];
  readonly rows: Row[] = [];
  readonly owners = new Map<string, string>();
  /** `collection\nid` of owner's objects some other org has acknowledged. */
  readonly acked = new Set<string>();
  readonly random: () => number;

  constructor(readonly seed: number) {
    this.random = rng(seed);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  /** A marking for a new object: some official id (maybe upper-cased) or none. */
  marking(): { refs?: string[]; level: Level } {
    if (this.random() < 0.15) return { level: 'none' };
    const [uuid, level] = this.pick(MARKINGS);
    const id = `marking-definition--${this.random() < 0.3 ? uuid.toUpperCase() : uuid}`;
    return { refs: [id], level };
  }

  sharesGroup(a: string, b: string): boolean {
    for (const members of this.groups.values()) if (members.has(a) && members.has(b)) return true;
    return false;
  }

  /** The documented rule: may `u` see stored row `r`? */
  sees(u: User, r: Row): boolean {
    const c = this.colls.find((x) => x.id === r.coll)!;
    if (!c.read.has(u.org)) return false;
    if (r.lane !== '') return r.lane === u.org;
    const own = u.org === r.producer;
    const peer = own || this.sharesGroup(u.org, r.producer);
    switch (r.level) {
      case 'red':
        return own || (this.redRecipients.get(r.producer)?.has(u.username) ?? false);
      case 'amber+strict':
        return own;
      case 'amber':
        return peer;
      default: {
        const a = c.policy[r.level];
        return a === 'readers' ? true : a === 'trust-groups' ? peer : own;
      }
    }
  }

  /** May `u` read some owner's version of `id` anywhere on the server? */
  seesOwnerVersion(u: User, id: string): boolean {
    return this.rows.some((r) => r.id === id && r.lane === '' && this.sees(u, r));
  }
}

/** Builds a random community in `store` and its model. */
export async function buildWorld(store: Store, seed: number): Promise<World> {
  const w = new World(seed);
  const nOrgs = envInt('LOCKSTEP_ADVERSARIAL_ORGS', 5);
  const nColls = envInt('LOCKSTEP_ADVERSARIAL_COLLECTIONS', 5);
  for (const name of w.roots) await store.putApiRoot({ name, title: name, maxContentLength: 1024 * 1024 });
  for (let i = 0; i < nOrgs; i++) w.orgs.push(`adv-org-${i}`);
  const keys: { id: string; username: string; secret: string }[] = [];
  for (const org of w.orgs) {
    const n = 1 + Math.floor(w.random() * 2);
    for (let j = 0; j < n; j++) {
      const id = (0x1000_0000_0000 + keys.length).toString(16).padStart(16, '0');
      const secret = `${'s'.repeat(40)}${String(keys.length).padStart(3, '0')}`;
      const username = `${org}-u${j}`;
      keys.push({ id, username, secret });
      // Both header spellings of an API key are probed.
      const scheme = w.random() < 0.5 ? 'Token' : 'Bearer';
      w.users.push({ username, org, auth: `${scheme} lsk_${id}_${secret}` });
    }
  }
  for (let g = 0; g < 2; g++) {
    const members = new Set(w.orgs.filter(() => w.random() < 0.5));
    w.groups.set(`adv-group-${g}`, members);
  }
  for (const org of w.orgs) {
    const recipients = new Set(
      w.users.filter((u) => u.org !== org && w.random() < 0.25).map((u) => u.username),
    );
    w.redRecipients.set(org, recipients);
    await store.putOrg({ id: org, name: org, redRecipients: [...recipients] });
  }
  for (const u of w.users) await store.putUser({ username: u.username, org: u.org, passwordHash: null });
  for (const { id, username, secret } of keys)
    await store.putApiKey({
      id,
      username,
      secretHash: secretHash(secret),
      createdAt: new Date().toISOString(),
    });
  for (const [id, members] of w.groups) await store.putTrustGroup({ id, name: id, members: [...members] });
  const audiences: Audience[] = ['readers', 'trust-groups', 'org'];
  for (let i = 0; i < nColls; i++) {
    const c: Coll = {
      id: `adv-coll-${seed}-${i}`,
      root: w.roots[i % w.roots.length]!,
      policy: { clear: w.pick(audiences), green: w.pick(audiences), none: w.pick(audiences) },
      read: new Set(),
      write: new Set(),
      visible: new Set(),
    };
    w.colls.push(c);
    await store.putCollection({ id: c.id, apiRoot: c.root, title: c.id, policy: c.policy });
    const grant = async (kind: 'org' | 'group', grantee: string, orgs: Iterable<string>) => {
      const read = w.random() < 0.7;
      const write = w.random() < 0.6;
      if (!read && !write) return;
      await store.putGrant({ collection: c.id, granteeKind: kind, grantee, read, write });
      for (const o of orgs) {
        c.visible.add(o);
        if (read) c.read.add(o);
        if (write) c.write.add(o);
      }
    };
    for (const org of w.orgs) if (w.random() < 0.6) await grant('org', org, [org]);
    for (const [g, members] of w.groups) if (w.random() < 0.4) await grant('group', g, members);
  }
  return w;
}
