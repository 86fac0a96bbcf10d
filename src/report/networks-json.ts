/**
 * networks.json: the networks with their evidence, and every account in the result with its signals
 * and explanations, in the snake_case form of networks-schema.ts. `toNetworksFile` and
 * `fromNetworksFile` convert between it and the in-memory `DetectionResult` parts.
 */
import type { AccountResult, DetectionResult, FactCheckRef, Network } from '../core/result.js';
import { fromIso, isoTime } from './csv.js';
import {
  NETWORKS_SCHEMA_VERSION,
  type AccountJson,
  type NetworkJson,
  type NetworksFile,
} from './networks-schema.js';

type FactCheckJson = NonNullable<NetworkJson['fact_checks']>[number];

/** `fact_checks` only where the run matched fact checks, so other outputs stay as they were. */
function factChecksJson(refs: FactCheckRef[] | undefined): { fact_checks?: FactCheckJson[] } {
  if (refs === undefined) return {};
  return {
    fact_checks: refs.map((f) => ({
      url: f.url,
      publisher: f.publisher ?? null,
      rating: f.rating ?? null,
      verdict: f.verdict,
      claim: f.claim,
      score: f.score,
      why: f.why,
    })),
  };
}

function factChecksFromJson(refs: FactCheckJson[] | undefined): FactCheckRef[] | undefined {
  return refs?.map((f) => prune({ ...f, publisher: opt(f.publisher), rating: opt(f.rating) }));
}

/** JSON has no Infinity/NaN: non-finite numbers become null. */
const num = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

function networkJson(n: Network): NetworkJson {
  return {
    id: n.id,
    members: n.members,
    behaviours: n.behaviours,
    score: n.score,
    expected: num(n.expected),
    p_value: num(n.pValue),
    q_value: num(n.qValue),
    edges: n.edges,
    density: n.density,
    summary: n.summary,
    top_objects: n.topObjects.map((o) => ({
      behaviour: o.behaviour,
      object: o.object,
      label: o.label ?? null,
      accounts: o.accounts,
      actions: o.actions,
      ...factChecksJson(o.factChecks),
    })),
    timeline: n.timeline.map((b) => ({
      start: isoTime(b.start),
      end: isoTime(b.end),
      co_actions: b.coActions,
      accounts: b.accounts,
    })),
    examples: n.examples.map((x) => ({
      id: x.id ?? null,
      account: x.account,
      time: isoTime(x.time),
      text: x.text ?? null,
      behaviour: x.behaviour,
      ...factChecksJson(x.factChecks),
    })),
    ...factChecksJson(n.factChecks),
  };
}

function accountJson(a: AccountResult): AccountJson {
  return {
    account: a.account,
    screen_name: a.screenName ?? null,
    network: a.network,
    score: a.score,
    posts: a.posts,
    signals: a.signals.map((s) => ({
      name: s.name,
      value: typeof s.value === 'number' && !Number.isFinite(s.value) ? null : s.value,
      flagged: s.flagged,
      explanation: s.explanation,
    })),
  };
}

export function toNetworksFile(r: DetectionResult): NetworksFile {
  return {
    schema_version: NETWORKS_SCHEMA_VERSION,
    lockstep_version: r.lockstepVersion,
    generated_at: r.finishedAt,
    semantics: r.parameters.semantics,
    networks: r.networks.map(networkJson),
    accounts: r.accounts.map(accountJson),
  };
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** Drops keys whose value is undefined, so read-back objects equal the written ones key for key. */
function prune<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) Reflect.deleteProperty(o, k);
  return o;
}

export function fromNetworksFile(f: NetworksFile): { networks: Network[]; accounts: AccountResult[] } {
  const parsed = {
    networks: f.networks.map((n) => ({
      id: n.id,
      members: n.members,
      behaviours: n.behaviours,
      score: n.score,
      expected: opt(n.expected),
      pValue: opt(n.p_value),
      qValue: opt(n.q_value),
      edges: n.edges,
      density: n.density,
      summary: n.summary,
      topObjects: n.top_objects.map((o) => ({
        behaviour: o.behaviour,
        object: o.object,
        label: opt(o.label),
        accounts: o.accounts,
        actions: o.actions,
        factChecks: factChecksFromJson(o.fact_checks),
      })),
      timeline: n.timeline.map((b) => ({
        start: fromIso(b.start),
        end: fromIso(b.end),
        coActions: b.co_actions,
        accounts: b.accounts,
      })),
      examples: n.examples.map((x) => ({
        id: opt(x.id),
        account: x.account,
        time: fromIso(x.time),
        text: opt(x.text),
        behaviour: x.behaviour,
        factChecks: factChecksFromJson(x.fact_checks),
      })),
      factChecks: factChecksFromJson(n.fact_checks),
    })),
    accounts: f.accounts.map((a) => ({
      account: a.account,
      screenName: opt(a.screen_name),
      network: a.network,
      score: a.score,
      posts: a.posts,
      signals: a.signals,
    })),
  };
  for (const n of parsed.networks) {
    prune(n);
    n.topObjects.forEach(prune);
    n.examples.forEach(prune);
  }
  parsed.accounts.forEach(prune);
  return parsed;
}
