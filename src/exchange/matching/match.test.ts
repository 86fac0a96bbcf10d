import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isLockstepError } from '../../core/errors.js';
import { IngestStats, readAllPosts } from '../../ingest/index.js';
import { fixture } from '../../ingest/test-helpers.js';
import { equalityPattern } from '../../stix/pattern.js';
import { validateObject } from '../../stix/validate.js';
import { accountComparisons, keyify, parseIndicators } from './indicators.js';
import { KEYED_PROPERTY, canonicalAccount, keyedValue, loadGroupKey, parseGroupKey } from './keyed.js';
import type { GroupKey } from './keyed.js';
import { accountsOf, matchAccounts } from './match.js';

const T = '2026-03-01T00:00:00.000Z';
let n = 0;
function accountIndicator(props: [string, string][]) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${String(++n).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`,
    created: T,
    modified: T,
    name: `Account ${props[0]![1]} acting in lockstep`,
    indicator_types: ['anomalous-activity'],
    pattern: equalityPattern('user-account', props),
    pattern_type: 'stix',
    valid_from: T,
  };
}

/** A partner's export: two accounts the fixtures hold, one they do not, one on another platform. */
function partnerBundle() {
  const seen2 = accountIndicator([
    ['user_id', '783214'],
    ['account_type', 'twitter'],
  ]);
  const byLogin = accountIndicator([
    ['account_login', 'ten_gop'],
    ['account_type', 'twitter'],
  ]);
  const absent = accountIndicator([
    ['user_id', '1234567'],
    ['account_type', 'twitter'],
  ]);
  const otherPlatform = accountIndicator([
    ['user_id', '783214'],
    ['account_type', 'facebook'],
  ]);
  const userAccount = {
    type: 'user-account',
    spec_version: '2.1',
    id: 'user-account--5f8a7e4b-1c2d-5e3f-9a0b-1c2d3e4f5a6b',
    user_id: '783214',
    account_type: 'twitter',
  };
  return {
    bundle: {
      type: 'bundle',
      id: 'bundle--0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      objects: [seen2, byLogin, absent, otherPlatform, userAccount],
    },
    seen2,
    byLogin,
  };
}

async function localAccounts() {
  const stats = new IngestStats();
  const posts = readAllPosts([fixture('twitter-v2.jsonl'), fixture('ira.csv')], {}, stats);
  return accountsOf(posts, 'twitter');
}

const key = (): GroupKey => parseGroupKey(randomBytes(32).toString('hex'), 'test');

describe('privacy-preserving account matching', () => {
  it('plain indicators: sightings for hits with count, first/last seen and the local org, nothing else', async () => {
    const accounts = await localAccounts();
    const { bundle, seen2, byLogin } = partnerBundle();
    const parsed = parseIndicators(bundle, 'partner.json');
    const r = matchAccounts(accounts, parsed.accounts, {
      platform: 'twitter',
      org: 'Newsroom Verify',
      now: new Date(T),
    });
    assert.equal(r.plainHits, 2);
    assert.equal(r.keyedHits, 0);
    const sightings = r.bundle.objects.filter((o) => o.type === 'sighting');
    assert.deepEqual(sightings.map((s) => s.sighting_of_ref).sort(), [seen2.id, byLogin.id].sort());
    const s = sightings.find((x) => x.sighting_of_ref === seen2.id)!;
    // 783214 posts twice in twitter-v2.jsonl, at 1610866980 and 1610877605
    assert.equal(s.count, 2);
    assert.equal(s.first_seen, new Date(1610866980 * 1000).toISOString());
    assert.equal(s.last_seen, new Date(1610877605 * 1000).toISOString());
    const identity = r.bundle.objects.find((o) => o.type === 'identity')!;
    assert.deepEqual(s.where_sighted_refs, [identity.id]);
    for (const o of r.bundle.objects) assert.deepEqual(validateObject(o).errors, [], String(o.id));
    // the answer never names the local accounts
    assert.doesNotMatch(JSON.stringify(r.bundle), /783214|TEN_GOP/i);
  });

  it('keyed indicators match the same accounts with the group key, and nothing with a wrong key', async () => {
    const accounts = await localAccounts();
    const { bundle, seen2 } = partnerBundle();
    const k = key();
    const shared = keyify(bundle, k);
    assert.equal(shared.keyed, 4);
    const text = JSON.stringify(shared.bundle);
    assert.doesNotMatch(text, /783214|ten_gop|1234567/i, 'no account in clear');
    for (const o of shared.bundle.objects as Record<string, unknown>[])
      assert.deepEqual(validateObject(o).errors, [], String(o.id));
    const parsed = parseIndicators(shared.bundle, 'keyed.json');
    assert.equal(parsed.accounts.length, 4);
    assert.ok(parsed.accounts.every((a) => a.kind === 'keyed' && a.keyId === k.id));

    const hit = matchAccounts(accounts, parsed.accounts, { platform: 'twitter', org: 'Civic Watch', key: k });
    assert.equal(hit.keyedHits, 2);
    const s = hit.bundle.objects.filter((o) => o.type === 'sighting');
    assert.ok(
      s.some((x) => x.count === 2),
      'the account seen twice',
    );
    assert.ok(!s.some((x) => x.sighting_of_ref === seen2.id), 'keyed indicators have their own ids');

    const wrong = key();
    const miss = matchAccounts(accounts, parsed.accounts, {
      platform: 'twitter',
      org: 'Civic Watch',
      key: wrong,
    });
    assert.equal(miss.hits, 0);
    assert.equal(miss.otherKey, 4);
    // even when the indicators do not say which key made them, a wrong key matches nothing
    const anonymous = parsed.accounts.map((a) => {
      const c = { ...a };
      delete c.keyId;
      return c;
    });
    const blind = matchAccounts(accounts, anonymous, { platform: 'twitter', org: 'Civic Watch', key: wrong });
    assert.equal(blind.hits, 0);
    assert.equal(blind.bundle.objects.length, 0);
  });

  it('canonical form: platform and handle case and "@" do not matter, user ids keep their case, no forgery by separators', () => {
    const k = key();
    assert.equal(
      keyedValue(k, 'Twitter', 'account_login', '@TEN_GOP'),
      keyedValue(k, 'twitter', 'account_login', 'ten_gop'),
    );
    assert.notEqual(
      keyedValue(k, 'youtube', 'user_id', 'UCabc'),
      keyedValue(k, 'youtube', 'user_id', 'ucabc'),
    );
    assert.notEqual(keyedValue(k, 'twitter', 'user_id', '1'), keyedValue(k, 'twitter', 'account_login', '1'));
    assert.notEqual(canonicalAccount('a","b', 'user_id', 'c'), canonicalAccount('a', 'user_id', 'b","c'));
  });

  it('refuses short or passphrase keys without echoing them, reads hex and base64 keys', async () => {
    for (const bad of ['correct horse battery staple', 'abcd', randomBytes(16).toString('hex')]) {
      assert.throws(
        () => parseGroupKey(bad, '$LOCKSTEP_GROUP_KEY'),
        (e: unknown) => isLockstepError(e) && e.code === 'ERR_MATCH_KEY' && !e.message.includes(bad),
      );
    }
    const bytes = randomBytes(32);
    assert.equal(
      parseGroupKey(bytes.toString('base64'), 'x').id,
      parseGroupKey(bytes.toString('hex'), 'y').id,
    );
    await assert.rejects(loadGroupKey(undefined, {}), /LOCKSTEP_GROUP_KEY/);
    const fromEnv = await loadGroupKey(undefined, { LOCKSTEP_GROUP_KEY: bytes.toString('hex') });
    assert.equal(fromEnv.bytes.equals(bytes), true);
  });

  it('reads only single user-account equality patterns and rejects malformed keyed indicators', () => {
    assert.deepEqual(
      [
        ...(accountComparisons(
          "[user-account:user_id = 'a\\'b' AND user-account:account_type = 'twitter']",
        ) ?? []),
      ],
      [
        ['user_id', "a'b"],
        ['account_type', 'twitter'],
      ],
    );
    for (const p of [
      "[user-account:user_id = 'a'] OR [user-account:user_id = 'b']",
      "[user-account:user_id = 'a' OR user-account:user_id = 'b']",
      "[user-account:user_id = 'a' AND domain-name:value = 'x']",
      "[user-account:user_id != 'a']",
      "[domain-name:value = 'x']",
    ])
      assert.equal(accountComparisons(p), undefined, p);
    const parsed = parseIndicators(
      {
        objects: [
          {
            type: 'indicator',
            id: 'indicator--x',
            pattern_type: 'stix',
            pattern: "[domain-name:value = 'x']",
          },
        ],
      },
      'p.json',
    );
    assert.equal(parsed.skipped.length, 1);
    assert.throws(() => parseIndicators({ nope: 1 }, 'p.json'), /ERR_MATCH_INPUT|objects/);
    assert.throws(
      () =>
        parseIndicators(
          {
            objects: [
              { type: 'indicator', id: 'indicator--y', [KEYED_PROPERTY]: { algorithm: 'MD5', value: 'aa' } },
            ],
          },
          'p.json',
        ),
      (e: unknown) =>
        isLockstepError(e) && e.code === 'ERR_MATCH_INPUT' && e.message.includes('indicator--y'),
    );
  });
});
