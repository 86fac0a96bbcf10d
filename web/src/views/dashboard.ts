/**
 * The data-set dashboard (Hamilton-style) of a run or of one of the org's watchlists: top hashtags,
 * URLs, domains, accounts and reposted posts over a chosen time range, their curves per hour or day
 * with spikes marked, when the data was last refreshed, and a standing disclaimer with the published
 * criteria and what the data cannot show. A top item opens a case with the finding pinned.
 * The range, bucket and watchlist live in the URL (#/runs/ID/dashboard?from=…&to=…), so a view is a
 * bookmark and the browser's back button works. Untrusted text goes through safe-text.ts.
 */
import type {
  Dashboard,
  DashboardItem,
  DashboardKind,
  DashboardQuery,
} from '../../../src/workspace/dashboard/schema.js';
import * as api from '../api.js';
import { day, fmt, h, show } from '../dom.js';
import { label, postText } from '../safe-text.js';
import { itemCurve, totalsChart } from './dashboard-charts.js';

const TITLES: Record<DashboardKind, string> = {
  hashtag: 'Top hashtags',
  url: 'Top URLs',
  domain: 'Top domains',
  account: 'Top accounts (by posts)',
  post: 'Top posts (most reposted)',
};

/** The query as kept in the hash (`?from=…&to=…&bucket=…&watchlist=…`). */
function readQuery(): DashboardQuery {
  const qs = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const q: DashboardQuery = {};
  const from = qs.get('from');
  const to = qs.get('to');
  const bucket = qs.get('bucket');
  const watchlist = qs.get('watchlist');
  if (from) q.from = from;
  if (to) q.to = to;
  if (bucket === 'hour' || bucket === 'day') q.bucket = bucket;
  if (watchlist) q.watchlist = watchlist;
  return q;
}

function go(runId: string, q: DashboardQuery): void {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (typeof v === 'string' && v !== '') qs.set(k, v);
  location.hash = `#/runs/${encodeURIComponent(runId)}/dashboard${qs.size ? `?${qs.toString()}` : ''}`;
}

/** `<input type="datetime-local">` speaks local time without a zone: the page states UTC and adds it. */
const toInput = (iso: string): string => iso.slice(0, 16);
const fromInput = (v: string): string | undefined => (v ? new Date(`${v}:00Z`).toISOString() : undefined);

function disclaimer(d: Dashboard): HTMLElement {
  const c = d.criteria;
  return h(
    'section',
    { class: 'disclaimer', 'aria-labelledby': 'disclaimer-title' },
    h('h2', { id: 'disclaimer-title' }, 'Appearing here is a question, not an accusation'),
    h(
      'p',
      {},
      'This page counts what was posted. An item or account near the top was posted often in this range; that alone says nothing about who is behind it or why. Real people, news events and ordinary fans produce the same peaks.',
    ),
    h(
      'details',
      {},
      h('summary', {}, 'The criteria and what the data cannot show'),
      h(
        'ul',
        {},
        h(
          'li',
          {},
          `Ranking: posts in the chosen range; ${c.candidates}; the top ${c.top} of each kind are shown. A post counts once per distinct item it carries.`,
        ),
        h(
          'li',
          {},
          `Spike (▲): Poisson surprise (Legéndy & Salcman 1985), the same rule as the monitor's watchlists: a ${d.bucket} with at least ${c.minCount} posts whose count has probability ≤ ${c.alpha} under a Poisson baseline — the item's own exponentially weighted mean of earlier ${d.bucket}s (half-life ${c.halfLifeBins} ${d.bucket}s, floor ${c.minRate}). An item's first busy ${d.bucket} is a spike by construction; history before the range is used as baseline.`,
        ),
        h(
          'li',
          {},
          "Top posts are originals ranked by reposts in the data set; the text shown is the repost's copy of it.",
        ),
        h(
          'li',
          {},
          'The data cannot show: who runs an account, whether posts were paid for or coordinated (see the network explorer for the chance tests), deleted or unseen posts, what the collection missed (its keywords and limits decide what is here), or views and reach.',
        ),
        h(
          'li',
          {},
          'Times are UTC. "Last refreshed" is when the run was imported; nothing here updates live.',
        ),
      ),
    ),
  );
}

