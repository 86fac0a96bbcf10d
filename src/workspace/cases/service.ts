/**
 * What the cases API does, apart from HTTP: open a case from a run the caller may see, change its
 * status / assignee / TLP / title, add notes, pin evidence, and present a case with its trail. Every
 * change is one store transaction that writes the new fields and the events saying what changed
 * (who, when, from → to), so the trail is complete by construction.
 *
 * Access: a case belongs to the org that opened it (the store filters on org in SQL); the run behind
 * it is re-checked against the caller's TLP audience on every read, and when the run has left that
 * audience the case keeps its notes but withholds the run's accounts and pinned evidence.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../exchange/access.js';
import type { CaseEventRecord, CaseRecord, CaseUpdateResult, RunRecord, Store } from '../../store/store.js';
import type { AccountPage, GraphPage, RunTlp } from '../api-schema.js';
import type { CaseEventWrite } from '../../store/case-records.js';
import type {
  CaseNote,
  CaseSummary,
  CaseView,
  ChangeCaseRequest,
  OpenCaseRequest,
  PinnedAccount,
  TrailAccount,
} from '../case-schema.js';
import { runAudience } from '../runs.js';
import { CaseError } from './errors.js';
import { duration } from '../duration.js';
import { atLeast, nextStatuses, transitionError } from './workflow.js';
import { partnersFor, sharesOf } from './sharing.js';
import { feedbackLines, mergeTrail, publicationsOf } from './taxii-feedback.js';

const notFound = (): CaseError => new CaseError(404, 'not-found', 'no such case');

/** Graph pages are immutable once imported; a few parsed ones are kept (labels, networks). */
const GRAPH_CACHE = 4;

export class Cases {
  #graphs = new Map<string, GraphPage>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async #graph(runId: string): Promise<GraphPage | undefined> {
    const hit = this.#graphs.get(runId);
    if (hit) return hit;
    const json = await this.store.getRunPage(runId, 'graph');
    if (json === undefined) return undefined;
    const page = JSON.parse(json) as GraphPage;
    this.#graphs.set(runId, page);
    if (this.#graphs.size > GRAPH_CACHE) this.#graphs.delete(this.#graphs.keys().next().value!);
    return page;
  }

