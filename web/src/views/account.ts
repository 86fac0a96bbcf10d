/**
 * The account page: activity timeline (posts per hour or day, with axes), hour-of-day profile against
 * the data set's, co-actions with each partner (what, how many, when, at what lag), signals with their
 * explanations, the automation score's contributions, and example posts (XSS-safe, safe-text.ts).
 */
import type { AccountPage, Activity } from '../../../src/workspace/api-schema.js';
import type { CaseSummary } from '../../../src/workspace/case-schema.js';
import * as api from '../api.js';
import { day, fmt, h, show, svg } from '../dom.js';
import { label, postText } from '../safe-text.js';
import { caseRows } from './cases.js';
import type { ChartFrame } from './chart-axes.js';
import { inner, niceScale, timeTicks, xBase, yAxis } from './chart-axes.js';

const F: ChartFrame = { w: 720, h: 180, m: { left: 44, right: 12, top: 10, bottom: 34 } };
const W = F.w;
const H = F.h;
const M = F.m;

function timeline(a: Activity): SVGElement {
  const n = a.counts.length;
  const { top, step } = niceScale(Math.max(0, ...a.counts));
  const { iw, ih } = inner(F);
  const bw = iw / Math.max(1, n);
  const start = Date.parse(a.start);
  const parts: SVGElement[] = yAxis(F, top, step, 'posts');
  a.counts.forEach((c, i) => {
    if (c === 0) return;
    const bh = (c / top) * ih;
    const when = new Date(start + i * a.bucketSeconds * 1000).toISOString();
    parts.push(
      svg(
        'rect',
        { x: M.left + i * bw, y: M.top + ih - bh, width: Math.max(1, bw - 0.5), height: bh, class: 'bar' },
        svg('title', {}, `${day(when)} UTC: ${c} posts`),
      ),
    );
  });
  parts.push(...timeTicks(F, n, a.start, a.bucketSeconds * 1000));
  parts.push(...xBase(F, `time (UTC), one bar per ${a.bucketSeconds < 86400 ? 'hour' : 'day'}`));
  return svg(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      class: 'chart',
      id: 'timeline',
      role: 'img',
      'aria-label': 'Posts over time',
    },
    ...parts,
  );
}

/** Share of posts per UTC hour: the account (bars) against the data set (line). */
function hourProfile(mine: number[], all: number[]): SVGElement {
  const share = (xs: number[]): number[] => {
    const t = xs.reduce((s, x) => s + x, 0) || 1;
    return xs.map((x) => (100 * x) / t);
  };
  const a = share(mine);
  const d = share(all);
  const { top, step } = niceScale(Math.max(...a, ...d));
  const { iw, ih } = inner(F);
  const bw = iw / 24;
  const parts: SVGElement[] = yAxis(F, top, step, '% of posts');
  a.forEach((v, i) => {
    const bh = (v / top) * ih;
    parts.push(
      svg(
        'rect',
        { x: M.left + i * bw + 1, y: M.top + ih - bh, width: bw - 2, height: bh, class: 'bar' },
        svg(
          'title',
          {},
          `${i}:00 UTC: ${v.toFixed(1)}% of this account's posts, ${d[i]!.toFixed(1)}% of the data set's`,
        ),
      ),
    );
  });
  const pts = d.map((v, i) => `${M.left + (i + 0.5) * bw},${M.top + ih - (v / top) * ih}`).join(' ');
  parts.push(svg('polyline', { points: pts, class: 'dataset-line' }));
  for (let i = 0; i < 24; i += 3)
    parts.push(
      svg('text', { x: M.left + (i + 0.5) * bw, y: H - 18, 'text-anchor': 'middle', class: 'tick' }, `${i}h`),
    );
  parts.push(...xBase(F, 'hour of day (UTC): bars this account, line the data set'));
  return svg(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      class: 'chart',
      id: 'hours',
      role: 'img',
      'aria-label': 'Hour-of-day profile',
    },
    ...parts,
  );
}

function table(head: string[], rows: (Node | string)[][]): HTMLElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

function examples(p: AccountPage): HTMLElement {
  if (p.examples.length === 0) return h('p', { class: 'muted' }, 'No example posts in this run.');
  return h(
    'ol',
    { class: 'posts', id: 'examples' },
    ...p.examples.map((e) =>
      h(
        'li',
        {},
        h(
          'div',
          { class: 'post-meta' },
          `${day(e.time)} UTC`,
          e.behaviour ? ` · ${e.behaviour}` : '',
          e.id ? ` · post ${e.id}` : '',
          e.repostOf ? ' · repost of ' : '',
          e.repostOf ? label(e.repostOf) : '',
        ),
        postText(e.text),
      ),
    ),
  );
}

