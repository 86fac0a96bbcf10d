/**
 * What the dashboard API does, apart from HTTP: the dashboard of a run or of a watchlist over a range
 * (query.ts over the pages stored at import), an org's watchlists, and opening a case on a finding
 * through the cases service (cases/service.ts: the case, a note stating the finding, its accounts
 * pinned). Access: the run through the caller's TLP audience (as every run route), a watchlist only
 * for its own org; both answer like an unknown id otherwise.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../exchange/access.js';
import type { RunRecord, Store, WatchlistRecord } from '../../store/store.js';
import type { CaseView } from '../case-schema.js';
import { CaseError } from '../cases/errors.js';
import type { Cases } from '../cases/service.js';
import { runAudience } from '../runs.js';
import { dashboardAccountPage } from './digest.js';
import { buildDashboard, resolveRange, runSource, watchlistSource } from './query.js';
import type {
  Dashboard,
  DashboardQuery,
  FindingCaseRequest,
  StoredAccountDashboard,
  StoredDashboard,
  WatchlistRequest,
  WatchlistView,
} from './schema.js';

/** Parsed `dashboard` pages kept (immutable once imported; a 3M-post run's is a few MB of JSON). */
const CACHE = 4;
/** Accounts of a finding pinned on the case it opens (all of them are the case's accounts). */
const PINNED = 5;

const KIND_NAMES = {
  hashtag: 'hashtag',
  url: 'URL',
  domain: 'domain',
  account: 'account',
  post: 'reposted post',
} as const;

/** Text from the data set made inert as markdown: every markdown punctuation escaped, controls dropped. */
const mdText = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- dropping C0 controls is the point
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');

const view = (w: WatchlistRecord): WatchlistView => ({
  id: w.id,
  name: w.name,
  accounts: w.accounts,
  createdBy: w.createdBy,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
});

export class DashboardService {
  #pages = new Map<string, StoredDashboard>();

  constructor(
    private readonly store: Store,
    private readonly cases: Cases,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async #run(who: Principal, id: string): Promise<RunRecord> {
    const run = await this.store.getRun(id, await runAudience(this.store, who));
    if (!run) throw new CaseError(404, 'not-found', 'no such run');
    return run;
  }

  async #page(run: RunRecord): Promise<StoredDashboard> {
    const hit = this.#pages.get(run.id);
    if (hit) return hit;
    const json = await this.store.getRunPage(run.id, 'dashboard');
    if (json === undefined)
      throw new CaseError(
        404,
        'not-found',
        'no dashboard for this run: it was added without its input posts',
      );
    const page = JSON.parse(json) as StoredDashboard;
    this.#pages.set(run.id, page);
    if (this.#pages.size > CACHE) this.#pages.delete(this.#pages.keys().next().value!);
    return page;
  }

