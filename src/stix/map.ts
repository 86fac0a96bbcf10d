/**
 * Maps a detection run (`DetectionResult`, src/core/result.ts) to a STIX 2.1 bundle: the run is a
 * `report`, each network a `campaign` (docs/STIX.md says why not an `intrusion-set`), members are
 * `user-account` observables with `indicator`s, shared URLs/domains are `url`/`domain-name` observables
 * with indicators, behaviours are DISARM `attack-pattern`s, the evidence is a `note`, and everything is
 * created by the producer's `identity` and marked with one official TLP 2.0 marking.
 *
 * Deterministic: the same result and options give a byte-identical bundle (ids are UUIDv5 over stable
 * keys; timestamps come from the run, never the clock). With `previous` (the last export) unchanged
 * objects are re-used, changed ones versioned and vanished ones revoked (versioning.ts).
 *
 * Cost: O(networks × (members + top objects)) objects; memory is the bundle itself.
 */
import type { Behaviour } from '../core/behaviour.js';
import { LockstepError } from '../core/errors.js';
import type { DetectionResult, Network } from '../core/result.js';
import { DISARM_BY_BEHAVIOUR, type DisarmTechnique, disarmPhase, disarmUrl } from './disarm.js';
import { lockstepId, scoId, stixTimestamp } from './ids.js';
import { equalityPattern } from './pattern.js';
import { TLP2_MARKINGS, type TlpLevel } from './tlp.js';
import type { StixBundle, StixObject } from './types.js';
import { latestVersions, reconcile } from './versioning.js';
import { matchCampaigns } from './match.js';

export interface ExportOptions {
  /** Name of the producing organisation (the `identity`); default "Lockstep". */
  producer?: string;
  /** TLP 2.0 level marking every object; default amber. */
  tlp?: TlpLevel;
  /** `user-account:account_type` (account-type-ov, e.g. "twitter"); inferred from the input format. */
  accountType?: string;
  /** Objects of the previous export (any versions), to version and revoke against. */
  previous?: readonly StixObject[];
}

/** `created` of the reference objects every export shares (identity, DISARM attack patterns). */
const REFERENCE_CREATED = '2025-01-01T00:00:00.000Z';

const MAX_EXAMPLE_TEXT = 280;

/** Guesses the platform from the reader name; account-type-ov has "twitter" and "facebook". */
export function inferAccountType(format: string): string {
  const f = format.toLowerCase();
  if (/twitter|tweet|ira|coortweet|x-json/.test(f)) return 'twitter';
  if (/facebook|crowdtangle|meta/.test(f)) return 'facebook';
  if (/telegram/.test(f)) return 'telegram';
  if (/reddit/.test(f)) return 'reddit';
  if (/mastodon|activitypub/.test(f)) return 'mastodon';
  return 'social-media';
}

function runTimestamp(result: DetectionResult): string {
  const ms = Date.parse(result.finishedAt);
  if (Number.isNaN(ms)) {
    throw new LockstepError(
      'ERR_STIX_INVALID',
      `detection result finishedAt "${result.finishedAt}" is not a timestamp`,
      {
        field: 'finishedAt',
      },
    );
  }
  return stixTimestamp(ms);
}

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function isDomain(s: string): boolean {
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i.test(s);
}

function networkSpan(net: Network): { first?: string; last?: string } {
  const times = [...net.timeline.flatMap((b) => [b.start, b.end]), ...net.examples.map((e) => e.time)];
  if (times.length === 0) return {};
  return {
    first: stixTimestamp(Math.min(...times) * 1000),
    last: stixTimestamp(Math.max(...times) * 1000),
  };
}

function fmt(n: number | undefined): string {
  return n === undefined ? 'n/a' : Number.isInteger(n) ? String(n) : n.toPrecision(4);
}

