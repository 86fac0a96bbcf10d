/**
 * The explorer's second node type: the objects the run's accounts amplified (retweeted posts and
 * accounts, URLs, domains, hashtags), precomputed and bounded at import (src/workspace/graph-objects.ts)
 * and fetched the first time the analyst turns them on. They are drawn as squares in one dark colour
 * with account → object edges (weight: that account's actions on the object), and obey the
 * explorer's filters: an object edge shows only from a shown account, inside the time range, with its
 * kind's behaviour checked (where the run has that behaviour); an object shows when one of its edges
 * does. Clicking an object (or its search result) shows what it is: the original author and text of a
 * retweeted post, the URL, the hashtag.
 *
 * Cost: the fetch and O(objects + ties) to add them once; each filter change one O(ties) pass.
 */
import type Graph from 'graphology';
import { NodePointProgram } from 'sigma/rendering';
import type {
  GraphObject,
  GraphObjectEdge,
  GraphObjectsPage,
  GraphHead,
  ObjectKind,
} from '../../../src/workspace/api-schema.js';
import { OBJECT_KINDS } from '../../../src/workspace/api-schema.js';
import * as api from '../api.js';
import { fmt, h } from '../dom.js';
import { label, postText, safeHref } from '../safe-text.js';
import type { Filters } from './explorer-filters.js';

const OBJECT_COLOUR = '#3b3f46';
const OBJECT_EDGE_COLOUR = '#d8c7a3';

/** The behaviour whose co-actions an object kind is the target of (the behaviour filter's switch). */
const BEHAVIOUR_OF: Record<ObjectKind, string> = {
  post: 'co-retweet',
  account: 'co-retweet',
  url: 'co-link',
  domain: 'co-domain',
  hashtag: 'co-hashtag',
};

const KIND_NAMES: Record<ObjectKind, string> = {
  post: 'Retweeted posts',
  account: 'Retweeted accounts',
  url: 'URLs',
  domain: 'Domains',
  hashtag: 'Hashtags',
};

const SQUARE_FRAGMENT = `
precision mediump float;
varying vec4 v_color;
void main(void) {
  gl_FragColor = v_color;
}
`;

/** sigma's point program with a square fragment shader: objects look unlike the round accounts. */
export class NodeSquareProgram extends NodePointProgram {
  override getDefinition(): ReturnType<NodePointProgram['getDefinition']> {
    return { ...super.getDefinition(), FRAGMENT_SHADER_SOURCE: SQUARE_FRAGMENT };
  }
}

/** Marks an object edge in the graph (accounts' edges carry EdgeFacts instead). */
export interface ObjectEdgeAttrs {
  objectEdge: true;
  kind: ObjectKind;
  t0: number;
  t1: number;
}

export interface ObjectLayer {
  /** The panel's controls: the toggle, the kinds, the clicked object's card. */
  panel: HTMLElement;
  isObject(id: string): boolean;
  nodeShown(id: string): boolean;
  edgeShown(attrs: Record<string, unknown>, account: string): boolean;
  /** Recomputes which objects show, after the accounts or filters changed. */
  refresh(shownAccounts: ReadonlySet<string>): void;
  /** Objects whose label, key, author or text contains `q` (lower case), when shown. */
  matches(q: string): GraphObject[];
  open(id: string): void;
  /** Shown objects and ties (what the exports write). */
  visible(): { objects: GraphObject[]; edges: GraphObjectEdge[] };
  shownCount(): number;
}

