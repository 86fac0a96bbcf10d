/**
 * One coordinated event of a planted campaign (the five kinds of population.ts): the lead's post and
 * the members' copies, retweets or link shares, pushed into the stream's heap at their delayed times.
 * Cost: O(members) per event.
 */
import type { Rng } from './rng.js';
import type { PostHeap } from './post-heap.js';
import type { PostFactory } from './post-factory.js';
import type { SimAccount, SimCampaign } from './population.js';
import { headline, perturb, sentence, slug } from './content.js';

export interface CampaignContext {
  rng: Rng;
  heap: PostHeap;
  f: PostFactory;
  accounts: readonly SimAccount[];
  drawInfluencer: () => SimAccount;
  /** One of the day's trending hashtags (popularity-weighted). */
  trendingTag: () => string;
}

export function campaignEvent(ctx: CampaignContext, c: SimCampaign, t: number): void {
  const { rng, heap, f } = ctx;
  const members = c.members.map((i) => ctx.accounts[i]!);
  const lead = rng.pick(members);
  const joins = (a: SimAccount): boolean => a !== lead && rng.chance(c.participation);
  switch (c.kind) {
    case 'retweet-ring': {
      const author = rng.chance(0.6) ? lead : ctx.drawInfluencer();
      const src = f.original(author, t, sentence(rng), rng.chance(0.5) ? [c.hashtag] : []);
      heap.push(src);
      const of = { id: src.id!, author: author.index, text: src.text! };
      for (const m of members) {
        if (m === author || !joins(m)) continue;
        const delay = Math.min(900, Math.max(3, rng.logNormal(45, 0.9)));
        heap.push(f.retweet(m, t + delay, of));
      }
      return;
    }
    case 'copy-paste': {
      const msg = rng.pick(c.messages) + (rng.chance(0.5) ? ` #${c.hashtag}` : '');
      heap.push(f.original(lead, t, msg));
      for (const m of members) {
        if (!joins(m)) continue;
        const text = rng.chance(0.7) ? msg : perturb(rng, msg);
        heap.push(f.original(m, t + Math.min(3600, rng.logNormal(90, 1)), text));
      }
      return;
    }
    case 'link-farm': {
      const domain = rng.pick(c.domains);
      const title = headline(rng);
      const url = `https://${domain}/${slug(title)}-${rng.int(1e6)}`;
      const shared = `${title} ${url}`;
      heap.push(f.withLink(f.original(lead, t, shared), url, domain));
      for (const m of members) {
        if (!joins(m)) continue;
        const text = rng.chance(0.5) ? shared : `${sentence(rng, 3, 9)} ${url}`;
        heap.push(f.withLink(f.original(m, t + Math.min(3600, rng.logNormal(120, 1)), text), url, domain));
      }
      return;
    }
    case 'hashtag-push': {
      heap.push(f.original(lead, t, sentence(rng), [c.hashtag]));
      for (const m of members) {
        if (!joins(m)) continue;
        const tags = rng.chance(0.5) ? [c.hashtag, ctx.trendingTag()] : [c.hashtag];
        heap.push(f.original(m, t + Math.min(3600, rng.logNormal(150, 1.1)), sentence(rng), tags));
      }
      return;
    }
    case 'slow-persona': {
      // The first member leads; each other member reshares after its own fixed delay, ±30 s.
      const first = members[0]!;
      const src = f.original(first, t, sentence(rng));
      heap.push(src);
      const of = { id: src.id!, author: first.index, text: src.text! };
      members.forEach((m, k) => {
        if (k === 0 || !rng.chance(0.85)) return;
        heap.push(f.retweet(m, t + c.delays[k]! + rng.normal() * 30, of));
      });
      return;
    }
  }
}
