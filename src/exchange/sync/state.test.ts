import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLockstepError } from '../../core/errors.js';
import { OPENCTI_AMBER_STRICT_ID, TLP1_IDS, TLP2_IDS } from '../../stix/tlp.js';
import { SYNC_POLICY, mayLeave } from './policy.js';
import { SyncState, isLater } from './state.js';

describe('sync state file', () => {
  it('starts empty, advances only forward, and survives a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-state-'));
    try {
      const file = join(dir, 'nested', 'state.json');
      const s = await SyncState.open(file);
      const k = SyncState.key('http://a/c/', 'http://b/c/');
      assert.equal(s.cursor(k), undefined);
      await s.advance(k, '2026-01-01T00:00:01.5Z');
      await s.advance(k, '2026-01-01T00:00:01.400000Z'); // earlier: ignored
      assert.equal(s.cursor(k), '2026-01-01T00:00:01.5Z');
      await s.advance(k, '2026-01-01T00:00:02Z');
      const again = await SyncState.open(file);
      assert.equal(again.cursor(k), '2026-01-01T00:00:02Z');
      assert.doesNotMatch(readFileSync(file, 'utf8'), /password|authorization/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a state file that is not JSON or has the wrong shape, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-state-'));
    try {
      for (const [name, text] of [
        ['bad.json', '{not json'],
        ['shape.json', '{"version":1,"cursors":{"k":{"addedAfter":5}}}'],
        ['version.json', '{"version":2,"cursors":{}}'],
      ] as const) {
        const file = join(dir, name);
        writeFileSync(file, text);
        await assert.rejects(SyncState.open(file), (e: unknown) => {
          assert.ok(isLockstepError(e));
          assert.equal(e.code, 'ERR_SYNC_STATE');
          assert.match(e.message, new RegExp(name));
          return true;
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('orders timestamps of different fraction widths', () => {
    assert.ok(isLater('2026-01-01T00:00:01Z', '2026-01-01T00:00:00.999999Z'));
    assert.ok(isLater('2026-01-01T00:00:00.1Z', '2026-01-01T00:00:00.099999Z'));
    assert.ok(!isLater('2026-01-01T00:00:00.100Z', '2026-01-01T00:00:00.1Z'));
  });
});

describe('TLP policy for what leaves', () => {
  const obj = (refs: string[]) => ({ type: 'indicator', id: 'indicator--x', object_marking_refs: refs });

  it('never sends AMBER+STRICT or RED under the sync policy, in any spelling', () => {
    for (const id of [TLP2_IDS['amber+strict'], TLP2_IDS.red, TLP1_IDS.red, OPENCTI_AMBER_STRICT_ID])
      assert.equal(mayLeave(obj([id]), SYNC_POLICY).send, false, id);
    // the most restrictive marking wins, granular markings included
    assert.equal(mayLeave(obj([TLP2_IDS.green, TLP2_IDS.red]), SYNC_POLICY).send, false);
    const granular = {
      ...obj([TLP2_IDS.green]),
      granular_markings: [{ marking_ref: TLP2_IDS.red, selectors: ['name'] }],
    };
    assert.equal(mayLeave(granular, SYNC_POLICY).send, false);
  });

  it('sends CLEAR/GREEN/AMBER, marking definitions, and unmarked objects unless told to skip them', () => {
    for (const l of ['clear', 'green', 'amber'] as const)
      assert.equal(mayLeave(obj([TLP2_IDS[l]]), SYNC_POLICY).send, true, l);
    assert.equal(mayLeave(obj([]), SYNC_POLICY).send, true);
    assert.equal(mayLeave(obj([]), { ...SYNC_POLICY, unmarked: 'skip' }).send, false);
    assert.equal(
      mayLeave({ type: 'marking-definition', id: TLP2_IDS.red }, { ...SYNC_POLICY, unmarked: 'skip' }).send,
      true,
    );
  });

  it('applies a lower ceiling, and RED only when restricted levels are explicitly allowed', () => {
    const green = { ...SYNC_POLICY, ceiling: 'green' as const };
    assert.equal(mayLeave(obj([TLP2_IDS.amber]), green).send, false);
    assert.equal(mayLeave(obj([TLP2_IDS.clear]), green).send, true);
    const push = { ceiling: 'red' as const, unmarked: 'send' as const, allowRestricted: true };
    assert.equal(mayLeave(obj([TLP2_IDS.red]), push).send, true);
  });
});
