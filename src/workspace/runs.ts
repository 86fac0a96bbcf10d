/**
 * Publishing a detection output directory into the store (`lockstep runs add`) and listing what a
 * reader may see. The directory is read and validated by report/read-output.ts (a bad file fails
 * naming the file and the line or field); the input posts, when readable, feed the account pages'
 * activity and examples (precompute.ts).
 *
 * Who sees a run (TLP 2.0 as the exchange applies it, access.ts): the owning org always; orgs sharing
 * a trust group with it when the run is AMBER, GREEN or CLEAR; nobody else. RED and AMBER+STRICT
 * runs stay with their org.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { LockstepError } from '../core/errors.js';
import { IngestStats, readAllPostsInPlace } from '../ingest/index.js';
import type { IngestOptions } from '../ingest/index.js';
import { readDetectionOutput } from '../report/read-output.js';
import type { RunAudience } from '../store/run-records.js';
import type { Store } from '../store/store.js';
import type { Principal } from '../exchange/access.js';
import type { RunTlp } from './api-schema.js';
import { TLPS } from './api-schema.js';
import { PostDigest, precomputeRun, resharedIds, type DigestPost } from './precompute.js';

/** TLPs at which a run is visible to the owning org's trust-group peers. */
const PEER_TLPS = ['amber', 'green', 'clear'] as const;

export async function runAudience(store: Store, who: Principal): Promise<RunAudience> {
  return { org: who.org, peers: await store.peersOf(who.org), tlps: PEER_TLPS };
}

export function parseTlp(v: string): RunTlp {
  const t = v.toLowerCase();
  if (!(TLPS as readonly string[]).includes(t))
    throw new LockstepError('ERR_USAGE', `--tlp must be one of ${TLPS.join(', ')}, got "${v}"`);
  return t as RunTlp;
}

export interface AddRunOptions {
  org: string;
  tlp: RunTlp;
  title?: string;
  /**
   * Input posts for activity timelines and example posts: these files, `false` for none, or
   * undefined for run.json's own inputs when they all exist.
   */
  inputs?: readonly string[] | false;
  format?: IngestOptions['format'];
  now?: () => Date;
}

export interface AddRunReport {
  id: string;
  created: boolean;
  title: string;
  posts: number;
  accounts: number;
  networks: number;
  edges: number;
  /** The input files read for activity and examples (empty when none). */
  inputsRead: string[];
}

export async function addRun(store: Store, dir: string, o: AddRunOptions): Promise<AddRunReport> {
  if (!existsSync(dir)) throw new LockstepError('ERR_IO', `${dir}: no such directory`, { file: dir });
  if ((await store.getOrg(o.org)) === undefined)
    throw new LockstepError('ERR_USAGE', `--org ${o.org}: no such organisation in the store`);
  const result = await readDetectionOutput(dir);
  const inputs =
    o.inputs === false
      ? []
      : (o.inputs ?? (result.parameters.inputs.every((p) => existsSync(p)) ? result.parameters.inputs : []));
  for (const p of inputs)
    if (!existsSync(p)) throw new LockstepError('ERR_IO', `${p}: no such input file`, { file: p });
  let digest: PostDigest | undefined;
  if (inputs.length > 0) {
    digest = new PostDigest(new Set(result.accounts.map((a) => a.account)), resharedIds(result));
    const d = digest;
    const each = (p: DigestPost): void => {
      d.add(p);
    };
    // Rows read in place where the format allows (twitter-io, IRA): no Post per row, and a field is
    // decoded only when the digest asks for it (most rows: time, account, item lists; no text). One
    // await per input chunk, not per post.
    // The reader's own distinct-account Set is skipped: the digest's account log counts them already.
    const stats = new IngestStats(20, () => d.dashboard.all.account.size);
    const chunks = readAllPostsInPlace(inputs, { format: o.format ?? 'auto' }, stats, each);
    for (let c = await chunks.next(); c.done !== true; c = await chunks.next());
  }
  const title =
    o.title ??
    `${result.parameters.inputs.map((p) => basename(p)).join(', ') || basename(dir)} (${result.startedAt.slice(0, 10)})`;
  const write = precomputeRun(
    result,
    { org: o.org, tlp: o.tlp, title, addedAt: (o.now?.() ?? new Date()).toISOString() },
    digest,
  );
  const created = await store.putRun(write);
  const r = write.run;
  return {
    id: r.id,
    created,
    title,
    posts: r.posts,
    accounts: r.accounts,
    networks: r.networks,
    edges: r.edges,
    inputsRead: [...inputs],
  };
}