function itemCell(kind: DashboardKind, i: DashboardItem): HTMLElement {
  if (kind === 'hashtag') return h('td', {}, label(`#${i.key}`));
  if (kind === 'url') return h('td', { class: 'wrap' }, postText(i.key));
  if (kind === 'account')
    return h('td', {}, label(i.label ?? i.key), i.label ? h('span', { class: 'muted' }, ` ${i.key}`) : null);
  if (kind === 'post')
    return h(
      'td',
      { class: 'wrap' },
      postText(i.label),
      h('div', { class: 'post-meta' }, 'original by ', label(i.author ?? 'unknown'), ` · id ${i.key}`),
    );
  return h('td', {}, label(i.key));
}

function section(
  d: Dashboard,
  runId: string,
  q: DashboardQuery,
  kind: DashboardKind,
  items: DashboardItem[],
): HTMLElement {
  const rows = items.map((i, rank) => {
    const open = h(
      'button',
      { type: 'button', class: 'open-finding', 'data-kind': kind, 'data-key': i.key },
      'Open a case',
    );
    if (i.accounts.length === 0) {
      open.disabled = true;
      open.title = "No account of the run's results posted it: a case needs accounts of the run";
    } else
      open.addEventListener('click', () => {
        open.disabled = true;
        api
          .openFindingCase(runId, { kind, key: i.key, ...q })
          .then((v) => {
            location.hash = `#/cases/${encodeURIComponent(v.case.id)}`;
          })
          .catch((e: unknown) => {
            open.disabled = false;
            open.after(
              h('span', { class: 'error', role: 'alert' }, ` ${e instanceof Error ? e.message : String(e)}`),
            );
          });
      });
    const peak = i.spikes.reduce((m, s) => Math.max(m, s.surprise), 0);
    return h(
      'tr',
      {},
      h('td', { class: 'num' }, rank + 1),
      itemCell(kind, i),
      h('td', { class: 'num' }, fmt(i.count)),
      h('td', {}, itemCurve(i.curve, i.spikes, d.curveStart, d.bucket)),
      h('td', {}, i.spikes.length ? `${i.spikes.length} ▲, surprise ≤ ${fmt(peak, 1)}` : '—'),
      h('td', { class: 'num' }, i.accounts.length),
      h('td', {}, open),
    );
  });
  return h(
    'section',
    { class: 'dash-section', id: `top-${kind}` },
    h('h2', {}, TITLES[kind]),
    items.length === 0
      ? h('p', { class: 'muted' }, 'Nothing in this range.')
      : h(
          'table',
          { class: 'dash-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['#', 'Item', 'Posts', `Per ${d.bucket}`, 'Spikes', 'Run accounts', ''].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
  );
}

function controls(d: Dashboard, runId: string, q: DashboardQuery, lists: api.Watchlist[]): HTMLElement {
  const scope = h(
    'select',
    { id: 'dash-scope' },
    h('option', { value: '' }, 'The whole run'),
    ...lists.map((w) =>
      h(
        'option',
        { value: w.id, selected: q.watchlist === w.id },
        `Watchlist: ${w.name} (${w.accounts.length})`,
      ),
    ),
  );
  const from = h('input', {
    id: 'dash-from',
    type: 'datetime-local',
    value: toInput(d.from),
    min: toInput(d.dataFrom ?? d.from),
    max: toInput(d.dataTo ?? d.to),
  });
  const to = h('input', {
    id: 'dash-to',
    type: 'datetime-local',
    value: toInput(d.to),
    min: toInput(d.dataFrom ?? d.from),
    max: toInput(d.dataTo ?? d.to),
  });
  const bucket = h(
    'select',
    { id: 'dash-bucket' },
    h('option', { value: '' }, 'automatic'),
    h('option', { value: 'hour', selected: q.bucket === 'hour' }, 'per hour'),
    h('option', { value: 'day', selected: q.bucket === 'day' }, 'per day'),
  );
  const form = h(
    'form',
    { class: 'dash-controls', 'aria-label': 'Scope and time range' },
    h('label', { for: 'dash-scope' }, 'Scope'),
    scope,
    h('label', { for: 'dash-from' }, 'From (UTC)'),
    from,
    h('label', { for: 'dash-to' }, 'To (UTC)'),
    to,
    h('label', { for: 'dash-bucket' }, 'Curves'),
    bucket,
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next: DashboardQuery = {};
    const f = fromInput(from.value);
    const t = fromInput(to.value);
    if (f) next.from = f;
    if (t) next.to = t;
    if (bucket.value === 'hour' || bucket.value === 'day') next.bucket = bucket.value;
    if (scope.value) next.watchlist = scope.value;
    go(runId, next);
  });
  const end = Date.parse(d.dataTo ?? d.to);
  const preset = (name: string, hours: number | null): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: 'link-button' }, name);
    b.addEventListener('click', () => {
      const next: DashboardQuery = q.watchlist ? { watchlist: q.watchlist } : {};
      if (hours !== null) next.from = new Date(end - hours * 3_600_000).toISOString();
      go(runId, next);
    });
    return b;
  };
  return h(
    'div',
    {},
    form,
    h(
      'p',
      { class: 'presets' },
      'Range: ',
      preset('whole run', null),
      ' · ',
      preset('last 24 hours', 24),
      ' · ',
      preset('last 7 days', 168),
    ),
  );
}

