/**
 * The explorer's filters: which accounts and edges are shown. Behaviour, ×chance and the time range
 * act on edges; score, automation score, a flagged signal and the time range act on accounts (an
 * edge shows only between two shown accounts). The panel's controls write into one {@link Filters}
 * value and call `changed`; the explorer redraws.
 *
 * Cost: `visibleNodes` is O(V) once per change; an edge test is O(1) (a Set lookup and compares).
 */
import type { GraphNode, GraphHead, NetworkView } from '../../../src/workspace/api-schema.js';
import { fmt, h } from '../dom.js';

/** Steps of the time-range sliders (each slider position is 1/TIME_STEPS of the run's span). */
const TIME_STEPS = 200;

export interface Filters {
  behaviours: Set<string>;
  minRatio: number;
  minAutomation: number;
  minScore: number;
  /** A signal name the account must have flagged; '' for any. */
  signal: string;
  /** Time range in ms since the epoch: an edge or account active in [from, to] is shown. */
  from: number;
  to: number;
  query: string;
}

/** What the edge test reads, set once per edge when the graph is built. */
export interface EdgeFacts {
  behaviour: string;
  ratio: number | null;
  /** First and last co-action, ms since the epoch. */
  t0: number;
  t1: number;
}

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);

/** The run's span in ms ([0, 0] with no edges) and the filters at rest: everything shown. */
export function initialFilters(page: GraphHead): Filters {
  const from = page.span ? ms(page.span.first) : 0;
  const to = page.span ? ms(page.span.last) : 0;
  return {
    behaviours: new Set(page.behaviours),
    minRatio: 0,
    minAutomation: 0,
    minScore: 0,
    signal: '',
    from,
    to,
    query: '',
  };
}

/** The ids of accounts shown under `f`. Accounts with no edge have no time: any range keeps them. */
export function visibleNodes(page: GraphHead, f: Filters, full: { from: number; to: number }): Set<string> {
  const timed = f.from > full.from || f.to < full.to;
  const out = new Set<string>();
  for (const n of page.nodes) if (nodeShown(n, f, timed)) out.add(n.id);
  return out;
}

function nodeShown(n: GraphNode, f: Filters, timed: boolean): boolean {
  if (f.minAutomation > 0 && (n.automation === null || n.automation < f.minAutomation)) return false;
  if (f.minScore > 0 && n.score < f.minScore) return false;
  if (f.signal !== '' && !n.flagged.includes(f.signal)) return false;
  if (timed && n.first && n.last && (ms(n.last) < f.from || ms(n.first) > f.to)) return false;
  return true;
}

export function edgeShown(e: EdgeFacts, f: Filters): boolean {
  if (!f.behaviours.has(e.behaviour)) return false;
  if (f.minRatio > 0 && (e.ratio === null || e.ratio < f.minRatio)) return false;
  return e.t1 >= f.from && e.t0 <= f.to;
}

/** The filter controls for `page`, writing into `f` and calling `changed` after each change. */
export function filterPanel(page: GraphHead, f: Filters, changed: () => void): HTMLElement[] {
  const full = { from: f.from, to: f.to };
  const maxScore = Math.max(0, ...page.nodes.map((n) => n.score));
  const scoreStep = maxScore > 0 ? Number((maxScore / 100).toPrecision(1)) : 1;
  const slider = (
    id: string,
    text: string,
    attrs: { min: number; max: number; step: number; value: number },
    set: (v: number) => string,
  ): HTMLElement[] => {
    const out = h('output', { id: `${id}-out` }, set(attrs.value));
    const input = h('input', { id, type: 'range', ...attrs });
    input.addEventListener('input', () => {
      out.textContent = set(Number(input.value));
      changed();
    });
    return [h('label', { for: id }, text, out), input];
  };
  const when = (v: number): string => new Date(v).toISOString().slice(0, 16).replace('T', ' ');
  const at = (step: number): number => full.from + ((full.to - full.from) * step) / TIME_STEPS;
  const signal = h(
    'select',
    { id: 'signal' },
    h('option', { value: '' }, 'any'),
    ...(page.signals ?? []).map((s) => h('option', { value: s }, s)),
  );
  signal.addEventListener('change', () => {
    f.signal = signal.value;
    changed();
  });
  const behaviours = page.behaviours.map((b) => {
    const box = h('input', { type: 'checkbox', id: `behaviour-${b}`, 'data-behaviour': b, checked: true });
    box.addEventListener('change', () => {
      if (box.checked) f.behaviours.add(b);
      else f.behaviours.delete(b);
      changed();
    });
    return h('label', { class: 'check' }, box, ` ${b}`);
  });
  return [
    h('fieldset', {}, h('legend', {}, 'Behaviours'), ...behaviours),
    ...slider('min-ratio', 'Edges at least ', { min: 0, max: 50, step: 1, value: 0 }, (v) => {
      f.minRatio = v;
      return `×${v}`;
    }),
    ...slider(
      'min-score',
      'Account score at least ',
      { min: 0, max: maxScore, step: scoreStep, value: 0 },
      (v) => {
        f.minScore = v;
        return fmt(v);
      },
    ),
    ...slider(
      'min-automation',
      'Automation score at least ',
      { min: 0, max: 1, step: 0.05, value: 0 },
      (v) => {
        f.minAutomation = v;
        return v.toFixed(2);
      },
    ),
    h('label', { for: 'signal' }, 'Accounts with the flagged signal'),
    signal,
    ...(page.span
      ? [
          ...slider('time-from', 'Active from ', { min: 0, max: TIME_STEPS, step: 1, value: 0 }, (v) => {
            f.from = at(v);
            return when(f.from);
          }),
          ...slider(
            'time-to',
            'Active until ',
            { min: 0, max: TIME_STEPS, step: 1, value: TIME_STEPS },
            (v) => {
              f.to = at(v);
              return when(f.to);
            },
          ),
        ]
      : []),
  ];
}

/** Accounts matching `q`: by id or label, or through their networks' shared objects and example posts. */
export function matches(page: GraphHead, networks: Iterable<NetworkView>, q: string): Set<string> {
  const hit = new Set<string>();
  if (q === '') return hit;
  const needle = q.toLowerCase();
  for (const n of page.nodes)
    if (n.id.toLowerCase().includes(needle) || n.label.toLowerCase().includes(needle)) hit.add(n.id);
  for (const net of networks) {
    const objectHit = net.topObjects.some((o) =>
      [o.object, o.label, o.original?.author, o.original?.text].some((t) =>
        (t ?? '').toLowerCase().includes(needle),
      ),
    );
    if (objectHit || net.id.toLowerCase() === needle) for (const m of net.members) hit.add(m);
    for (const e of net.examples) if ((e.text ?? '').toLowerCase().includes(needle)) hit.add(e.account);
  }
  return hit;
}