/** The account's cases, a way to pin it into one of the run's open cases, or to open a new one. */
function casesPanel(
  runId: string,
  account: string,
  cases: readonly CaseSummary[],
  open: readonly CaseSummary[],
): HTMLElement {
  const msg = h('p', { class: 'error', role: 'alert', 'aria-live': 'polite' });
  const fail = (e: unknown): void => {
    msg.textContent = e instanceof Error ? e.message : String(e);
  };
  const go = (caseId: string): void => {
    location.hash = `#/cases/${encodeURIComponent(caseId)}`;
  };
  const pick = h('select', { id: 'pin-case' }, ...open.map((c) => h('option', { value: c.id }, c.title)));
  const comment = h('input', { id: 'pin-comment', type: 'text', maxlength: 1000 });
  const pinButton = h('button', { type: 'button', id: 'pin-button' }, 'Pin to case');
  pinButton.addEventListener('click', () => {
    api.pin(pick.value, account, comment.value.trim() || undefined).then((v) => {
      go(v.case.id);
    }, fail);
  });
  const openButton = h('button', { type: 'button', id: 'open-case-account' }, 'Open a case on this account');
  openButton.addEventListener('click', () => {
    api.openCase({ runId, accounts: [account] }).then((v) => {
      go(v.case.id);
    }, fail);
  });
  return h(
    'section',
    { id: 'account-cases', 'aria-labelledby': 'account-cases-title' },
    h('h2', { id: 'account-cases-title' }, 'Cases'),
    cases.length === 0 ? h('p', { class: 'muted' }, 'In no case of your organisation.') : caseRows(cases),
    open.length > 0
      ? h(
          'p',
          {},
          h('label', { for: 'pin-case' }, 'Pin as evidence in '),
          pick,
          ' ',
          h('label', { for: 'pin-comment' }, 'why '),
          comment,
          ' ',
          pinButton,
        )
      : null,
    h('p', {}, openButton),
    msg,
  );
}

export async function accountView(runId: string, id: string): Promise<void> {
  const [p, cases, all] = await Promise.all([
    api.account(runId, id),
    api.accountCases(runId, id),
    api.cases(),
  ]);
  const open = all.filter((c) => c.runId === runId && c.status !== 'closed');
  const run = `#/runs/${encodeURIComponent(runId)}`;
  const partnerLink = (acc: string, text: string): HTMLElement =>
    h('a', { href: `${run}/accounts/${encodeURIComponent(acc)}` }, label(text));
  show(
    h(
      'nav',
      { class: 'crumbs' },
      h('a', { href: '#/runs' }, 'Runs'),
      ' › ',
      h('a', { href: run }, 'Explorer'),
      ' › ',
      label(p.screenName ?? p.account),
    ),
    h('h1', { id: 'account-title' }, label(p.screenName ?? p.account)),
    h(
      'p',
      { class: 'facts' },
      `Account ${p.account} · network ${p.network ?? 'none'} · score ${fmt(p.score)} · ${fmt(p.posts)} posts`,
      p.automation ? ` · automation score ${p.automation.score.toFixed(2)}` : '',
    ),
    h(
      'p',
      { class: 'notice' },
      'Appearing here is a question for an analyst, not an accusation: the evidence below is what the run measured.',
    ),
    casesPanel(runId, p.account, cases, open),
    h('h2', {}, 'Activity'),
    p.activity
      ? timeline(p.activity)
      : h('p', { class: 'muted' }, 'The run was published without its input posts: no timeline.'),
    p.hours && p.datasetHours ? hourProfile(p.hours, p.datasetHours) : null,
    h('h2', {}, 'Co-actions with partners'),
    p.partners.length === 0
      ? h('p', { class: 'muted' }, 'No reported edges.')
      : table(
          ['Partner', 'Behaviour', 'Co-actions', 'Objects', '×chance', 'Lag', 'First (UTC)', 'Last (UTC)'],
          p.partners.map((x) => [
            partnerLink(x.account, x.label),
            x.behaviour,
            fmt(x.coActions),
            fmt(x.objects),
            x.ratio === null ? '—' : `×${fmt(x.ratio, 1)}`,
            x.lag === null ? '—' : `${x.lag > 0 ? '+' : ''}${fmt(x.lag, 0)} s`,
            day(x.first),
            day(x.last),
          ]),
        ),
    h('h2', {}, 'Signals'),
    p.signals.length === 0
      ? h('p', { class: 'muted' }, 'No signals computed.')
      : h(
          'ul',
          { class: 'signals' },
          ...p.signals.map((s) =>
            h(
              'li',
              { class: s.flagged ? 'flagged' : '' },
              h('strong', {}, s.name),
              s.flagged ? ' (flagged)' : '',
              ': ',
              s.explanation,
            ),
          ),
        ),
    p.automation
      ? h(
          'details',
          {},
          h('summary', {}, `Automation score ${p.automation.score.toFixed(2)}: what moved it`),
          h(
            'ul',
            {},
            ...p.automation.contributions.map((c) =>
              h(
                'li',
                {},
                h('strong', {}, c.signal),
                c.available ? ` ${c.logOdds >= 0 ? '+' : ''}${c.logOdds.toFixed(2)}: ` : ' (unavailable): ',
                c.explanation,
              ),
            ),
          ),
        )
      : null,
    h('h2', {}, 'Example posts'),
    examples(p),
  );
}
