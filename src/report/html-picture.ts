/** The network picture of report.html: the ForceAtlas2 layout drawn as inline SVG. */
import type { DetectionResult } from '../core/result.js';
import { colour, esc, fmt } from './html-escape.js';
import { layoutNetworks, type Layout } from './layout.js';

/** `laidOut`: the layout already computed for this result and seed (e.g. in a worker thread). */
export function networkPicture(r: DetectionResult, seed: number, laidOut?: Layout): string {
  const layout = laidOut ?? layoutNetworks(r, { seed });
  if (layout.nodes.length === 0) {
    return '<p class="empty" id="picture-empty">No coordinated networks were found, so there is nothing to draw.</p>';
  }
  const W = 1000;
  const H = 640;
  const pad = 24;
  const xs = layout.nodes.map((n) => n.x);
  const ys = layout.nodes.map((n) => n.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const k = Math.min((W - 2 * pad) / Math.max(x1 - x0, 1e-9), (H - 2 * pad) / Math.max(y1 - y0, 1e-9));
  const ox = (W - (x1 - x0) * k) / 2;
  const oy = (H - (y1 - y0) * k) / 2;
  const pos = new Map(layout.nodes.map((n) => [n.id, [ox + (n.x - x0) * k, oy + (n.y - y0) * k] as const]));
  const names = new Map(r.accounts.map((a) => [a.account, a.screenName ?? a.account]));
  const maxW = Math.max(...layout.edges.map((e) => e.weight), 1);
  const maxScore = Math.max(...layout.nodes.map((n) => n.score), 1);
  const lines = layout.edges.map((e) => {
    const [ax, ay] = pos.get(e.a)!;
    const [bx, by] = pos.get(e.b)!;
    const w = 0.4 + 2 * Math.sqrt(e.weight / maxW);
    return `<line x1="${ax.toFixed(1)}" y1="${ay.toFixed(1)}" x2="${bx.toFixed(1)}" y2="${by.toFixed(1)}" stroke-width="${w.toFixed(2)}"/>`;
  });
  const dots = layout.nodes.map((n) => {
    const [x, y] = pos.get(n.id)!;
    const rad = 3 + 7 * Math.sqrt(n.score / maxScore);
    return `<circle class="node" data-net="${esc(n.network)}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${rad.toFixed(1)}" fill="${colour(n.group)}"><title>${esc(names.get(n.id) ?? n.id)} · ${esc(n.network)} · score ${fmt(n.score)}</title></circle>`;
  });
  // Network labels at the members' centroid.
  const labels = r.networks
    .filter((n) => pos.has(n.members[0]!))
    .slice(0, 40)
    .map((n) => {
      const ps = n.members.map((m) => pos.get(m)).filter((p) => p !== undefined);
      const cx = ps.reduce((s, p) => s + p[0], 0) / ps.length;
      const cy = Math.min(...ps.map((p) => p[1])) - 8;
      return `<text class="label" data-net="${esc(n.id)}" x="${cx.toFixed(1)}" y="${Math.max(12, cy).toFixed(1)}">${esc(n.id)}</text>`;
    });
  const note =
    layout.omittedNetworks > 0
      ? `<p class="note">${layout.omittedNetworks} smaller networks are not drawn (node budget); they are listed below.</p>`
      : '';
  return `<svg id="picture" viewBox="0 0 ${W} ${H}" role="img" aria-label="Network picture: ${layout.nodes.length} accounts in ${r.networks.length - layout.omittedNetworks} networks"><g class="edges">${lines.join('')}</g><g class="nodes">${dots.join('')}</g><g class="labels">${labels.join('')}</g></svg>${note}`;
}
