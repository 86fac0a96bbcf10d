/**
 * report.html: one self-contained page (inline CSS, JS and SVG; no external URL, no request) an
 * analyst can open offline: the run at a glance, the network picture, and per network its evidence.
 * Networks past `maxNetworks` are listed in a table only, to keep the page light on large runs.
 */
import type { DetectionResult } from '../core/result.js';
import { colour, esc, fmt, prob, when } from './html-escape.js';
import { networkCard } from './html-network.js';
import { networkPicture } from './html-picture.js';
import type { Layout } from './layout.js';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f4f5f8}
header.top{background:#1d2330;color:#fff;padding:20px 32px}header.top h1{margin:0 0 4px;font-size:22px}header.top p{margin:0;color:#b9c0d0}
main{max-width:1280px;margin:0 auto;padding:20px 32px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:0 0 20px}
.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0001}.card .v{font-size:24px;font-weight:600}.card .k{color:#667;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.panel{background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 2px #0001;margin-bottom:20px}
#picture{width:100%;height:auto;background:#fbfcfe;border-radius:6px}#picture .edges line{stroke:#8a94a8;stroke-opacity:.35}
#picture .node{stroke:#fff;stroke-width:.8;cursor:pointer}#picture .label{font-size:11px;font-weight:600;fill:#1d2330;text-anchor:middle;pointer-events:none}
#picture.dim .node:not(.hi){opacity:.15}#picture.dim .label:not(.hi){opacity:.2}
.toolbar{display:flex;gap:12px;align-items:center;margin:8px 0 16px;flex-wrap:wrap}.toolbar input,.toolbar select{padding:6px 10px;border:1px solid #ccd;border-radius:6px;font:inherit}
section.network{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:16px;box-shadow:0 1px 2px #0001;border-left:4px solid transparent}
section.network:target,section.network.hi{border-left-color:#e0533d}
section.network header{display:flex;gap:14px;align-items:center;flex-wrap:wrap}section.network h3{margin:0;font-size:18px}
.swatch{width:14px;height:14px;border-radius:50%;display:inline-block}.stat{color:#445}.chip{display:inline-block;white-space:nowrap;background:#eef1f7;border-radius:10px;padding:1px 8px;font-size:12px;color:#334}
.summary{font-size:15px;margin:10px 0 4px}.chance{color:#445;margin:0 0 8px}.muted{color:#889}.small{font-size:11px}
h4{margin:14px 0 6px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#556}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{overflow-wrap:break-word;word-break:normal;hyphens:none;text-align:left;padding:4px 6px;border-bottom:1px solid #eef;vertical-align:top}th{color:#667;font-weight:600}
td.obj{max-width:380px}.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}@media(max-width:900px){.cols{grid-template-columns:1fr}}
.timeline{width:100%;height:50px;display:block}.axis-labels{display:flex;justify-content:space-between;font-size:11px;color:#889}.timeline rect{fill:#e0533d;opacity:.8}.timeline .axis{stroke:#ccd}.timeline text{font-size:10px;fill:#889}
ul.examples{list-style:none;padding:0;margin:0}ul.examples li{padding:6px 0;border-bottom:1px solid #eef}.when{color:#889;font-size:12px}.text{margin-top:2px;overflow-wrap:break-word}
details summary.flag{cursor:pointer;color:#b23a26;font-weight:600}details p{margin:2px 0 6px;color:#445}
.note{color:#667;font-size:12px}.empty{color:#667;font-style:italic}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{color:#667}dd{margin:0}
`;

/** Plain DOM script: filter networks, and link picture ↔ cards by hover and click. */
const JS = `
(function(){
  var pic=document.getElementById('picture');
  var cards=[].slice.call(document.querySelectorAll('section.network'));
  function highlight(id){ if(!pic) return; pic.classList.toggle('dim',!!id);
    [].forEach.call(pic.querySelectorAll('[data-net]'),function(el){el.classList.toggle('hi',el.getAttribute('data-net')===id);}); }
  if(pic){ pic.addEventListener('click',function(e){var n=e.target.closest&&e.target.closest('[data-net]'); if(n){location.hash=n.getAttribute('data-net');}});
    pic.addEventListener('mouseover',function(e){var n=e.target.closest&&e.target.closest('[data-net]'); highlight(n?n.getAttribute('data-net'):null);});
    pic.addEventListener('mouseleave',function(){highlight(null);}); }
  cards.forEach(function(c){c.addEventListener('mouseenter',function(){highlight(c.dataset.net);});c.addEventListener('mouseleave',function(){highlight(null);});});
  var q=document.getElementById('filter'), b=document.getElementById('behaviour'), count=document.getElementById('shown');
  function apply(){ var s=(q.value||'').toLowerCase(), bv=b.value, n=0;
    cards.forEach(function(c){var ok=(!s||c.dataset.search.indexOf(s)>=0)&&(!bv||c.dataset.behaviours.split(' ').indexOf(bv)>=0); c.style.display=ok?'':'none'; if(ok)n++;});
    count.textContent=n; }
  if(q){q.addEventListener('input',apply);b.addEventListener('change',apply);apply();}
  document.body.setAttribute('data-ready','1');
})();
`;

/** The other files `detect --out` writes beside report.html (write-output.ts), linked from it. */
const OUTPUT_FILES: readonly (readonly [string, string])[] = [
  ['networks.json', 'networks with members, evidence and timelines'],
  ['edges.csv', 'every significant account pair per behaviour'],
  ['accounts.csv', 'every account in the results with its signals'],
  ['graph.gexf', 'the account graph for Gephi'],
  ['run.json', 'parameters and input summary'],
];

export interface HtmlOptions {
  /** Seed of the layout (default: the run's seed). */
  seed?: number;
  /** Networks drawn as full evidence cards (default 100); the rest go in a table. */
  maxNetworks?: number;
  /** The picture's layout when already computed for this result and seed (write-output.ts). */
  layout?: Layout;
}

export function renderReport(r: DetectionResult, options: HtmlOptions = {}): string {
  const seed = options.seed ?? r.parameters.seed;
  const maxNetworks = options.maxNetworks ?? 100;
  const accounts = new Map(r.accounts.map((a) => [a.account, a]));
  const names = new Map(r.accounts.map((a) => [a.account, a.screenName ?? a.account]));
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const n of r.networks)
    for (const b of n.timeline) {
      t0 = Math.min(t0, b.start);
      t1 = Math.max(t1, b.end);
    }
  for (const e of r.edges) {
    t0 = Math.min(t0, e.first);
    t1 = Math.max(t1, e.last);
  }
  // No networks and no edges: no span to show (never a 1970-01-01 one).
  const coActive = Number.isFinite(t0);
  if (!coActive) [t0, t1] = [0, 1];
  const inNetworks = r.accounts.filter((a) => a.network !== null).length;
  const behaviours = [...new Set(r.networks.flatMap((n) => n.behaviours))].sort();
  const cards = r.networks
    .slice(0, maxNetworks)
    .map((n, i) => networkCard(n, i, r, { t0, t1, accounts, names }))
    .join('\n');
  const rest = r.networks.slice(maxNetworks);
  const restTable =
    rest.length === 0
      ? ''
      : `<div class="panel"><h2>${rest.length} more networks</h2><table><thead><tr><th>id</th><th>accounts</th><th>score</th><th>q</th><th>behaviours</th></tr></thead><tbody>${rest
          .map(
            (n) =>
              `<tr><td>${esc(n.id)}</td><td>${n.members.length}</td><td>${fmt(n.score)}</td><td>${fmt(n.qValue)}</td><td>${esc(n.behaviours.join(', '))}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  const overview =
    r.networks.length === 0
      ? ''
      : `<div class="panel"><table class="overview"><thead><tr><th></th><th>network</th><th>accounts</th><th>score</th><th>× chance</th><th>q</th><th>behaviours</th><th>active</th></tr></thead><tbody>${r.networks
          .slice(0, maxNetworks)
          .map((n, i) => {
            // The same observed and expected co-actions as the network's chance test (not the weighted score).
            const ratio =
              n.observed !== undefined && n.expected !== undefined && n.expected > 0
                ? `${fmt(n.observed / n.expected)}×`
                : '–';
            const span = n.timeline.length
              ? `${when(n.timeline[0]!.start).slice(0, 10)} – ${when(n.timeline[n.timeline.length - 1]!.end).slice(0, 10)}`
              : '';
            return `<tr><td><span class="swatch" style="background:${colour(i)}"></span></td><td><a href="#${esc(n.id)}">${esc(n.id)}</a></td><td>${n.members.length}</td><td>${fmt(n.score)}</td><td>${ratio}</td><td>${prob(n.qValue)}</td><td>${esc(n.behaviours.join(', '))}</td><td>${span}</td></tr>`;
          })
          .join('')}</tbody></table></div>`;
  const p = r.parameters;
  const windows = Object.entries(p.windows)
    .map(([b, w]) => `${b} ${w} s`)
    .join(', ');
  const skipped = r.input.skippedExamples
    .slice(0, 10)
    .map((s) => `<li>${esc(s.file)}:${s.line} — ${esc(s.reason)}</li>`)
    .join('');
  const noNetworks =
    r.networks.length === 0
      ? '<p class="empty" id="no-networks">No coordinated networks were found in this input.</p>'
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Lockstep report — ${r.networks.length} networks</title><style>${CSS}</style></head>
<body>
<header class="top"><h1>Lockstep: accounts acting in lockstep</h1>
<p>${esc(r.input.files.map((f) => f.path).join(', '))} · ${esc(p.semantics)} semantics · finished ${esc(r.finishedAt)} · Lockstep ${esc(r.lockstepVersion)}</p></header>
<main>
<div class="cards">
<div class="card"><div class="v">${fmt(r.input.posts)}</div><div class="k">posts read</div></div>
<div class="card"><div class="v">${fmt(r.input.accounts)}</div><div class="k">accounts</div></div>
<div class="card"><div class="v" id="network-count">${r.networks.length}</div><div class="k">networks</div></div>
<div class="card"><div class="v">${fmt(inNetworks)}</div><div class="k">accounts in networks</div></div>
<div class="card"><div class="v">${fmt(r.edges.length)}</div><div class="k">significant edges</div></div>
<div class="card"><div class="v">${fmt(r.input.skipped)}</div><div class="k">rows skipped</div></div>
</div>
<div class="panel"><h2>Network picture</h2><p class="muted">Each dot is an account, coloured by network and sized by score; lines are coordinated ties (ForceAtlas2 layout). Hover to highlight a network, click to jump to its evidence.</p>
${networkPicture(r, seed, options.layout)}</div>
<div class="panel"><h2>How this run was made</h2><dl>
<dt>behaviours</dt><dd>${esc(p.behaviours.join(', '))}</dd><dt>windows</dt><dd>${esc(windows)} (${esc(p.windowSource)})</dd>
<dt>min participation</dt><dd>${p.minParticipation}</dd><dt>false-discovery rate</dt><dd>${p.fdr}</dd>${nullModelRows(p)}<dt>seed</dt><dd>${p.seed}</dd>
<dt>time span of co-activity</dt><dd>${coActive ? `${when(t0)} – ${when(t1)} UTC` : 'none (no co-activity was found)'}</dd>
</dl>${skipped ? `<h4>Skipped rows (first ${Math.min(10, r.input.skippedExamples.length)} of ${r.input.skipped})</h4><ul>${skipped}</ul>` : ''}</div>
<div class="panel" id="files"><h2>Files of this run</h2><p class="muted">Beside this report in its folder (docs/DETECT.md says what each holds):</p><ul class="files">${OUTPUT_FILES.map(([f, what]) => `<li><a href="${f}" download>${f}</a> — ${what}</li>`).join('')}</ul></div>
<h2>Networks</h2>${noNetworks}${overview}
<div class="toolbar"><input id="filter" type="search" aria-label="Filter networks" placeholder="Filter by account, network, behaviour or shared object (hashtag, URL, domain)"><select id="behaviour"><option value="">all behaviours</option>${behaviours.map((b) => `<option>${esc(b)}</option>`).join('')}</select><span class="muted"><span id="shown">${Math.min(r.networks.length, maxNetworks)}</span> shown</span></div>
${cards}
${restTable}
</main>
<script>${JS}</script>
</body></html>
`;
}

/** The chance model, effect floor and breadth a lockstep run used (run.json's nullModel, effectFloor, minObjects). */
function nullModelRows(p: DetectionResult['parameters']): string {
  const model = p['nullModel'] as { name?: string; nulls?: string[] } | undefined;
  if (model === undefined) return '';
  const floor = typeof p['effectFloor'] === 'number' ? `${p['effectFloor']}× expected co-actions` : '–';
  const breadth =
    typeof p['minObjects'] === 'number' ? `${p['minObjects']} distinct objects acted on together` : '–';
  return `<dt>null model</dt><dd>${esc(model.name ?? '')}: the largest of the ${esc((model.nulls ?? []).join(', '))} expectations</dd><dt>effect floor</dt><dd>${esc(floor)}</dd><dt>network breadth</dt><dd>${esc(breadth)}</dd>`;
}
