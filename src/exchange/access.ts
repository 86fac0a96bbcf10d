/**
 * Who may do what: collection permissions from grants (to an org or to a trust group the org belongs
 * to) and the TLP 2.0 visibility of objects for a reader, handed to the store as SQL-side rules.
 *
 * TLP 2.0 (FIRST, 2022) as Lockstep applies it, `producer` being the org that posted the object:
 * - RED: the producer's own members and the users the producer names as RED recipients
 *   (`orgs[].redRecipients`);
 * - AMBER+STRICT: the producer's members only;
 * - AMBER: the producer and the orgs sharing a trust group with it;
 * - GREEN, CLEAR and unmarked: the collection's policy — every reader (`readers`), the producer and its
 *   trust-group peers (`trust-groups`), or the producer only (`org`).
 * - Whatever its TLP, a copy kept apart (ownership.ts) is visible to the org that posted it only.
 */
import type { CollectionRecord, Store, Visibility } from '../store/store.js';

export interface Principal {
  username: string;
  org: string;
}

export interface CollectionAccess {
  /** Some grant reaches the caller (otherwise the collection is invisible: 404). */
  visible: boolean;
  canRead: boolean;
  canWrite: boolean;
}

export async function collectionAccess(
  store: Store,
  who: Principal,
  collection: string,
): Promise<CollectionAccess> {
  const [grants, groups] = await Promise.all([store.grantsFor(collection), store.groupsOf(who.org)]);
  let visible = false;
  let canRead = false;
  let canWrite = false;
  for (const g of grants) {
    const reaches =
      (g.granteeKind === 'org' && g.grantee === who.org) ||
      (g.granteeKind === 'group' && groups.includes(g.grantee));
    if (!reaches) continue;
    visible ||= g.read || g.write;
    canRead ||= g.read;
    canWrite ||= g.write;
  }
  return { visible, canRead, canWrite };
}

export async function visibilityFor(
  store: Store,
  who: Principal,
  collection: CollectionRecord,
): Promise<Visibility> {
  const [peers, redSenders] = await Promise.all([store.peersOf(who.org), store.redSendersTo(who.username)]);
  const own = [who.org];
  const circle = [who.org, ...peers];
  const audience = (a: CollectionRecord['policy']['green']): readonly string[] | 'any' =>
    a === 'readers' ? 'any' : a === 'trust-groups' ? circle : own;
  return [
    { tlp: 'clear', producers: audience(collection.policy.clear) },
    { tlp: 'green', producers: audience(collection.policy.green) },
    { tlp: 'none', producers: audience(collection.policy.none) },
    { tlp: 'amber', producers: circle },
    { tlp: 'amber+strict', producers: own },
    { tlp: 'red', producers: [...new Set([who.org, ...redSenders])] },
    // Copies the org posted of ids another org owns (ownership.ts): its own members only.
    { keptApartFor: who.org },
  ];
}