  async #watchlist(who: Principal, id: string): Promise<WatchlistRecord> {
    const w = await this.store.getWatchlist(id, who.org);
    if (!w) throw new CaseError(404, 'not-found', 'no such watchlist');
    return w;
  }

  async dashboard(who: Principal, runId: string, q: DashboardQuery): Promise<Dashboard> {
    const run = await this.#run(who, runId);
    const page = await this.#page(run);
    const head = { runId: run.id, runTitle: run.title, refreshedAt: run.addedAt };
    const data = { firstSlot: page.firstSlot, lastSlot: page.firstSlot + page.totals.length - 1 };
    const range = resolveRange(data, q);
    if (q.watchlist === undefined)
      return buildDashboard(runSource(page), range, { ...head, scope: { kind: 'run' } });
    const w = await this.#watchlist(who, q.watchlist);
    const members: StoredAccountDashboard[] = [];
    const missing: string[] = [];
    for (const a of w.accounts) {
      const json = await this.store.getRunPage(run.id, dashboardAccountPage(a));
      if (json === undefined) missing.push(a);
      else members.push(JSON.parse(json) as StoredAccountDashboard);
    }
    return buildDashboard(watchlistSource(page, members), range, {
      ...head,
      scope: { kind: 'watchlist', id: w.id, name: w.name, accounts: w.accounts.length, missing },
    });
  }

  /** Opens a case on an item the dashboard shows for this range and scope (never on an arbitrary key). */
  async openCase(who: Principal, runId: string, req: FindingCaseRequest): Promise<CaseView> {
    const d = await this.dashboard(who, runId, req);
    const item = d.sections.find((s) => s.kind === req.kind)?.items.find((i) => i.key === req.key);
    if (!item)
      throw new CaseError(
        422,
        'invalid',
        `key: "${req.key}" is not among the top ${KIND_NAMES[req.kind]}s of this dashboard's range`,
      );
    if (item.accounts.length === 0)
      throw new CaseError(
        422,
        'invalid',
        `key: no account of the run's results posted this ${KIND_NAMES[req.kind]}; a case needs accounts of the run`,
      );
    const name =
      req.kind === 'hashtag'
        ? `#${item.key}`
        : req.kind === 'post'
          ? `post ${item.key}`
          : (item.label ?? item.key);
    const scope = d.scope.kind === 'watchlist' ? ` (watchlist ${d.scope.name})` : '';
    const title = `Dashboard: ${KIND_NAMES[req.kind]} ${name}${scope} in ${d.runTitle}`.slice(0, 200);
    const opened = await this.cases.open(who, { runId: d.runId, accounts: item.accounts, title });
    const peak = item.spikes.reduce<(typeof item.spikes)[number] | undefined>(
      (best, s) => (best === undefined || s.surprise > best.surprise ? s : best),
      undefined,
    );
    const bucketMs = (d.bucket === 'hour' ? 3600 : 86_400) * 1000;
    const lines = [
      `**Dashboard finding** (${KIND_NAMES[req.kind]}): ${mdText(item.label ?? item.key)}`,
      '',
      `- key: ${mdText(item.key)}${item.author ? ` — original by ${mdText(item.author)}` : ''}`,
      `- ${item.count} posts from ${d.from} to ${d.to}${scope ? ` by the watchlist's members` : ''}`,
      peak
        ? `- strongest spike: ${peak.count} posts in the ${d.bucket} from ${new Date(Date.parse(d.curveStart) + peak.index * bucketMs).toISOString()} against a baseline of ${peak.expected} (surprise ${peak.surprise})`
        : '- no spike by the Poisson-surprise rule in this range',
      `- accounts of the run behind it: ${item.accounts.length}`,
      '',
      'Appearing on the dashboard is a question, not an accusation.',
    ];
    await this.cases.note(who, opened.case.id, lines.join('\n'));
    for (const a of item.accounts.slice(0, PINNED))
      await this.cases.pin(
        who,
        opened.case.id,
        a,
        `dashboard finding: ${KIND_NAMES[req.kind]} ${name}`.slice(0, 1000),
      );
    return this.cases.view(who, opened.case.id);
  }

  async listWatchlists(who: Principal): Promise<WatchlistView[]> {
    return (await this.store.listWatchlists(who.org)).map(view);
  }

  async createWatchlist(who: Principal, req: WatchlistRequest): Promise<WatchlistView> {
    const at = this.now().toISOString();
    const w: WatchlistRecord = {
      id: `wl-${randomBytes(8).toString('hex')}`,
      org: who.org,
      name: req.name,
      accounts: [...new Set(req.accounts)],
      createdBy: who.username,
      createdAt: at,
      updatedAt: at,
    };
    if (!(await this.store.createWatchlist(w)))
      throw new CaseError(409, 'conflict', `name: your organisation already has a watchlist "${req.name}"`);
    return view(w);
  }

  async updateWatchlist(who: Principal, id: string, req: WatchlistRequest): Promise<WatchlistView> {
    const r = await this.store.updateWatchlist(id, who.org, {
      name: req.name,
      accounts: [...new Set(req.accounts)],
      updatedAt: this.now().toISOString(),
    });
    if (r.outcome !== 'updated')
      throw r.outcome === 'missing'
        ? new CaseError(404, 'not-found', 'no such watchlist')
        : new CaseError(409, 'conflict', `name: your organisation already has a watchlist "${req.name}"`);
    return view(r.record);
  }

  async deleteWatchlist(who: Principal, id: string): Promise<void> {
    if (!(await this.store.deleteWatchlist(id, who.org)))
      throw new CaseError(404, 'not-found', 'no such watchlist');
  }
}
