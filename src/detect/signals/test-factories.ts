/** Builders for constructed posts and accounts in the signals tests (not used by production code). */
import type { AccountProfile, Post } from '../../core/post.js';
import type { AccountSignal } from '../../core/result.js';
import { ActivityCollector, type AccountActivity } from './activity.js';
import { seededRng } from '../engine/cluster.js';

export const DAY = 86400;
/** 2021-03-01T00:00:00Z */
export const T0 = 1614556800;

export function post(account: string, time: number, extra: Partial<Post> = {}): Post {
  return {
    account,
    time,
    isRepost: false,
    hashtags: [],
    mentions: [],
    urls: [],
    domains: [],
    images: [],
    source: { file: 'test', line: 1 },
    ...extra,
  };
}

/** An account posting at the given times, every post carrying `profile`. */
export function activity(
  times: readonly number[],
  profile?: AccountProfile,
  extra: (i: number) => Partial<Post> = () => ({}),
  account = 'acct',
): AccountActivity {
  const c = new ActivityCollector();
  times.forEach((t, i) => {
    c.add(post(account, t, { ...(profile ? { profile } : {}), ...extra(i) }));
  });
  const a = c.get(account);
  if (a === undefined) throw new Error('no activity');
  return a;
}

/** A seeded uniform generator in [0, 1) (mulberry32, as Louvain's). */
export const uniform = seededRng;

/** Human-like bursty times: sessions of a few quick posts separated by long, heavy-tailed pauses. */
export function burstyTimes(n: number, seed: number, start = T0): number[] {
  const r = uniform(seed);
  const out: number[] = [];
  let t = start + 8 * 3600;
  while (out.length < n) {
    const session = 1 + Math.floor(r() * 5);
    for (let i = 0; i < session && out.length < n; i++) {
      out.push(t);
      t += 20 + r() * 600;
    }
    t += 1800 * Math.pow(1 - r(), -1.2); // Pareto pauses from half an hour up
    const hour = Math.floor((t % 86400) / 3600);
    if (hour >= 23 || hour < 7) t += (((31 - hour) % 24) * 3600 + r() * 3600) % 86400; // asleep till 7–8
  }
  return out;
}

export function byName(signals: AccountSignal[], name: string): AccountSignal {
  const s = signals.find((x) => x.name === name);
  if (!s) throw new Error(`no signal ${name}`);
  return s;
}

/** Every signal value is null, a finite number, a string or a boolean — never NaN or Infinity. */
export function assertNoNaN(signals: AccountSignal[]): void {
  for (const s of signals) {
    if (typeof s.value === 'number' && !Number.isFinite(s.value)) throw new Error(`${s.name} is ${s.value}`);
    if (/NaN|Infinity|undefined/.test(s.explanation)) throw new Error(`${s.name}: ${s.explanation}`);
  }
}