  async #visibleRun(who: Principal, runId: string) {
    return this.store.getRun(runId, await runAudience(this.store, who));
  }

  async open(who: Principal, req: OpenCaseRequest): Promise<CaseView> {
    const run = await this.#visibleRun(who, req.runId);
    if (!run) throw new CaseError(422, 'invalid', `runId: no run ${req.runId} you may see`);
    const graph = await this.#graph(run.id);
    if (!graph) throw new CaseError(422, 'invalid', `runId: run ${run.id} has no graph page`);
    let accounts: string[];
    if (req.network !== undefined) {
      const net = graph.networks.find((n) => n.id === req.network);
      if (!net) throw new CaseError(422, 'invalid', `network: no network "${req.network}" in run ${run.id}`);
      accounts = [...net.members];
    } else {
      const known = new Set(graph.nodes.map((n) => n.id));
      accounts = [...new Set(req.accounts)];
      const missing = accounts.findIndex((a) => !known.has(a));
      if (missing >= 0)
        throw new CaseError(
          422,
          'invalid',
          `accounts.${missing}: "${accounts[missing]}" is not in run ${run.id}`,
        );
    }
    const tlp = req.tlp ?? (run.tlp as RunTlp);
    if (!atLeast(tlp, run.tlp as RunTlp))
      throw new CaseError(
        422,
        'invalid',
        `tlp: the run is TLP:${run.tlp.toUpperCase()}; a case about it cannot be marked less restrictive (TLP:${tlp.toUpperCase()})`,
      );
    const at = this.now().toISOString();
    const title =
      req.title ??
      (req.network !== undefined
        ? `Network ${req.network} in ${run.title}`
        : `${accounts.length} account${accounts.length === 1 ? '' : 's'} in ${run.title}`);
    const c: CaseRecord = {
      id: `case-${randomBytes(8).toString('hex')}`,
      org: who.org,
      tlp,
      title,
      status: 'new',
      assignee: null,
      runId: run.id,
      network: req.network ?? null,
      accounts,
      createdBy: who.username,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const opened = { runId: run.id, network: c.network, accounts: accounts.length, tlp, title };
    await this.store.createCase(c, [
      { at, actor: who.username, kind: 'opened', json: JSON.stringify(opened) },
    ]);
    return this.view(who, c.id);
  }

  async list(who: Principal): Promise<CaseSummary[]> {
    return (await this.store.listCases(who.org)).map(summary);
  }

  async forAccount(who: Principal, runId: string, account: string): Promise<CaseSummary[]> {
    return (await this.store.casesWithAccount(who.org, runId, account)).map(summary);
  }

  /** The case's run and graph page as the org may see them now (both undefined when the run left its view). */
  async runContext(who: Principal, id: string): Promise<{ run?: RunRecord; graph?: GraphPage }> {
    const c = await this.#get(who, id);
    const run = c.runId === null ? undefined : await this.#visibleRun(who, c.runId);
    return run ? { run, graph: await this.#graph(run.id) } : {};
  }

  async #get(who: Principal, id: string): Promise<CaseRecord> {
    const c = await this.store.getCase(id, who.org);
    if (!c) throw notFound();
    return c;
  }

  async change(who: Principal, id: string, req: ChangeCaseRequest): Promise<CaseView> {
    const c = await this.#get(who, id);
    const at = this.now().toISOString();
    const events: CaseEventWrite[] = [];
    const ev = (kind: string, from: unknown, to: unknown): void => {
      if (from !== to) events.push({ at, actor: who.username, kind, json: JSON.stringify({ from, to }) });
    };
    if (req.status !== undefined && req.status !== c.status) {
      const why = transitionError(c.status, req.status);
      if (why) throw new CaseError(422, 'invalid', `status: ${why}`);
    }
    if (req.assignee !== undefined && req.assignee !== null) {
      const user = await this.store.getUser(req.assignee);
      if (user?.org !== who.org)
        throw new CaseError(422, 'invalid', `assignee: "${req.assignee}" is not a member of ${who.org}`);
    }
    if (req.tlp !== undefined && c.runId !== null) {
      const run = await this.#visibleRun(who, c.runId);
      if (run && !atLeast(req.tlp, run.tlp as RunTlp))
        throw new CaseError(
          422,
          'invalid',
          `tlp: the run is TLP:${run.tlp.toUpperCase()}; the case cannot be marked TLP:${req.tlp.toUpperCase()}`,
        );
    }
    ev('status', c.status, req.status ?? c.status);
    ev('assignee', c.assignee, req.assignee === undefined ? c.assignee : req.assignee);
    ev('tlp', c.tlp, req.tlp ?? c.tlp);
    ev('title', c.title, req.title ?? c.title);
    if (events.length === 0) return this.view(who, id);
    const patch = {
      ...(req.status !== undefined ? { status: req.status } : {}),
      ...(req.assignee !== undefined ? { assignee: req.assignee } : {}),
      ...(req.tlp !== undefined ? { tlp: req.tlp } : {}),
      ...(req.title !== undefined ? { title: req.title } : {}),
    };
    check(await this.store.updateCase({ id, org: who.org, expectedVersion: req.version, patch, events, at }));
    return this.view(who, id);
  }

  async note(who: Principal, id: string, text: string): Promise<CaseView> {
    await this.#get(who, id);
    const at = this.now().toISOString();
    const events = [{ at, actor: who.username, kind: 'note', json: JSON.stringify({ text }) }];
    check(await this.store.updateCase({ id, org: who.org, patch: {}, events, at }));
    return this.view(who, id);
  }

  async pin(who: Principal, id: string, account: string, comment: string | undefined): Promise<CaseView> {
    const c = await this.#get(who, id);
    const run = c.runId === null ? undefined : await this.#visibleRun(who, c.runId);
    if (!run) throw new CaseError(422, 'invalid', 'account: the case has no run you may see to pin from');
    const row = await this.store.getRunAccount(run.id, account);
    if (!row) throw new CaseError(422, 'invalid', `account: "${account}" is not in run ${run.id}`);
    const page = JSON.parse(row.json) as AccountPage;
    const at = this.now().toISOString();
    const pinned: Omit<PinnedAccount, 'pinnedBy' | 'pinnedAt'> = {
      account,
      label: page.screenName ?? account,
      network: row.network,
      score: row.score,
      automation: row.automation,
      flagged: page.signals.filter((s) => s.flagged).map((s) => s.name),
      comment: comment ?? null,
    };
    const events = [{ at, actor: who.username, kind: 'pin', json: JSON.stringify(pinned) }];
    check(await this.store.updateCase({ id, org: who.org, patch: {}, events, at }));
    return this.view(who, id);
  }

  async unpin(who: Principal, id: string, account: string): Promise<CaseView> {
    const view = await this.view(who, id);
    if (!view.pins.some((p) => p.account === account))
      throw new CaseError(422, 'invalid', `account: "${account}" is not pinned in this case`);
    const at = this.now().toISOString();
    const events = [{ at, actor: who.username, kind: 'unpin', json: JSON.stringify({ account }) }];
    check(await this.store.updateCase({ id, org: who.org, patch: {}, events, at }));
    return this.view(who, id);
  }

  async view(who: Principal, id: string): Promise<CaseView> {
    const c = await this.#get(who, id);
    const events = await this.store.caseEvents(id, who.org);
    const run = c.runId === null ? undefined : await this.#visibleRun(who, c.runId);
    const graph = run ? await this.#graph(run.id) : undefined;
    const labels = new Map(graph?.nodes.map((n) => [n.id, n.label]));
    const members = (await this.store.listUsers()).filter((u) => u.org === who.org).map((u) => u.username);
    return {
      case: summary(c),
      runVisible: run !== undefined,
      runTitle: run?.title ?? null,
      minTlp: (run?.tlp as RunTlp | undefined) ?? 'clear',
      accounts: run ? c.accounts.map((a) => ({ account: a, label: labels.get(a) ?? a })) : [],
      notes: notesOf(events),
      pins: run ? pinsOf(events) : [],
      // Partners' TAXII answers join the trail as they arrive (read from the exchange's records).
      events: mergeTrail(
        events.map((e) => {
          const account = run ? accountOf(e, labels) : undefined;
          return {
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            kind: e.kind,
            summary: describe(e, account),
            ...(account ? { account } : {}),
          };
        }),
        feedbackLines(await publicationsOf(this.store, who, events)),
      ),
      next: [...nextStatuses(c.status)],
      assignable: members.sort(),
      shares: await sharesOf(this.store, c),
      partners: await partnersFor(this.store, who, c, run),
    };
  }
}

