/**
 * Account indicators as partners share them, plain or keyed:
 * - plain: a STIX pattern over one `user-account` with `user_id` and/or `account_login` equality
 *   (what `lockstep export` writes: `[user-account:user_id = '…' AND user-account:account_type = '…']`);
 * - keyed: the same with the identifier replaced by its HMAC (keyed.ts), carried twice so both
 *   pattern-reading tools and Lockstep see it:
 *   `x_lockstep_keyed_account: { algorithm: "HMAC-SHA256", key_id, field, value }` (documented custom
 *   property, docs/FEDERATION.md) and the pattern
 *   `[user-account:account_type = 'twitter' AND user-account:x_lockstep_keyed_account = '<hex>']`.
 *
 * `keyify` turns a bundle's plain account indicators into keyed ones (new ids, since the id of the
 * plain indicator could itself be a deterministic function of the account), and drops the
 * `user-account` observables and relationships that would reveal the accounts in clear.
 */
import { LockstepError } from '../../core/errors.js';
import { lockstepId } from '../../stix/ids.js';
import { patternString } from '../../stix/pattern.js';
import type { AccountField, GroupKey } from './keyed.js';
import { KEYED_ALGORITHM, KEYED_PROPERTY, keyedValue } from './keyed.js';

export interface AccountIndicator {
  indicatorId: string;
  kind: 'plain' | 'keyed';
  field: AccountField;
  /** Plain: the identifier; keyed: the hex HMAC. */
  value: string;
  /** account_type when the indicator names one. */
  platform?: string;
  /** Keyed: the key fingerprint the producer used. */
  keyId?: string;
}

export interface ParsedIndicators {
  accounts: AccountIndicator[];
  /** Indicators that are not single-account patterns (skipped, with why). */
  skipped: { id: string; reason: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const COMPARISON = /user-account:([a-z0-9_]+)\s*=\s*'((?:[^'\\]|\\.)*)'/g;

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** The `user-account` equalities of a one-observation AND-only pattern; undefined otherwise. */
export function accountComparisons(pattern: string): Map<string, string> | undefined {
  const p = pattern.trim();
  if (!/^\[[^[\]]*\]$/.test(p) || /\bOR\b|!=|\bNOT\b|\bLIKE\b|\bMATCHES\b/.test(p)) return undefined;
  const out = new Map<string, string>();
  const rest = p.slice(1, -1).replace(COMPARISON, (_m, prop: string, v: string) => {
    out.set(prop, unescape(v));
    return '';
  });
  // Everything else must be ANDs and whitespace: no comparison on another object type.
  if (out.size === 0 || !/^(\s*AND\s*|\s)*$/.test(rest)) return undefined;
  return out;
}

