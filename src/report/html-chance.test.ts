import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from './html.js';
import { makeResult } from './test-helpers/result-factory.js';

describe("report.html: a network's chance line", () => {
  it('shows the tested quantity and names the lag test, and the overview ratio is observed/expected', () => {
    const r = makeResult();
    const [count, lag] = r.networks;
    assert.ok(count && lag, 'the factory makes at least two networks');
    Object.assign(count, { chanceBehaviour: 'co-hashtag', chanceTest: 'count', observed: 120, expected: 10 });
    Object.assign(lag, { chanceBehaviour: 'co-retweet', chanceTest: 'lag', observed: 42, expected: 4.2 });
    const html = renderReport(r);
    assert.match(html, /co-hashtag co-actions <b>120<\/b> against <b>10<\/b> expected by chance/);
    assert.match(html, /co-retweet co-actions at a steady lag <b>42<\/b> against <b>4\.20<\/b>/);
    assert.match(html, /<td>12×<\/td>/);
    assert.match(html, /<td>10×<\/td>/);
  });
});