function check(r: CaseUpdateResult): void {
  if (r.ok) return;
  if (r.reason === 'not-found') throw notFound();
  throw new CaseError(
    409,
    'conflict',
    `version: the case changed since version you edited (now ${r.current.version}); reload it and try again`,
  );
}

function summary(c: CaseRecord): CaseSummary {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    tlp: c.tlp as RunTlp,
    assignee: c.assignee,
    runId: c.runId,
    network: c.network,
    accounts: c.accounts.length,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}

function notesOf(events: readonly CaseEventRecord[]): CaseNote[] {
  return events
    .filter((e) => e.kind === 'note')
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      author: e.actor,
      text: (JSON.parse(e.json) as { text: string }).text,
    }));
}

/** Pins in pinning order, an unpin removing the account's earlier pin. */
function pinsOf(events: readonly CaseEventRecord[]): PinnedAccount[] {
  const pins = new Map<string, PinnedAccount>();
  for (const e of events) {
    if (e.kind === 'pin') {
      const p = JSON.parse(e.json) as Omit<PinnedAccount, 'pinnedBy' | 'pinnedAt'>;
      pins.delete(p.account);
      pins.set(p.account, { ...p, pinnedBy: e.actor, pinnedAt: e.at });
    } else if (e.kind === 'unpin') pins.delete((JSON.parse(e.json) as { account: string }).account);
  }
  return [...pins.values()];
}

const show = (v: unknown): string => (typeof v === 'string' ? v : 'nobody');

/**
 * The account a pin or unpin is about, named as the rest of the workspace names it (the run's graph
 * label, else the label kept at pinning, else the bare id); undefined for other events.
 */
function accountOf(e: CaseEventRecord, labels: ReadonlyMap<string, string>): TrailAccount | undefined {
  if (e.kind !== 'pin' && e.kind !== 'unpin') return undefined;
  const f = JSON.parse(e.json) as { account: string; label?: string };
  return { id: f.account, label: labels.get(f.account) ?? f.label ?? f.account };
}

const named = (a: TrailAccount): string => (a.label === a.id ? a.id : `${a.label} (${a.id})`);

/**
 * The trail's line for an event (never the note's text: the notes list shows it). `account` is what
 * a pin or unpin is about, undefined when the case's run is not visible (the account is withheld).
 */
function describe(e: CaseEventRecord, account: TrailAccount | undefined): string {
  const f = JSON.parse(e.json) as Record<string, unknown>;
  switch (e.kind) {
    case 'opened':
      return typeof f.network === 'string'
        ? `opened the case from network ${f.network} (${String(f.accounts)} accounts)`
        : `opened the case from ${String(f.accounts)} accounts`;
    case 'status':
      return `moved it from ${show(f.from)} to ${show(f.to)}`;
    case 'assignee':
      return `assigned it to ${show(f.to)} (was ${show(f.from)})`;
    case 'tlp':
      return `marked it TLP:${String(f.to).toUpperCase()} (was TLP:${String(f.from).toUpperCase()})`;
    case 'title':
      return 'renamed it';
    case 'note':
      return 'added a note';
    case 'pin':
      return account ? `pinned account ${named(account)}` : 'pinned an account';
    case 'unpin':
      return account ? `unpinned account ${named(account)}` : 'unpinned an account';
    case 'shared':
      return `sent it to ${String(f.org)}${typeof f.topic === 'string' ? ` (${f.topic}${typeof f.contact === 'string' ? `: ${f.contact}` : ''})` : ''} at TLP:${String(f.tlp).toUpperCase()}, version ${String(f.version)}`;
    case 'published':
      return `published it to TAXII collection ${String(f.title)} at TLP:${String(f.tlp).toUpperCase()} (${String(f.written)} new or changed objects, ${String(f.unchanged)} unchanged)`;
    case 'acknowledged':
      return `${String(f.org)} acknowledged it (${String(f.kind)}) ${duration(Number(f.seconds))} after it was sent`;
    default:
      return e.kind;
  }
}
