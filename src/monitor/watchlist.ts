/**
 * Watchlists: named lists of accounts, hashtags, domains, URLs and keywords (a JSON file, checked with
 * zod), with a burst detector per watched item, and the watched accounts named on network alerts.
 *
 * Burst detector: Poisson surprise per watched item over bins of `binSeconds` of event time (the rule
 * and its citation live in burst.ts, shared with the workspace's data-set dashboard).
 * Cost: per post, one look-up per field value and one substring scan per keyword; per closed bin,
 * O(items) (each item's baseline decays even when silent). Memory: O(items).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Post } from '../core/post.js';
import { LockstepError } from '../core/errors.js';
import type { BurstOptions, BurstRule } from './burst.js';
import { burstTest, decayPerBin, nextRate } from './burst.js';
export type { BurstOptions } from './burst.js';

const ListSchema = z
  .object({
    accounts: z.array(z.string().min(1)).default([]),
    hashtags: z.array(z.string().min(1)).default([]),
    domains: z.array(z.string().min(1)).default([]),
    urls: z.array(z.string().min(1)).default([]),
    keywords: z.array(z.string().min(1)).default([]),
  })
  .strict();
const FileSchema = z.object({ lists: z.record(z.string().min(1), ListSchema) }).strict();

export type WatchType = 'account' | 'hashtag' | 'domain' | 'url' | 'keyword';

export interface SpikeAlert {
  kind: 'spike';
  list: string;
  item: { type: WatchType; value: string };
  count: number;
  expected: number;
  surprise: number;
  p_value: number;
  bin: { start: string; end: string };
  detected_at: string;
}

interface Item {
  list: string;
  type: WatchType;
  value: string;
  count: number;
  rate: number;
}

const iso = (t: number): string => new Date(Math.round(t * 1000)).toISOString();

export class Watchlist {
  private readonly byKey = new Map<string, Item[]>();
  private readonly keywords: Item[] = [];
  private readonly items: Item[] = [];
  private readonly accounts = new Map<string, string[]>();
  private binStart: number | undefined;
  private readonly o: BurstRule & { binSeconds: number };

  constructor(lists: z.infer<typeof FileSchema>['lists'], options: BurstOptions = {}) {
    this.o = {
      binSeconds: options.binSeconds ?? 60,
      halfLifeBins: options.halfLifeBins ?? 60,
      alpha: options.alpha ?? 1e-6,
      minCount: options.minCount ?? 5,
      minRate: options.minRate ?? 0.05,
    };
    const add = (list: string, type: WatchType, value: string): void => {
      const item: Item = { list, type, value, count: 0, rate: 0 };
      this.items.push(item);
      if (type === 'keyword') this.keywords.push(item);
      else {
        const key = `${type} ${value}`;
        this.byKey.set(key, [...(this.byKey.get(key) ?? []), item]);
      }
    };
    for (const [name, l] of Object.entries(lists)) {
      for (const a of l.accounts) {
        add(name, 'account', a);
        this.accounts.set(a, [...(this.accounts.get(a) ?? []), name]);
      }
      for (const h of l.hashtags) add(name, 'hashtag', h.replace(/^#/, '').toLowerCase());
      for (const d of l.domains) add(name, 'domain', d.toLowerCase());
      for (const u of l.urls) add(name, 'url', u);
      for (const k of l.keywords) add(name, 'keyword', k.toLowerCase());
    }
  }

  /** Reads a watchlist file; errors name the file and the field. */
  static read(path: string, options?: BurstOptions): Watchlist {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new LockstepError('ERR_CONFIG', `${path}: ${e instanceof Error ? e.message : String(e)}`, {
        file: path,
      });
    }
    const r = FileSchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new LockstepError('ERR_CONFIG', `${path}: ${issue.path.join('.') || '(top)'}: ${issue.message}`, {
        file: path,
        field: issue.path.join('.'),
      });
    }
    return new Watchlist(r.data.lists, options);
  }

  get size(): number {
    return this.items.length;
  }

  /** The lists naming each of `members` that any list watches. */
  watched(members: readonly string[]): { account: string; lists: string[] }[] {
    return members.flatMap((m) => {
      const lists = this.accounts.get(m);
      return lists ? [{ account: m, lists }] : [];
    });
  }

  /**
   * Counts a post for the items it matches, closing every bin that ends at or before its time first;
   * returns the spikes of the bins it closed. Posts are expected in (roughly) time order: a late post
   * counts in the open bin.
   */
  add(p: Post, detectedAt: () => string): SpikeAlert[] {
    const spikes = this.advance(p.time, detectedAt);
    const hit = new Set<Item>();
    const look = (type: WatchType, v: string): void => {
      for (const item of this.byKey.get(`${type} ${v}`) ?? []) hit.add(item);
    };
    look('account', p.account);
    for (const h of p.hashtags) look('hashtag', h.toLowerCase());
    for (const d of p.domains) look('domain', d.toLowerCase());
    for (const u of p.urls) look('url', u);
    if (this.keywords.length > 0 && p.text !== undefined) {
      const text = p.text.toLowerCase();
      for (const k of this.keywords) if (text.includes(k.value)) hit.add(k);
    }
    for (const item of hit) item.count++;
    return spikes;
  }

  /** Closes the bins that end at or before `t`. */
  advance(t: number, detectedAt: () => string): SpikeAlert[] {
    const w = this.o.binSeconds;
    if (this.binStart === undefined) {
      this.binStart = Math.floor(t / w) * w;
      return [];
    }
    const spikes: SpikeAlert[] = [];
    const decay = decayPerBin(this.o);
    while (t >= this.binStart + w) {
      for (const item of this.items) {
        const hit = burstTest(item.count, item.rate, this.o);
        if (hit)
          spikes.push({
            kind: 'spike',
            list: item.list,
            item: { type: item.type, value: item.value },
            count: hit.count,
            expected: hit.expected,
            surprise: hit.surprise,
            p_value: hit.pValue,
            bin: { start: iso(this.binStart), end: iso(this.binStart + w) },
            detected_at: detectedAt(),
          });
        item.rate = nextRate(item.rate, item.count, decay);
        item.count = 0;
      }
      this.binStart += w;
      // A long silence: the remaining empty bins only decay the baselines.
      const empty = Math.floor((t - this.binStart) / w);
      if (empty > 0) {
        const f = Math.pow(decay, empty);
        for (const item of this.items) item.rate *= f;
        this.binStart += empty * w;
      }
    }
    return spikes;
  }
}
