import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '../index.js';
import { simulate } from '../../simulate/simulate.js';

describe('automation score in a detection run', () => {
  it('every reported account carries a score; members of a network get its network terms', async () => {
    const sim = simulate({ posts: 20_000, seed: 4 });
    const r = await detect(sim.posts, { seed: 1 });
    assert.ok(r.networks.length > 0, 'the simulation plants networks');
    for (const a of r.accounts) {
      const s = a.automation;
      assert.ok(s, a.account);
      assert.ok(s.score >= 0 && s.score <= 1);
      const sum = Math.log(s.prior / (1 - s.prior)) + s.contributions.reduce((t, c) => t + c.logOdds, 0);
      assert.ok(Math.abs(sum - s.logit) < 1e-9);
      const burst = s.contributions.find((c) => c.signal === 'creation-burst')!;
      if (a.network === null) assert.equal(burst.available, false);
      else assert.match(burst.explanation, /^(Not available|[+−0])/);
    }
    const again = await detect(sim.posts, { seed: 1 });
    assert.deepEqual(
      again.accounts.map((a) => a.automation),
      r.accounts.map((a) => a.automation),
    );
  });
});