/** Reads a STIX bundle or TAXII envelope (`objects` list) of indicators. */
export function parseIndicators(doc: unknown, source: string): ParsedIndicators {
  if (!isRecord(doc) || !Array.isArray(doc.objects))
    throw new LockstepError(
      'ERR_MATCH_INPUT',
      `${source}: expected a STIX bundle or TAXII envelope with an "objects" list`,
      {
        file: source,
      },
    );
  const accounts: AccountIndicator[] = [];
  const skipped: ParsedIndicators['skipped'] = [];
  for (const [i, o] of doc.objects.entries()) {
    if (!isRecord(o) || o.type !== 'indicator') continue;
    const id = typeof o.id === 'string' ? o.id : `(object ${i})`;
    if (o.revoked === true) {
      skipped.push({ id, reason: 'revoked' });
      continue;
    }
    const keyed = o[KEYED_PROPERTY];
    if (isRecord(keyed)) {
      const field = keyed.field ?? 'user_id';
      if (
        keyed.algorithm !== KEYED_ALGORITHM ||
        typeof keyed.value !== 'string' ||
        !/^[0-9a-f]{64}$/.test(keyed.value) ||
        (field !== 'user_id' && field !== 'account_login')
      ) {
        throw new LockstepError(
          'ERR_MATCH_INPUT',
          `${source}: ${id}: ${KEYED_PROPERTY} needs algorithm "${KEYED_ALGORITHM}", field user_id|account_login and a 64-hex value`,
          {
            file: source,
            object: id,
          },
        );
      }
      const cmp = typeof o.pattern === 'string' ? accountComparisons(o.pattern) : undefined;
      const platform = cmp?.get('account_type');
      accounts.push({
        indicatorId: id,
        kind: 'keyed',
        field,
        value: keyed.value,
        ...(platform !== undefined ? { platform } : {}),
        ...(typeof keyed.key_id === 'string' ? { keyId: keyed.key_id } : {}),
      });
      continue;
    }
    if (o.pattern_type !== 'stix' || typeof o.pattern !== 'string') {
      skipped.push({ id, reason: 'not a STIX pattern' });
      continue;
    }
    const cmp = accountComparisons(o.pattern);
    if (!cmp) {
      skipped.push({ id, reason: 'not a single user-account equality pattern' });
      continue;
    }
    const platform = cmp.get('account_type');
    const add = (field: AccountField) => {
      const v = cmp.get(field);
      if (v !== undefined)
        accounts.push({
          indicatorId: id,
          kind: 'plain',
          field,
          value: v,
          ...(platform !== undefined ? { platform } : {}),
        });
    };
    const before = accounts.length;
    add('user_id');
    add('account_login');
    if (accounts.length === before) skipped.push({ id, reason: 'names no user_id or account_login' });
  }
  return { accounts, skipped };
}

/**
 * A keyed share of `bundle`: every plain account indicator keyed under `key` (needs the indicator's
 * account_type, or `defaultPlatform`), plus the identities and marking definitions they refer to.
 * Everything else is left out on purpose — notes, reports, observables and relationships of an
 * export can name the accounts in clear.
 */
export function keyify(
  bundle: Record<string, unknown>,
  key: GroupKey,
  defaultPlatform?: string,
): { bundle: Record<string, unknown>; keyed: number; left: number } {
  const objects = Array.isArray(bundle.objects) ? (bundle.objects as unknown[]) : [];
  const { accounts } = parseIndicators(bundle, 'bundle');
  const plain = new Map<string, AccountIndicator>();
  for (const a of accounts) if (a.kind === 'plain' && !plain.has(a.indicatorId)) plain.set(a.indicatorId, a);
  const out: unknown[] = [];
  let keyed = 0;
  let left = 0;
  for (const o of objects) {
    if (!isRecord(o)) continue;
    if (o.type === 'identity' || o.type === 'marking-definition') {
      out.push(o);
      continue;
    }
    const a = typeof o.id === 'string' ? plain.get(o.id) : undefined;
    if (!a) {
      left++;
      continue;
    }
    const platform = a.platform ?? defaultPlatform;
    if (platform === undefined)
      throw new LockstepError(
        'ERR_USAGE',
        `${a.indicatorId} names no account_type: give --platform to key it`,
        {
          object: a.indicatorId,
        },
      );
    const value = keyedValue(key, platform, a.field, a.value);
    keyed++;
    // name, description, labels and external references may name the account in clear
    const CLEAR_TEXT = new Set(['name', 'description', 'labels', 'external_references']);
    const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !CLEAR_TEXT.has(k)));
    out.push({
      ...rest,
      id: lockstepId('indicator', ['keyed-account', key.id, value]),
      name: `Keyed account indicator (${platform})`,
      description: `An account of interest, shared as ${KEYED_ALGORITHM} under trust-group key ${key.id} (docs/FEDERATION.md).`,
      pattern: `[user-account:account_type = ${patternString(platform)} AND user-account:${KEYED_PROPERTY} = ${patternString(value)}]`,
      [KEYED_PROPERTY]: { algorithm: KEYED_ALGORITHM, key_id: key.id, field: a.field, value },
    });
  }
  return { bundle: { ...bundle, objects: out }, keyed, left };
}
