/**
 * networks.json: the networks with their evidence, and every account in the result with its signals
 * and explanations, in the snake_case form of networks-schema.ts. `toNetworksFile` and
 * `fromNetworksFile` convert between it and the in-memory `DetectionResult` parts.
 */
import type {
  AccountResult,
  AutomationScore,
  DetectionResult,
  FactCheckRef,
  Network,
} from '../core/result.js';
import { networkAutomation } from './automation.js';
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

function networkJson(n: Network, accounts: ReadonlyMap<string, AccountResult>): NetworkJson {
  const auto = networkAutomation(n.members, accounts);
  return {
    id: n.id,
    members: n.members,
    behaviours: n.behaviours,
    score: n.score,
    chance_behaviour: n.chanceBehaviour ?? null,
    observed: num(n.observed),
    expected: num(n.expected),
    p_value: num(n.pValue),
    q_value: num(n.qValue),
    chance_test: n.chanceTest ?? null,
    chance: (n.chance ?? []).map((c) => ({
      behaviour: c.behaviour,
      test: c.test,
      observed: c.observed,
      expected: c.expected,
      p_value: c.pValue,
    })),
    contrast: n.contrast
      ? {
          shared_objects: n.contrast.sharedObjects,
          member_mean: n.contrast.memberMean,
          outsiders: n.contrast.outsiders,
          outsider_mean: n.contrast.outsiderMean,
        }
      : null,
    ...(n.audience
      ? {
          audience: n.audience.map((a) => ({
            behaviour: a.behaviour,
            shared_objects: a.sharedObjects,
            members: a.members,
            member_reach: a.memberReach,
            outsiders: a.outsiders,
          })),
        }
      : {}),
    ...(n.amplified
      ? {
          amplified: n.amplified.map((a) => ({
            account: a.account,
            behaviour: a.behaviour,
            objects: a.objects,
            shared_objects: a.sharedObjects,
          })),
        }
      : {}),
    edges: n.edges,
    density: n.density,
    summary: n.summary,
    automation: { scored: auto.scored, median: auto.median, likely_automated: auto.likelyAutomated },
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
    automation: a.automation === undefined ? null : automationJson(a.automation),
  };
}

/**
 * The score as written: the same fields, `logOdds` spelt `log_odds` like the rest of the file and put
 * last. Spelt out rather than object rest and spread: building the 3M run's file tree (7,540 accounts,
 * 135,720 contributions) took 0.30 s of CPU with them, 0.12 s without (bench/RESULTS.md, h-out).
 */
function automationJson(a: AutomationScore): NonNullable<AccountJson['automation']> {
  return {
    score: a.score,
    logit: a.logit,
    prior: a.prior,
    model: a.model,
    contributions: a.contributions.map((c) => ({
      signal: c.signal,
      value: c.value,
      available: c.available,
      explanation: c.explanation,
      log_odds: c.logOdds,
    })),
    unavailable: a.unavailable,
  };
}

function automationFromJson(a: AccountJson['automation']): AutomationScore | undefined {
  if (a === null || a === undefined) return undefined;
  const contributions = a.contributions.map(({ log_odds, ...c }) => ({ ...c, logOdds: log_odds }));
  return { ...a, contributions };
}

export function toNetworksFile(r: DetectionResult): NetworksFile {
  const byId = new Map(r.accounts.map((a) => [a.account, a]));
  return {
    schema_version: NETWORKS_SCHEMA_VERSION,
    lockstep_version: r.lockstepVersion,
    generated_at: r.finishedAt,
    semantics: r.parameters.semantics,
    networks: r.networks.map((n) => networkJson(n, byId)),
    accounts: r.accounts.map(accountJson),
  };
}

/**
 * Networks or accounts per `JSON.stringify` call in `networksJsonChunks`: at 3M posts an account is
 * ~6.8 KB of JSON, so 100 make ~0.7 MB, about write-output's 1 MB write. Measured on that result
 * (bench/networks-json.ts, CPU per write): 100 or 300 a batch ~0.66 s, 25 ~0.73 s, 1,000 (~7 MB
 * strings) ~1.1 s, one string of the whole file ~1.2 s.
 */
const BATCH = 100;

/**
 * networks.json as text chunks, byte for byte `JSON.stringify(toNetworksFile(r), null, 1) + '\n'`, without
 * the file's whole object tree or one string of its size (~64 MB at 3M posts, old-space garbage at the
 * end of the run). Elements of `[[…]]` stringified with indent 1 sit at depth 2, where the file's
 * `networks` and `accounts` elements sit, so each batch is cut out of such a string: the same native
 * serialiser, the same indentation, undefined keys dropped alike.
 */
export function* networksJsonChunks(r: DetectionResult): Generator<string> {
  const byId = new Map(r.accounts.map((a) => [a.account, a]));
  const head: Omit<NetworksFile, 'networks' | 'accounts'> = {
    schema_version: NETWORKS_SCHEMA_VERSION,
    lockstep_version: r.lockstepVersion,
    generated_at: r.finishedAt,
    semantics: r.parameters.semantics,
  };
  // "{\n \"schema_version\": 1, …\n}" without its closing "\n}"; the two arrays follow.
  yield JSON.stringify(head, null, 1).slice(0, -2);
  yield* arrayChunks('networks', r.networks, (n) => networkJson(n, byId));
  yield* arrayChunks('accounts', r.accounts, accountJson);
  yield '\n}\n';
}

function* arrayChunks<T>(key: string, items: readonly T[], toJson: (x: T) => unknown): Generator<string> {
  yield `,\n ${JSON.stringify(key)}: `;
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[\n';
  for (let i = 0; i < items.length; i += BATCH) {
    const text = JSON.stringify([items.slice(i, i + BATCH).map(toJson)], null, 1);
    // Cut "[\n [\n" and "\n ]\n]": what is left are the elements at depth 2, comma-separated.
    yield (i === 0 ? '' : ',\n') + text.slice(5, -5);
  }
  yield '\n ]';
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
      chanceBehaviour: opt(n.chance_behaviour ?? null),
      chanceTest: opt(n.chance_test ?? null),
      observed: opt(n.observed ?? null),
      expected: opt(n.expected),
      pValue: opt(n.p_value),
      qValue: opt(n.q_value),
      chance: n.chance?.length
        ? n.chance.map((c) => ({
            behaviour: c.behaviour,
            test: c.test,
            observed: c.observed,
            expected: c.expected,
            pValue: c.p_value,
          }))
        : undefined,
      contrast: n.contrast
        ? {
            sharedObjects: n.contrast.shared_objects,
            memberMean: n.contrast.member_mean,
            outsiders: n.contrast.outsiders,
            outsiderMean: n.contrast.outsider_mean,
          }
        : undefined,
      audience: n.audience?.map((a) => ({
        behaviour: a.behaviour,
        sharedObjects: a.shared_objects,
        members: a.members,
        memberReach: a.member_reach,
        outsiders: a.outsiders,
      })),
      amplified: n.amplified?.map((a) => ({
        account: a.account,
        behaviour: a.behaviour,
        objects: a.objects,
        sharedObjects: a.shared_objects,
      })),
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
      automation: automationFromJson(a.automation),
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
