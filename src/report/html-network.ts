/** One network's evidence card in report.html: summary, chance estimate, objects, timeline, posts, members. */
import type { AccountResult, DetectionResult, FactCheckRef, Network } from '../core/result.js';
import { networkAutomation } from './automation.js';
import { breakable, colour, esc, fmt, prob, when } from './html-escape.js';

/** Tick positions of a card's time axis, as fractions of the run's span. */
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * Bursts as bars on the run's common time axis, so cards can be compared by eye: a baseline with five
 * ticks, each labelled with its date and time below, and bar heights by √co-actions (said under it).
 */
function timeline(n: Network, t0: number, t1: number): string {
  if (n.timeline.length === 0) return '<p class="muted">No bursts recorded.</p>';
  const W = 640;
  const H = 60;
  const span = Math.max(t1 - t0, 1);
  const maxC = Math.max(...n.timeline.map((b) => b.coActions), 1);
  const bars = n.timeline.map((b) => {
    const x = ((b.start - t0) / span) * W;
    const w = Math.max(2, ((b.end - b.start) / span) * W);
    const h = 6 + (H - 18) * Math.sqrt(b.coActions / maxC);
    return `<rect x="${x.toFixed(1)}" y="${(H - 12 - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"><title>${when(b.start)} – ${when(b.end)} UTC: ${b.coActions} co-actions by ${b.accounts} accounts</title></rect>`;
  });
  const ticks = TICKS.map((f) => {
    const x = Math.min(W - 0.5, Math.max(0.5, f * W)).toFixed(1);
    return `<line x1="${x}" y1="${H - 12}" x2="${x}" y2="${H - 8}" class="axis"/>`;
  });
  const labels = TICKS.map((f) => `<span>${when(Math.round(t0 + f * (t1 - t0)))}</span>`);
  // Labels sit outside the SVG: it is stretched to the card's width, which would distort text.
  return `<svg class="timeline" viewBox="0 0 ${W} ${H - 8}" preserveAspectRatio="none" role="img" aria-label="${n.timeline.length} bursts from ${when(t0)} to ${when(t1)} UTC"><line x1="0" y1="${H - 12}" x2="${W}" y2="${H - 12}" class="axis"/>${ticks.join('')}${bars.join('')}</svg><div class="axis-labels">${labels.join('')}</div><p class="muted small">time (UTC) on the run's common axis; ${n.timeline.length} bursts, bar height grows with √co-actions (peak ${maxC})</p>`;
}

/** Matched fact checks as links: publisher, rating and the review URL (`detect --factchecks`). */
function factCheckLinks(refs: FactCheckRef[] | undefined): string {
  if (!refs?.length) return '';
  const items = refs.map(
    (f) =>
      `<li class="fc fc-${esc(f.verdict)}"><a href="${esc(f.url)}" rel="noopener noreferrer">${esc(f.publisher ?? f.url)}</a>: <b>${esc(f.rating ?? f.verdict)}</b> — ${esc(f.claim)} <span class="muted">(score ${fmt(f.score)}; ${esc(f.why)})</span></li>`,
  );
  return `<ul class="factchecks">${items.join('')}</ul>`;
}

