/**
 * The explorer's second node type in Chromium (playwright-core driving Debian's /usr/bin/chromium, as
 * workspace.browser.test.ts): turn the amplified objects on → accounts and objects both drawn and
 * counted → the filters act on them (a kind, a behaviour, the automation score) → search finds an
 * object and its card says what it is (a retweeted post's author and text, never a bare id) → the
 * nodes CSV and GEXF exports carry both kinds of node → an object node clicked on the canvas opens its
 * card. Hostile object names (a `<script>` hashtag, a
 * `javascript:` URL) stay text. Skips, saying why, without a browser or the built front end.
 * LOCKSTEP_UI_SCREENSHOTS=DIR keeps PNGs there (docs/UI.md's come from this).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addDemoRun, addHostileRun, browserSkip, browserWorld, SHOTS } from './test-helpers/browser-world.js';

const skip = browserSkip('explorer objects');

/** "Showing A of B accounts and E of F edges; O objects and T of U account → object ties". */
function counts(s: string): { accounts: number; edges: number; objects: number; ties: number } {
  const m =
    /^Showing (\d+) of \d+ accounts and (\d+) of \d+ edges(?:; (\d+) objects and (\d+) of \d+ account → object ties)?$/.exec(
      s,
    );
  assert.ok(m, s);
  return { accounts: Number(m[1]), edges: Number(m[2]), objects: Number(m[3] ?? 0), ties: Number(m[4] ?? 0) };
}

/**
 * In the page: an object node drawn at least 14 px from every other drawn node (so that a click there
 * can only mean it), with its page coordinates — from the explorer's `nodeViewport` hook on #graph
 * (a WebGL canvas has no element per node) and the run's graph and objects pages.
 */
const APART_OBJECT = (run: string): string => `(async () => {
  const el = document.getElementById('graph');
  const get = async (u) => (await fetch(u)).json();
  const graph = await get('/api/runs/${run}/graph');
  const objects = await get('/api/runs/${run}/graph/objects');
  const drawn = [...graph.nodes.id, ...objects.objects.map((o) => o.id)]
    .map((id) => ({ id, p: el.nodeViewport(id) }))
    .filter((d) => d.p !== null);
  const box = el.getBoundingClientRect();
  for (const o of objects.objects) {
    const p = el.nodeViewport(o.id);
    if (!p || p.x < 20 || p.y < 20 || p.x > box.width - 20 || p.y > box.height - 20) continue;
    if (drawn.every((d) => d.id === o.id || Math.hypot(d.p.x - p.x, d.p.y - p.y) >= 14))
      return { id: o.id, x: box.left + p.x, y: box.top + p.y, drawn: drawn.length };
  }
  return { id: null, drawn: drawn.length };
})()`;