export function objectLayer(
  runId: string,
  page: GraphHead,
  graph: Graph,
  filters: Filters,
  labels: ReadonlyMap<string, string>,
  changed: () => void,
): ObjectLayer {
  let data: GraphObjectsPage | undefined;
  let on = false;
  const kinds = new Set<ObjectKind>(OBJECT_KINDS);
  const byId = new Map<string, GraphObject>();
  let shown = new Set<string>();
  let shownAccounts: ReadonlySet<string> = new Set();
  const total = page.objectTotal ?? 0;

  const card = h('section', { id: 'object-card', class: 'object-card', 'aria-live': 'polite' });
  const status = h('p', { id: 'objects-status', class: 'muted' });
  const toggle = h('input', { type: 'checkbox', id: 'show-objects', disabled: total === 0 });
  const kindBoxes = OBJECT_KINDS.map((k) => {
    const box = h('input', { type: 'checkbox', id: `object-kind-${k}`, checked: true, disabled: true });
    box.addEventListener('change', () => {
      if (box.checked) kinds.add(k);
      else kinds.delete(k);
      changed();
    });
    return { box, el: h('label', { class: 'check' }, box, ` ${KIND_NAMES[k]}`) };
  });
  status.textContent =
    page.objectTotal === undefined
      ? 'Amplified objects: this run was imported before they were precomputed (add it again).'
      : total === 0
        ? 'Amplified objects: none (the run was added without its input posts, or no two accounts acted on one object).'
        : `${fmt(total)} amplified objects precomputed at import.`;

  const behaviourOn = (k: ObjectKind): boolean =>
    !page.behaviours.includes(BEHAVIOUR_OF[k]) || filters.behaviours.has(BEHAVIOUR_OF[k]);
  const tieShown = (kind: ObjectKind, account: string, t0: number, t1: number): boolean =>
    on &&
    kinds.has(kind) &&
    behaviourOn(kind) &&
    shownAccounts.has(account) &&
    t1 >= filters.from &&
    t0 <= filters.to;

  const load = async (): Promise<void> => {
    data = await api.graphObjects(runId);
    for (const o of data.objects) {
      // An account id that happens to look like `kind:key` keeps its node; the object is skipped.
      if (graph.hasNode(o.id)) continue;
      byId.set(o.id, o);
      graph.addNode(o.id, {
        label: o.label,
        x: o.x,
        y: o.y,
        size: 3 + Math.log1p(o.accounts),
        color: OBJECT_COLOUR,
        type: 'square',
        object: true,
      });
    }
    for (const e of data.edges) {
      const o = byId.get(e.object);
      if (!o || !graph.hasNode(e.account)) continue;
      const attrs: ObjectEdgeAttrs & { size: number; color: string } = {
        objectEdge: true,
        kind: o.kind,
        t0: Date.parse(e.first),
        t1: Date.parse(e.last),
        size: 0.4 + Math.log1p(e.weight) / 3,
        color: OBJECT_EDGE_COLOUR,
      };
      graph.addEdge(e.account, e.object, attrs);
    }
    status.textContent = `${fmt(byId.size)} objects (${fmt(data.candidates)} acted on by two or more accounts; the top ${fmt(byId.size)} by kind are kept) and ${fmt(data.edges.length)} of ${fmt(data.edgeTotal)} account → object ties, each account's and object's strongest first.`;
  };

  toggle.addEventListener('change', () => {
    on = toggle.checked;
    for (const k of kindBoxes) k.box.disabled = !on;
    if (!on || data) {
      changed();
      return;
    }
    toggle.disabled = true;
    status.textContent = 'Loading amplified objects…';
    load()
      .catch((e: unknown) => {
        on = toggle.checked = false;
        status.textContent = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        toggle.disabled = false;
        changed();
      });
  });

  const edgesOf = (id: string): GraphObjectEdge[] =>
    (data?.edges ?? []).filter((e) => e.object === id).sort((x, y) => y.weight - x.weight);

  const what = (o: GraphObject): HTMLElement => {
    switch (o.kind) {
      case 'post':
        return h(
          'p',
          {},
          'Retweets of ',
          label(`@${o.author === null ? 'unknown' : (labels.get(o.author) ?? o.author)}`),
          ': “',
          postText(o.text),
          '” ',
          h('span', { class: 'muted' }, `(post ${o.key})`),
        );
      case 'account':
        return h(
          'p',
          {},
          'Retweeted account ',
          labels.has(o.key)
            ? h(
                'a',
                { href: `#/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(o.key)}` },
                label(`@${labels.get(o.key) ?? o.key}`),
              )
            : label(`@${o.key}`),
        );
      case 'url': {
        const href = safeHref(o.key);
        return h(
          'p',
          {},
          'URL ',
          href
            ? h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, label(o.key))
            : label(o.key),
        );
      }
      case 'domain':
        return h('p', {}, 'Domain ', label(o.key));
      case 'hashtag':
        return h('p', {}, 'Hashtag ', label(`#${o.key}`));
    }
  };

  const layer: ObjectLayer = {
    panel: h(
      'fieldset',
      { class: 'objects-toggle' },
      h('legend', {}, 'Amplified objects'),
      h('label', { class: 'check' }, toggle, ' Show the objects the accounts acted on'),
      ...kindBoxes.map((k) => k.el),
      status,
      card,
    ),
    isObject: (id) => byId.has(id),
    nodeShown: (id) => shown.has(id),
    edgeShown: (attrs, account) => {
      const a = attrs as unknown as ObjectEdgeAttrs;
      return tieShown(a.kind, account, a.t0, a.t1);
    },
    refresh(accounts) {
      shownAccounts = accounts;
      shown = new Set();
      if (!on || !data) return;
      for (const e of data.edges) {
        const o = byId.get(e.object);
        if (o && !shown.has(o.id) && tieShown(o.kind, e.account, Date.parse(e.first), Date.parse(e.last)))
          shown.add(o.id);
      }
    },
    matches(q) {
      if (q === '' || !on) return [];
      const out: GraphObject[] = [];
      for (const o of byId.values())
        if (
          shown.has(o.id) &&
          [o.key, o.label, o.author, o.text].some((t) => (t ?? '').toLowerCase().includes(q))
        )
          out.push(o);
      return out;
    },
    open(id) {
      const o = byId.get(id);
      if (!o) return;
      const top = edgesOf(id).slice(0, 10);
      card.replaceChildren(
        h('h2', {}, KIND_NAMES[o.kind].replace(/s$/, '')),
        what(o),
        h(
          'p',
          {},
          `${fmt(o.accounts)} of the run's accounts acted on it, ${fmt(o.actions)} times in all. Most active here:`,
        ),
        h(
          'ul',
          { class: 'object-accounts' },
          ...top.map((e) =>
            h(
              'li',
              {},
              h(
                'a',
                { href: `#/runs/${encodeURIComponent(runId)}/accounts/${encodeURIComponent(e.account)}` },
                label(labels.get(e.account) ?? e.account),
              ),
              ` ${fmt(e.weight)}×`,
            ),
          ),
        ),
      );
      card.dataset.object = id;
      card.scrollIntoView({ block: 'nearest' });
    },
    visible() {
      if (!on || !data) return { objects: [], edges: [] };
      return {
        objects: [...byId.values()].filter((o) => shown.has(o.id)),
        edges: data.edges.filter((e) => {
          const o = byId.get(e.object);
          return o !== undefined && tieShown(o.kind, e.account, Date.parse(e.first), Date.parse(e.last));
        }),
      };
    },
    shownCount: () => shown.size,
  };
  return layer;
}
