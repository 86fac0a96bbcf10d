/**
 * The account a network exists to amplify. A persona set reposts one lead's posts, each persona after
 * its own fixed delay: the personas co-act, the lead never does (it posts; it does not repost its own
 * posts), so co-action alone leaves it out of the network it leads (slow personas at 1M simulated
 * posts: all 8 accounts missed were the sets' leads). An analyst asks "whom do they push?" first.
 *
 * An account outside the network is **amplified** by it in co-retweet or co-reply when it wrote at
 * least half of the network's shared objects there (objects at least two members acted on), at least
 * `minObjects` of them, and the network is not part of a larger audience in that behaviour
 * (engine/audience.ts) — an idol with many fans is not a network's lead; an account whose posts
 * only the network reposts, again and again, is. Reported beside the members (Network.amplified), not
 * as one of them: it did not co-act.
 *
 * The author of a reposted or replied-to post is the data set's post with that id, or, for reposts
 * keyed by text (the IRA CSV has no retweet ids), the screen name in "RT @name:".
 *
 * Cost: one pass over the co-retweet and co-reply actions, one over the post ids (with ids kept outside
 * Node, one fetch of the wanted ones instead); memory O(shared objects of reported networks).
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { NetworkAmplified } from '../../core/result.js';
import type { PostColumns } from './actions.js';
import { memberActions, type OrderedActions } from './evidence.js';

const AUTHORED: readonly Behaviour[] = ['co-retweet', 'co-reply'];

export async function amplifiedAccounts(
  networkOf: Int32Array,
  networkCount: number,
  passes: readonly OrderedActions[],
  columns: PostColumns,
  opts: { minObjects: number; audience: (network: number, behaviour: Behaviour) => boolean },
): Promise<NetworkAmplified[][]> {
  const out: NetworkAmplified[][] = Array.from({ length: networkCount }, () => []);
  // Per network, per behaviour, the keys of its shared objects.
  const shared = Array.from({ length: networkCount }, () => new Map<Behaviour, string[]>());
  const wanted = new Set<string>();
  for (const pass of passes) {
    const { table, order, starts } = pass;
    if (!AUTHORED.includes(table.behaviour)) continue;
    const member = memberActions(pass, networkOf, columns);
    const memberCount = new Map<number, number>();
    const lastAccount = new Map<number, number>();
    for (let o = 0; o < table.objects.size; o++) {
      const e = starts[o + 1]!;
      if (e - starts[o]! < 2) continue;
      memberCount.clear();
      lastAccount.clear();
      for (let i = starts[o]!; i < e; i++) {
        const r = order[i]!;
        if (!member[r]) continue;
        const a = columns.account[table.post[r]!]!;
        const net = networkOf[a]!;
        if (net < 0 || lastAccount.get(net) === a) continue;
        lastAccount.set(net, a);
        memberCount.set(net, (memberCount.get(net) ?? 0) + 1);
      }
      for (const [net, n] of memberCount) {
        if (n < 2 || opts.audience(net, table.behaviour)) continue;
        let list = shared[net]!.get(table.behaviour);
        if (!list) shared[net]!.set(table.behaviour, (list = []));
        const k = table.objects.str(o);
        list.push(k);
        wanted.add(k);
      }
    }
  }
  if (wanted.size === 0) return out;
  const authorOf = await resolveAuthors(wanted, columns);
  shared.forEach((byBehaviour, net) => {
    for (const [behaviour, keys] of byBehaviour) {
      const count = new Map<number, number>();
      for (const k of keys) {
        const a = authorOf.get(k);
        if (a !== undefined) count.set(a, (count.get(a) ?? 0) + 1);
      }
      let best = -1;
      let most = 0;
      for (const [a, n] of count) if (n > most || (n === most && a < best)) [best, most] = [a, n];
      if (best < 0 || networkOf[best] === net) continue;
      if (most < opts.minObjects || 2 * most < keys.length) continue;
      out[net]!.push({
        account: columns.accounts.str(best),
        behaviour,
        objects: most,
        sharedObjects: keys.length,
      });
    }
  });
  for (const list of out) list.sort((x, y) => y.objects - x.objects || (x.account < y.account ? -1 : 1));
  return out;
}

/** Post id → its author, and "rt:name:…" text keys → the account with that screen name. */
async function resolveAuthors(
  wanted: ReadonlySet<string>,
  columns: PostColumns,
): Promise<Map<string, number>> {
  const authorOf = new Map<string, number>();
  const byName = new Map<string, string[]>();
  for (const k of wanted) {
    if (!k.startsWith('rt:')) continue;
    const name = k.slice(3, k.indexOf(':', 3));
    if (name === '') continue;
    let l = byName.get(name);
    if (!l) byName.set(name, (l = []));
    l.push(k);
  }
  if (byName.size > 0) {
    const claim = (name: string | undefined, a: number): void => {
      if (name === undefined) return;
      for (const k of byName.get(name.toLowerCase()) ?? []) if (!authorOf.has(k)) authorOf.set(k, a);
    };
    for (const [a, name] of columns.screenNames) claim(name, a);
    for (let a = 0; a < columns.accounts.size; a++) claim(columns.accounts.str(a), a);
  }
  // Post ids are tested as bytes (IdColumn.forEachIn), but only when some key is a post id.
  if (authorOf.size === wanted.size) return authorOf;
  // Ids kept outside Node (engine/shown-posts.ts): one fetch of the posts with a wanted id.
  await columns.shown?.loadIds(wanted);
  columns.ids.forEachIn(wanted, (p, id) => {
    if (!authorOf.has(id)) authorOf.set(id, columns.account[p]!);
  });
  return authorOf;
}