describe('explorer objects in Chromium', { skip }, () => {
  let demoRun: string;
  let hostileRun: string;
  const w = browserWorld({
    prefix: 'lockstep-ws-objects-',
    seed: async (store, dir) => {
      demoRun = await addDemoRun(store, dir);
      // Objects with hostile names: a `<script>` hashtag, a `javascript:` URL, an HTML author.
      hostileRun = await addHostileRun(store, {
        title: 'Hostile objects',
        text: 'RT @<b>origin</b>: <img src=x onerror="window.__pwned = 1">',
        urls: ['javascript:window.__pwned=7'],
      });
    },
  });

  async function explorer(run: string): Promise<{ page: Page; errors: string[] }> {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text());
    });
    await w.logIn(page);
    await page.goto(`${w.base}/app/#/runs/${run}`);
    await page.waitForSelector('#graph[data-layout="done"]', { timeout: 15_000 });
    return { page, errors };
  }

  const download = async (page: Page, button: string): Promise<string> => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return readFileSync(await file.path(), 'utf8');
  };

  it('turns the objects on → both kinds of node → filters, search, card, exports', async () => {
    const { page, errors } = await explorer(demoRun);
    const count = async () => counts((await page.locator('#visible-count').innerText()).trim());
    const off = await count();
    assert.equal(off.objects, 0);
    assert.ok(off.accounts > 0);
    await page.check('#show-objects');
    await page.waitForSelector('#objects-status:has-text("account → object ties")');
    const on = await count();
    assert.equal(on.accounts, off.accounts, 'the accounts stay');
    assert.ok(on.objects > 0 && on.ties >= on.objects, JSON.stringify(on));
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'explorer-objects.png') });

    // The exports carry both kinds of node and the account → object ties.
    const nodes = await download(page, '#export-nodes-csv');
    const kinds = new Set(
      nodes
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.split(',').at(-1)),
    );
    assert.ok(kinds.has('account') && kinds.size >= 2, [...kinds].join(' '));
    assert.equal(nodes.trim().split(/\r?\n/).length - 1, on.accounts + on.objects);
    const gexf = await download(page, '#export-gexf');
    assert.match(gexf, /<attvalue for="node_kind" value="account"\/>/);
    assert.equal((gexf.match(/kind="acts-on-/g) ?? []).length, on.ties);
    // The server's whole-graph files: the accounts alone, or with the objects and their ties.
    if (SHOTS) await page.locator('.exports').screenshot({ path: join(SHOTS, 'explorer-downloads.png') });
    const whole = await download(page, '#download-gexf');
    assert.doesNotMatch(whole, /node_kind/);
    const wholeObjects = await download(page, '#download-gexf-objects');
    assert.match(wholeObjects, /<attvalue for="node_kind" value="(post|hashtag|url|domain)"\/>/);
    assert.ok((wholeObjects.match(/kind="acts-on-/g) ?? []).length >= on.ties);
    const wholeNodes = await download(page, '#download-nodes-objects');
    assert.match(wholeNodes.split(/\r?\n/)[0]!, /,kind$/);

    // A kind switched off removes its objects; so does its behaviour; the automation score thins them.
    await page.uncheck('#object-kind-hashtag');
    const noHashtags = await count();
    assert.ok(noHashtags.objects < on.objects, JSON.stringify(noHashtags));
    await page.check('#object-kind-hashtag');
    assert.deepEqual(await count(), on);
    await page.uncheck('#behaviour-co-retweet');
    const noRetweets = await count();
    assert.ok(noRetweets.objects < on.objects, JSON.stringify(noRetweets));
    await page.check('#behaviour-co-retweet');
    await page.locator('#min-automation').fill('0.5');
    const automated = await count();
    assert.ok(automated.ties < on.ties, JSON.stringify(automated));
    await page.locator('#min-automation').fill('0');
    assert.deepEqual(await count(), on);

    // Search finds a retweeted post; its card shows the original author and text.
    await page.fill('#search', 'retweets of');
    await page.waitForSelector('#search-results button.object-hit');
    await page.locator('#search-results button.object-hit').first().click();
    await page.waitForSelector('#object-card h2');
    assert.equal((await page.locator('#object-card h2').innerText()).trim(), 'Retweeted post');
    const card = await page.locator('#object-card').innerText();
    assert.match(card, /Retweets of @\S+: “.+”/s);
    assert.match(card, /of the run's accounts acted on it/);
    assert.ok((await page.locator('#object-card ul.object-accounts li a').count()) > 0);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'explorer-object-card.png') });
    await page.fill('#search', '');
    await page.uncheck('#show-objects');
    assert.deepEqual(await count(), off);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("opens an object's card when its node is clicked on the canvas", async () => {
    const { page, errors } = await explorer(demoRun);
    await page.check('#show-objects');
    await page.waitForSelector('#objects-status:has-text("account → object ties")');
    // Where each drawn node is (the explorer's test hook; WebGL has no element per node), and an
    // object at least 14 px from every other drawn node, so the click can only mean it.
    const target = await page.evaluate<{ id: string | null; x?: number; y?: number; drawn: number }>(
      APART_OBJECT(demoRun),
    );
    assert.ok(target.id !== null, `no object node stands apart (${target.drawn} drawn)`);
    assert.equal(await page.locator('#object-card h2').count(), 0, 'no card before the click');
    await page.mouse.move(target.x!, target.y!);
    await page.mouse.click(target.x!, target.y!);
    await page.waitForSelector(`#object-card[data-object="${target.id}"] h2`, { timeout: 5_000 });
    const card = await page.locator('#object-card').innerText();
    assert.match(card, /of the run's accounts acted on it/);
    // Still the explorer: an object is not an account page.
    assert.match(page.url(), new RegExp(`#/runs/${demoRun}$`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows hostile object names as text', async () => {
    const { page, errors } = await explorer(hostileRun);
    await page.check('#show-objects');
    await page.waitForSelector('#objects-status:has-text("account → object ties")');
    for (const q of ['<script>', 'javascript:', 'origin']) {
      await page.fill('#search', q);
      await page.waitForSelector('#search-results button.object-hit');
      await page.locator('#search-results button.object-hit').first().click();
      await page.waitForSelector(`#object-card:has-text("${q}")`);
    }
    // The javascript: URL is no link; nothing ran.
    assert.equal(await page.locator('#object-card a[href^="javascript"]').count(), 0);
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
      undefined,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});