function objects(n: Network): string {
  if (n.topObjects.length === 0) return '';
  const rows = n.topObjects
    .slice(0, 10)
    .map(
      (o) =>
        `<tr><td><span class="chip">${esc(o.behaviour)}</span></td><td class="obj">${breakable(o.label ?? o.object)}${factCheckLinks(o.factChecks)}</td><td>${o.accounts}</td><td>${o.actions}</td></tr>`,
    );
  return `<h4>Top shared objects</h4><table><thead><tr><th>behaviour</th><th>object</th><th>accounts</th><th>actions</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function examples(n: Network, names: Map<string, string>): string {
  if (n.examples.length === 0) return '';
  const items = n.examples
    .slice(0, 8)
    .map(
      (x) =>
        `<li><span class="when">${when(x.time)}</span> <b>@${esc(names.get(x.account) ?? x.account)}</b> <span class="chip">${esc(x.behaviour)}</span><div class="text">${esc(x.text ?? '(no text)')}</div>${factCheckLinks(x.factChecks)}</li>`,
    );
  return `<h4>Example posts</h4><ul class="examples">${items.join('')}</ul>`;
}

/** The automation score with every contribution, strongest first, and what was unavailable. */
function automationCell(a: AccountResult): string {
  const auto = a.automation;
  if (auto === undefined) return '<span class="muted">–</span>';
  const items = auto.contributions
    .filter((c) => c.available)
    .sort((x, y) => Math.abs(y.logOdds) - Math.abs(x.logOdds))
    .map((c) => `<li><b>${esc(c.signal)}</b> ${esc(c.explanation)}</li>`)
    .join('');
  const missing = auto.unavailable.length
    ? `<p class="muted small">Unavailable (add 0): ${esc(auto.unavailable.join(', '))}.</p>`
    : '';
  return `<details><summary>${fmt(auto.score)}</summary><p class="small">Prior ${fmt(auto.prior)} (log-odds ${fmt(Math.log(auto.prior / (1 - auto.prior)))}) plus the contributions below: log-odds ${fmt(auto.logit)}.</p><ul class="small">${items}</ul>${missing}</details>`;
}

function members(n: Network, accounts: Map<string, AccountResult>): string {
  const rows = n.members
    .map((m) => accounts.get(m) ?? { account: m, network: n.id, score: 0, posts: 0, signals: [] })
    .sort((a, b) => b.score - a.score)
    .map((a) => {
      const flagged = a.signals.filter((s) => s.flagged);
      const sig = flagged
        .map(
          (s) =>
            `<details><summary class="flag">${esc(s.name)}</summary><p>${esc(s.explanation)}</p></details>`,
        )
        .join('');
      return `<tr><td>@${esc(a.screenName ?? '')}<div class="muted small">${esc(a.account)}</div></td><td>${fmt(a.score)}</td><td>${a.posts}</td><td>${automationCell(a)}</td><td>${sig || '<span class="muted">none</span>'}</td></tr>`;
    });
  return `<h4>Members (${n.members.length})</h4><table class="members"><thead><tr><th>account</th><th>score</th><th>posts</th><th title="0–1 automation score; open for each contribution">automation</th><th>flagged signals</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function networkCard(
  n: Network,
  index: number,
  r: DetectionResult,
  ctx: { t0: number; t1: number; accounts: Map<string, AccountResult>; names: Map<string, string> },
): string {
  const chance =
    n.expected === undefined
      ? '<span class="muted">no chance model (CooRTweet parity mode)</span>'
      : `${esc(n.chanceBehaviour ?? '')} co-actions${n.chanceTest === 'lag' ? ' at a steady lag' : ''} <b>${fmt(n.observed)}</b> against <b>${fmt(n.expected)}</b> expected by chance · p <b>${prob(n.pValue)}</b> · q <b>${prob(n.qValue)}</b>`;
  const flaggedMembers = n.members.filter((m) => ctx.accounts.get(m)?.signals.some((s) => s.flagged)).length;
  const auto = networkAutomation(n.members, ctx.accounts);
  const autoStat =
    auto.median === null
      ? ''
      : `<span class="stat" title="median of the members' automation scores; ${auto.likelyAutomated} of ${auto.scored} score 0.5 or more">automation median <b>${fmt(auto.median)}</b></span>`;
  // What the filter box finds a card by: its id, members, behaviours and every shared object
  // (hashtag, URL, domain, reposted post, text) with its label.
  const search = [
    n.id,
    ...n.members.map((m) => ctx.names.get(m) ?? m),
    ...n.members,
    ...n.behaviours,
    ...n.topObjects.flatMap((o) => (o.label === undefined ? [o.object] : [o.object, o.label])),
  ]
    .join(' ')
    .toLowerCase();
  return `<section class="network" id="${esc(n.id)}" data-net="${esc(n.id)}" data-behaviours="${esc(n.behaviours.join(' '))}" data-search="${esc(search)}">
<header><span class="swatch" style="background:${colour(index)}"></span><h3>${esc(n.id)}</h3>
<span class="stat"><b>${n.members.length}</b> accounts</span><span class="stat">score <b>${fmt(n.score)}</b></span>
<span class="stat">density <b>${fmt(n.density)}</b></span><span class="stat"><b>${flaggedMembers}</b> with flagged signals</span>${autoStat}
${n.behaviours.map((b) => `<span class="chip">${esc(b)}</span>`).join('')}</header>
<p class="summary">${esc(n.summary)}</p><p class="chance">${chance} · ${n.edges} edges</p>
${n.factChecks?.length ? `<h4>Fact checks matched</h4>${factCheckLinks(n.factChecks)}` : ''}
<h4>Timeline of bursts</h4>${timeline(n, ctx.t0, ctx.t1)}
<div class="cols"><div>${objects(n)}${examples(n, ctx.names)}</div><div>${members(n, ctx.accounts)}</div></div>
</section>`;
}