function evidenceText(net: Network): string {
  const lines = [
    net.summary,
    '',
    `Members: ${net.members.length}; edges: ${net.edges}; density: ${fmt(net.density)}.`,
    `Co-activity score: ${fmt(net.score)}; ${net.chanceBehaviour ?? 'co-activity'} co-actions observed: ${fmt(net.observed)}; expected by chance: ${fmt(net.expected)}; p-value: ${fmt(net.pValue)}; q-value (FDR): ${fmt(net.qValue)}.`,
    `Behaviours: ${net.behaviours.join(', ')}.`,
  ];
  if (net.topObjects.length > 0) {
    lines.push('', 'Most shared objects:');
    for (const o of net.topObjects) {
      lines.push(`- [${o.behaviour}] ${o.label ?? o.object}: ${o.accounts} accounts, ${o.actions} actions`);
    }
  }
  if (net.timeline.length > 0) {
    lines.push('', 'Bursts of co-activity:');
    for (const b of net.timeline) {
      lines.push(
        `- ${stixTimestamp(b.start * 1000)} to ${stixTimestamp(b.end * 1000)}: ${b.coActions} co-actions by ${b.accounts} accounts`,
      );
    }
  }
  if (net.examples.length > 0) {
    lines.push('', 'Example posts:');
    for (const e of net.examples) {
      const text = e.text === undefined ? '' : `: ${e.text.slice(0, MAX_EXAMPLE_TEXT)}`;
      lines.push(
        `- ${stixTimestamp(e.time * 1000)} ${e.account}${e.id ? ` (post ${e.id})` : ''} [${e.behaviour}]${text}`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * The producing organisation's `identity` as every Lockstep export carries it (deterministic id from
 * the name, marked with the export's TLP); other producers of STIX (lookalike watch) reuse it so
 * partners see one identity per organisation.
 */
export function producerIdentity(producer: string, tlp: TlpLevel): StixObject {
  // An identity does not name itself as its creator.
  return {
    type: 'identity',
    spec_version: '2.1',
    id: lockstepId('identity', [producer]),
    created: REFERENCE_CREATED,
    modified: REFERENCE_CREATED,
    object_marking_refs: [TLP2_MARKINGS[tlp].id],
    name: producer,
    identity_class: 'organization',
  };
}

/** Builds the bundle for one detection run. */
export function toStixBundle(result: DetectionResult, options: ExportOptions = {}): StixBundle {
  const producer = options.producer ?? 'Lockstep';
  const tlp = options.tlp ?? 'amber';
  const accountType = options.accountType ?? inferAccountType(result.parameters.format);
  const now = runTimestamp(result);
  const marking = TLP2_MARKINGS[tlp];
  const identityId = lockstepId('identity', [producer]);
  const objects = new Map<string, StixObject>();
  const add = (o: StixObject): void => {
    if (!objects.has(o.id)) objects.set(o.id, o);
  };
  const common = (type: string, id: string, created = now): StixObject => ({
    type,
    spec_version: '2.1',
    id,
    created_by_ref: identityId,
    created,
    modified: created,
    object_marking_refs: [marking.id],
  });
  const relationship = (type: string, source: string, target: string, description?: string): void => {
    add({
      ...common('relationship', lockstepId('relationship', [type, source, target])),
      relationship_type: type,
      source_ref: source,
      target_ref: target,
      ...(description ? { description } : {}),
    });
  };

  // A matched fact check (`detect --factchecks`) becomes a `note`: context a third party published
  // about the network's content, with the review as its external reference (docs/FACTCHECK.md, STIX).
  const factCheckRefs = new Map<string, string[]>();
  const addFactCheckNotes = (net: Network, campaignId: string): void => {
    for (const f of net.factChecks ?? []) {
      const who = f.publisher ?? 'a fact-checker';
      add({
        ...common('note', lockstepId('note', [campaignId, 'fact-check', f.url])),
        abstract: `Fact check by ${who}: ${f.rating ?? f.verdict}`,
        content:
          `${who} rated the claim "${f.claim}" as ${f.rating ?? f.verdict} (${f.verdict}). The network's ` +
          `content matches it with score ${fmt(f.score)} (${f.why}).`,
        authors: [producer],
        external_references: [
          { source_name: who, url: f.url, description: `ClaimReview: ${f.rating ?? f.verdict}` },
        ],
        object_refs: [campaignId, ...new Set(factCheckRefs.get(f.url) ?? [])],
        x_lockstep_fact_check_verdict: f.verdict,
        x_lockstep_fact_check_score: f.score,
      });
    }
  };

  add(producerIdentity(producer, tlp));

  const techniqueIds = new Map<string, string>();
  const attackPattern = (t: DisarmTechnique): string => {
    let id = techniqueIds.get(t.id);
    if (id) return id;
    // Per producer: a STIX id has one creator (§3.6), and the exchange lets only the first org that
    // published an id version it — a shared DISARM id would make every other org's copy a conflict.
    id = lockstepId('attack-pattern', [identityId, 'DISARM', t.id]);
    techniqueIds.set(t.id, id);
    add({
      ...common('attack-pattern', id, REFERENCE_CREATED),
      name: t.name,
      external_references: [{ source_name: 'DISARM', external_id: t.id, url: disarmUrl(t.id) }],
      kill_chain_phases: [{ kill_chain_name: 'disarm', phase_name: disarmPhase(t.tactic) }],
    });
    return id;
  };

  const byAccount = new Map(result.accounts.map((a) => [a.account, a]));
  const accountIndicatorId = (account: string): string =>
    lockstepId('indicator', [identityId, 'user-account', accountType, account]);

  // Match networks to the previous export's campaigns so a finding that changed keeps its id.
  const previous = latestVersions(options.previous ?? []);
  const campaignIds = matchCampaigns(
    result.networks.map((n) => n.members.map(accountIndicatorId)),
    previous,
    identityId,
  );

  result.networks.forEach((net, i) => {
    const span = networkSpan(net);
    const campaignId =
      campaignIds[i] ?? lockstepId('campaign', [identityId, [...net.members].sort().map(accountIndicatorId)]);
    add({
      ...common('campaign', campaignId),
      name: `Coordinated network of ${net.members.length} accounts (${net.behaviours.join(', ')})`,
      description: net.summary,
      ...(span.first ? { first_seen: span.first, last_seen: span.last } : {}),
      objective: 'Amplify content through coordinated, synchronised account activity.',
      x_lockstep_behaviours: [...net.behaviours],
      x_lockstep_members: net.members.length,
      x_lockstep_score: net.score,
      ...(net.pValue !== undefined ? { x_lockstep_p_value: net.pValue } : {}),
      ...(net.qValue !== undefined ? { x_lockstep_q_value: net.qValue } : {}),
    });
    add({
      ...common('note', lockstepId('note', [campaignId, 'evidence'])),
      abstract: `Evidence of coordination for ${net.members.length} accounts`,
      content: evidenceText(net),
      authors: [producer],
      object_refs: [campaignId],
    });
    for (const b of net.behaviours) {
      for (const t of DISARM_BY_BEHAVIOUR[b]) {
        relationship('uses', campaignId, attackPattern(t), `Members co-acted by ${b} (DISARM ${t.id}).`);
      }
    }

    for (const account of [...net.members].sort()) {
      const info = byAccount.get(account);
      const sco: StixObject = {
        type: 'user-account',
        spec_version: '2.1',
        id: '',
        user_id: account,
        account_type: accountType,
        ...(info?.screenName ? { account_login: info.screenName } : {}),
        object_marking_refs: [marking.id],
      };
      sco.id = scoId('user-account', sco);
      add(sco);
      const indicatorId = accountIndicatorId(account);
      const flagged = (info?.signals ?? []).filter((s) => s.flagged).map((s) => s.explanation);
      add({
        ...common('indicator', indicatorId),
        name: `Account ${info?.screenName ?? account} acting in lockstep`,
        description: [
          `Member of a coordinated network; coordination score ${fmt(info?.score)}, ${info?.posts ?? 0} posts analysed.`,
          ...flagged,
        ].join(' '),
        indicator_types: ['anomalous-activity'],
        pattern: equalityPattern('user-account', [
          ['user_id', account],
          ['account_type', accountType],
        ]),
        pattern_type: 'stix',
        valid_from: span.first ?? now,
      });
      relationship('indicates', indicatorId, campaignId);
      relationship('related-to', indicatorId, sco.id);
    }

    factCheckRefs.clear();
    for (const f of net.factChecks ?? []) factCheckRefs.set(f.url, []);
    for (const o of net.topObjects) {
      const kind = sharedObservable(o.behaviour, o.object);
      if (!kind) continue;
      const sco: StixObject = {
        type: kind,
        spec_version: '2.1',
        id: '',
        value: o.object,
        object_marking_refs: [marking.id],
      };
      sco.id = scoId(kind, sco);
      add(sco);
      const indicatorId = lockstepId('indicator', [identityId, kind, o.object]);
      add({
        ...common('indicator', indicatorId),
        name: `${kind === 'url' ? 'URL' : 'Domain'} pushed in lockstep: ${o.object}`,
        description: `Shared by ${o.accounts} members of a coordinated network in ${o.actions} actions (${o.behaviour}).`,
        indicator_types: ['anomalous-activity'],
        pattern: equalityPattern(kind, [['value', o.object]]),
        pattern_type: 'stix',
        valid_from: span.first ?? now,
      });
      relationship('indicates', indicatorId, campaignId);
      relationship('related-to', indicatorId, sco.id);
      for (const f of o.factChecks ?? []) factCheckRefs.get(f.url)?.push(indicatorId);
    }
    addFactCheckNotes(net, campaignId);
  });

  const reportId = lockstepId('report', [identityId, reportKey(result)]);
  const fresh = reconcile([...objects.values()], previous, {
    now,
    producerId: identityId,
    keepTypes: new Set(['identity', 'attack-pattern', 'report']),
  });
  const report: StixObject = {
    ...common('report', reportId),
    name: `Lockstep coordinated-behaviour report: ${result.networks.length} networks`,
    description: runDescription(result),
    report_types: ['campaign', 'indicator', 'attack-pattern'],
    published: now,
    object_refs: fresh.map((o) => o.id),
    x_lockstep_version: result.lockstepVersion,
  };
  const [finalReport] = reconcile([report], previous, { now, producerId: identityId });
  const all: StixObject[] = [marking, ...fresh, finalReport!];
  return {
    type: 'bundle',
    id: lockstepId('bundle', [finalReport!.id, finalReport!.modified]),
    objects: all,
  };
}

function sharedObservable(behaviour: Behaviour, object: string): 'url' | 'domain-name' | undefined {
  if (behaviour === 'co-link' && isWebUrl(object)) return 'url';
  if (behaviour === 'co-domain' && isDomain(object)) return 'domain-name';
  return undefined;
}

/** What makes two runs "the same analysis": inputs (by file name) and the behaviours looked for. */
function reportKey(result: DetectionResult): unknown {
  const names = result.parameters.inputs.map((p) => p.replace(/^.*[\\/]/, '')).sort();
  return { inputs: names, behaviours: [...result.parameters.behaviours].sort() };
}

function runDescription(result: DetectionResult): string {
  const p = result.parameters;
  const windows = Object.entries(p.windows)
    .map(([b, w]) => `${b} ${w}s`)
    .join(', ');
  return [
    `Lockstep ${result.lockstepVersion} analysed ${result.input.posts} posts by ${result.input.accounts} accounts`,
    `from ${p.inputs.length} input file(s) (format ${p.format}) and found ${result.networks.length} coordinated networks.`,
    `Behaviours: ${p.behaviours.join(', ')}; windows: ${windows || 'n/a'} (${p.windowSource});`,
    `semantics ${p.semantics}; minimum participation ${p.minParticipation}; FDR ${p.fdr}; seed ${p.seed}.`,
    `Run ${result.startedAt} to ${result.finishedAt}.`,
  ].join(' ');
}