function watchlistPanel(lists: api.Watchlist[], runId: string): HTMLElement {
  const name = h('input', { id: 'wl-name', type: 'text', maxlength: 100, required: true });
  const accounts = h('textarea', { id: 'wl-accounts', rows: 3, required: true });
  const msg = h('p', { role: 'status' });
  const form = h(
    'form',
    { class: 'wl-form' },
    h('label', { for: 'wl-name' }, 'Name'),
    name,
    h('label', { for: 'wl-accounts' }, 'Account ids, one per line or separated by spaces'),
    accounts,
    h('button', { type: 'submit' }, 'Save watchlist'),
    msg,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ids = accounts.value.split(/[\s,]+/).filter((s) => s !== '');
    api
      .createWatchlist({ name: name.value, accounts: ids })
      .then((w) => {
        go(runId, { watchlist: w.id });
      })
      .catch((err: unknown) => {
        msg.replaceChildren(h('span', { class: 'error' }, err instanceof Error ? err.message : String(err)));
      });
  });
  const rows = lists.map((w) => {
    const del = h('button', { type: 'button', class: 'link-button' }, `Delete ${w.name}`);
    del.addEventListener('click', () => {
      void api.deleteWatchlist(w.id).then(() => {
        go(runId, {});
      });
    });
    return h(
      'li',
      {},
      label(w.name),
      ` — ${w.accounts.length} accounts, by ${w.createdBy}, ${day(w.updatedAt)} `,
      del,
    );
  });
  return h(
    'details',
    { class: 'card' },
    h('summary', {}, `Your organisation's watchlists (${lists.length})`),
    rows.length ? h('ul', {}, ...rows) : h('p', { class: 'muted' }, 'None yet.'),
    form,
  );
}

export async function dashboardView(runId: string): Promise<void> {
  const q = readQuery();
  const [d, lists] = await Promise.all([api.dashboard(runId, q), api.watchlists()]);
  const scope =
    d.scope.kind === 'run'
      ? 'the whole run'
      : `watchlist ${d.scope.name} (${d.scope.accounts} accounts${d.scope.missing.length ? `; ${d.scope.missing.length} not among the run's accounts: ${d.scope.missing.join(', ')}` : ''})`;
  show(
    h(
      'p',
      { class: 'crumbs' },
      h('a', { href: `#/runs/${encodeURIComponent(runId)}` }, 'Network explorer'),
      ' · ',
      h('a', { href: '#/runs' }, 'Runs'),
    ),
    h('h1', {}, 'Data-set dashboard: ', label(d.runTitle)),
    disclaimer(d),
    h(
      'p',
      { class: 'facts', id: 'dash-facts' },
      `Showing ${scope}, ${day(d.from)} to ${day(d.to)} UTC, per ${d.bucket}. Data: ${d.dataFrom ? day(d.dataFrom) : '—'} to ${d.dataTo ? day(d.dataTo) : '—'} UTC. `,
      h('strong', {}, `Last refreshed ${day(d.refreshedAt)} UTC`),
      ' (run import).',
    ),
    controls(d, runId, q, lists),
    totalsChart(d.totals, d.totalSpikes, d.curveStart, d.bucket),
    ...d.sections.map((s) => section(d, runId, q, s.kind, s.items)),
    watchlistPanel(lists, runId),
  );
}
