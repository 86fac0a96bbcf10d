/**
 * The workspace in Chromium (playwright-core driving Debian's /usr/bin/chromium): log in → runs list →
 * open the demo run → filter the graph → search → open an account (timeline with axes), and hostile
 * post text (`<script>`, `javascript:` links, an RTL override) rendered as inert text. Skips, saying
 * why, without a browser or without the built front end (`npm run build` builds web/dist).
 * LOCKSTEP_UI_SCREENSHOTS=DIR keeps a PNG of each page there (docs/UI.md's come from this).
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { hashPassword } from '../exchange/credentials.js';
import { writeDetectionOutput } from '../report/write-output.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { addDemoRun, addHostileRun, browserSkip, browserWorld, SHOTS } from './test-helpers/browser-world.js';
import { addRun } from './runs.js';
import { deskCollection } from './test-world.js';

const skip = browserSkip('workspace');

const HOSTILE =
  '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> see javascript:window.__pwned=3 ' +
  'and https://example.org/a?b=1 \u202Egnp.exe\u202C done';
const TAXII_ROOT = 'desk';
const TAXII_COLLECTION = '11111111-2222-4333-8444-555555555555';
const TAXII = 'application/taxii+json;version=2.1';
const BOB_BASIC = `Basic ${Buffer.from('bob:bob-password').toString('base64')}`;

describe('workspace in Chromium', { skip }, () => {
  let demoRun: string;
  let hostileRun: string;
  let hostileDash: string;
  const w = browserWorld({
    prefix: 'lockstep-ws-browser-',
    seed: async (store, dir) => {
      await store.putOrg({ id: 'org-b', name: 'Newsroom Verify', redRecipients: [] });
      await store.putUser({
        username: 'bob',
        org: 'org-b',
        passwordHash: await hashPassword('bob-password'),
      });
      await store.putTrustGroup({ id: 'desk', name: 'Election desk', members: ['org-a', 'org-b'] });
      await store.putContactCard({
        org: 'org-b',
        json: JSON.stringify({
          contacts: [
            { topic: 'election-integrity', name: 'Verification desk', email: 'desk@verify.example' },
            { topic: 'press', url: 'https://verify.example/press' },
          ],
        }),
        updated: '2026-12-01T09:00:00.000Z',
      });
      demoRun = await addDemoRun(store, dir);
      const r = makeResult({ networks: 1, size: 3 });
      r.networks[0]!.examples[0]!.text = HOSTILE;
      r.startedAt = '2025-01-01T00:00:00.000Z';
      await writeDetectionOutput(r, join(dir, 'hostile'));
      hostileRun = (
        await addRun(store, join(dir, 'hostile'), {
          org: 'org-a',
          tlp: 'red',
          inputs: false,
          title: 'Hostile text',
        })
      ).id;
      // A run whose input posts carry the hostile text, for the dashboard's top posts.
      hostileDash = await addHostileRun(store, {
        title: 'Hostile dashboard',
        text: HOSTILE,
        urls: ['javascript:window.__pwned=7', 'https://example.org/a?b=1'],
      });
      // A TAXII collection the trust group reads and writes (sharing a case over TAXII).
      await deskCollection(store, TAXII_ROOT, TAXII_COLLECTION);
    },
  });

  const shot = async (page: Page, name: string, fullPage = false): Promise<void> => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  };

  async function loggedIn(who = 'alice'): Promise<{ page: Page; errors: string[]; outside: string[] }> {
    const page = await w.browser.newPage({ viewport: { width: 1280, height: 860 } });
    const errors: string[] = [];
    const outside: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // The refused wrong password and the not-yet-logged-in session check are expected 401s.
      if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text());
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(w.base) && !req.url().startsWith('blob:') && !req.url().startsWith('data:'))
        outside.push(req.url());
    });
    await page.goto(`${w.base}/`);
    await page.waitForSelector('form.login');
    if (who === 'alice') await shot(page, 'login');
    await page.fill('#username', who);
    await page.fill('#password', 'wrong-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('form.login .error:text("wrong username or password")');
    await page.fill('#password', `${who}-password`);
    await page.click('button[type=submit]');
    await page.waitForSelector('table.runs');
    return { page, errors, outside };
  }

  it('log in → open the run → filter the graph → search → open an account', async () => {
    const { page, errors, outside } = await loggedIn();
    assert.deepEqual(await page.locator('table.runs tbody tr td:first-child').allInnerTexts(), [
      'Hostile text',
      'Demo sample',
      'Hostile dashboard',
    ]);
    await shot(page, 'runs');
    await page.getByRole('link', { name: 'Demo sample', exact: true }).click();
    await page.waitForSelector('#graph canvas');
    await page.waitForSelector('#graph[data-layout="done"]', { timeout: 15_000 });
    const count = async (): Promise<string> => (await page.locator('#visible-count').innerText()).trim();
    const all = await count();
    assert.match(all, /^Showing (\d+) of \1 accounts and (\d+) of \2 edges$/);
    await shot(page, 'explorer');
    await page.uncheck('#behaviour-co-domain');
    const noDomain = await count();
    assert.notEqual(noDomain, all);
    assert.match(noDomain, /^Showing \d+ of \d+ accounts and \d+ of \d+ edges$/);
    await page.locator('#min-automation').fill('0.5');
    const automated = await count();
    const shown = Number(/^Showing (\d+)/.exec(automated)![1]);
    const total = Number(/of (\d+) accounts/.exec(automated)![1]);
    assert.ok(shown < total, automated);
    await shot(page, 'explorer-filtered');
    await page.locator('#min-automation').fill('0');
    await page.check('#behaviour-co-domain');
    assert.equal(await count(), all);
    // Time range: only what was active in the run's first 1/200 of its span, then all again.
    const edgesOf = (s: string): number => Number(/and (\d+) of/.exec(s)![1]);
    await page.locator('#time-to').fill('1');
    const early = await count();
    assert.ok(edgesOf(early) < edgesOf(all), early);
    await page.locator('#time-to').fill('200');
    assert.equal(await count(), all);
    // A flagged signal keeps only the accounts that have it.
    const signals = await page.locator('#signal option').allInnerTexts();
    assert.ok(signals.length > 1, 'the demo run has flagged signals');
    await page.selectOption('#signal', signals[1]!);
    const withSignal = await count();
    assert.ok(Number(/^Showing (\d+)/.exec(withSignal)![1]) < total, withSignal);
    await shot(page, 'explorer-signal');
    await page.selectOption('#signal', '');
    assert.equal(await count(), all);
    await page.fill('#search', 'N1');
    await page.waitForSelector('#search-results li a');
    const first = page.locator('#search-results li a').first();
    const name = (await first.innerText()).trim();
    await first.click();
    await page.waitForSelector('#account-title');
    assert.equal((await page.locator('#account-title').innerText()).trim(), name);
    // Timeline with both axes' ticks and titles, hour profile, partners.
    assert.ok((await page.locator('#timeline rect.bar').count()) > 0);
    assert.ok((await page.locator('#timeline text.tick').count()) >= 6);
    assert.match(await page.locator('#timeline').innerHTML(), /time \(UTC\), one bar per hour/);
    assert.ok((await page.locator('#hours polyline.dataset-line').count()) === 1);
    assert.ok((await page.locator('table tbody tr').count()) > 0);
    await shot(page, 'account', true);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [], 'no request leaves the server');
    await page.close();
  });

  it('opens a case from a network → triage with assignee → markdown note (hostile HTML inert) → pin an account', async () => {
    const { page, errors, outside } = await loggedIn();
    await page.goto(`${w.base}/app/#/runs/${demoRun}`);
    await page.waitForSelector('#graph canvas');
    await page.locator('details.network summary').first().click();
    // The card's members and top objects are made when it opens (the objects fetched then).
    await page.waitForSelector('details.network[open] ul.objects li');
    assert.ok((await page.locator('details.network[open] a[href*="/accounts/"]').count()) > 1);
    await page.locator('button.open-case').first().click();
    await page.waitForSelector('#case-title');
    assert.match(await page.locator('#case-title').innerText(), /^Network N\d+ in Demo sample$/);
    assert.ok((await page.locator('#case-accounts li').count()) > 1);
    await page.selectOption('#case-status', 'triage');
    await page.selectOption('#case-assignee', 'alice');
    await page.click('#case-save');
    await page.waitForSelector('#trail tr:has-text("moved it from new to triage")');
    assert.match(await page.locator('#trail').innerText(), /assigned it to alice \(was nobody\)/);
    await page.fill(
      '#note-text',
      '## Why\n\n**Same** minute, see [the post](https://example.org/p) and [bad](javascript:window.__pwned=4)\n\n- one\n- two\n\n<script>window.__pwned = 5</script><img src=x onerror="window.__pwned=6">',
    );
    await page.click('#note-add');
    await page.waitForSelector('#notes li .note-body strong');
    const note = page.locator('#notes li .note-body').first();
    assert.equal(await note.locator('h4').innerText(), 'Why');
    assert.equal(await note.locator('li').count(), 2);
    assert.match(await note.innerText(), /<script>window.__pwned = 5<\/script>/);
    const hrefs: (string | null)[] = [];
    for (const a of await note.locator('a').all()) hrefs.push(await a.getAttribute('href'));
    assert.deepEqual(hrefs, ['https://example.org/p']);
    assert.equal(await page.locator('#notes script, #notes img').count(), 0);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    await shot(page, 'case', true);
    // Pin the first account from its page.
    const pinnedHref = await page.locator('#case-accounts li a').first().getAttribute('href');
    await page.locator('#case-accounts li a').first().click();
    await page.waitForSelector('#account-title');
    const pinnedName = (await page.locator('#account-title').innerText()).trim();
    assert.equal(await page.locator('#account-cases table.cases tbody tr').count(), 1);
    await page.fill('#pin-comment', 'posts within the same minute');
    await page.click('#pin-button');
    await page.waitForSelector('#pins li');
    assert.match(await page.locator('#pins li').first().innerText(), /posts within the same minute/);
    // The trail names the pinned account as the page does (its label, linked), its id beside it.
    const pinLine = page.locator('#trail tr:has-text("pinned account") .trail-account');
    assert.equal(await pinLine.locator('a bdi').innerText(), pinnedName);
    assert.equal(await pinLine.locator('a').getAttribute('href'), pinnedHref);
    const pinnedId = decodeURIComponent(pinnedHref!.slice(pinnedHref!.lastIndexOf('/') + 1));
    assert.notEqual(pinnedId, pinnedName);
    assert.equal(await pinLine.innerText(), `pinned account ${pinnedName} (${pinnedId})`);
    await page.click('a[href="#/cases"]');
    await page.waitForSelector('table.cases');
    assert.match(await page.locator('table.cases tbody tr').first().innerText(), /triage/);
    await shot(page, 'cases');
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [], 'no request leaves the server');
    await page.close();
  });

  it('confirms a case → sends it to a partner contact → the partner acknowledges → time to acknowledge shows', async () => {
    const a = await loggedIn('alice');
    await a.page.goto(`${w.base}/app/#/cases`);
    await a.page.waitForSelector('table.cases');
    await a.page.locator('table.cases tbody tr a').first().click();
    await a.page.waitForSelector('#case-title');
    const title = (await a.page.locator('#case-title').innerText()).trim();
    await a.page.selectOption('#case-status', 'confirmed');
    await a.page.click('#case-save');
    await a.page.waitForSelector('#share-send');
    await a.page.selectOption('#share-org', 'org-b');
    await a.page.selectOption('#share-topic', 'election-integrity');
    await a.page.fill('#share-message', 'Same six accounts, same minute: please check.');
    await a.page.click('#share-send');
    await a.page.waitForSelector('#shares td.ack:text("waiting")');
    assert.match(await a.page.locator('#shares').innerText(), /Verification desk/);
    assert.match(await a.page.locator('.facts').first().innerText(), /shared/);
    await a.page.click('a[href="#/contacts"]');
    await a.page.waitForSelector('#directory');
    assert.match(
      await a.page.locator('#directory').innerText(),
      /Newsroom Verify[\s\S]*election-integrity: Verification desk/,
    );
    await shot(a.page, 'contacts', true);

    const b = await loggedIn('bob');
    await b.page.click('a[href="#/inbox"]');
    await b.page.waitForSelector('table.inbox');
    await b.page.getByRole('link', { name: title }).click();
    await b.page.waitForSelector('#shared-title');
    assert.match(await b.page.locator('blockquote.message').innerText(), /please check/);
    assert.match(await b.page.locator('#ack-state').innerText(), /Not acknowledged yet/);
    await shot(b.page, 'shared-with-us', true);
    await b.page.click('#ack-actioned');
    await b.page.waitForSelector('#ack-state:text("Acknowledged (actioned) by bob")');

    await a.page.goBack();
    await a.page.waitForSelector('#shares');
    await a.page.reload();
    await a.page.waitForSelector('#shares td.ack:text("actioned by bob")');
    assert.match(await a.page.locator('#shares td.ttack').innerText(), /^\d+ s$|min/);
    assert.match(await a.page.locator('#trail').innerText(), /org-b acknowledged it \(actioned\)/);
    await shot(a.page, 'case-acknowledged', true);
    for (const x of [a, b]) {
      assert.deepEqual(x.errors, []);
      assert.deepEqual(x.outside, [], 'no request leaves the server');
      await x.page.close();
    }
  });

  it('publishes the case to a TAXII collection at AMBER → the partner acknowledges and sights over TAXII → time to acknowledge shows', async () => {
    const a = await loggedIn('alice');
    await a.page.goto(`${w.base}/app/#/cases`);
    await a.page.waitForSelector('table.cases');
    await a.page.locator('table.cases tbody tr a').first().click();
    await a.page.waitForSelector('#taxii-publish');
    // Only levels at least the case's (AMBER) are offered.
    assert.deepEqual(await a.page.locator('#taxii-tlp option').allInnerTexts(), [
      'TLP:AMBER',
      'TLP:AMBER+STRICT',
      'TLP:RED',
    ]);
    await a.page.selectOption('#taxii-tlp', 'amber');
    await a.page.click('#taxii-publish');
    await a.page.waitForSelector('#publications td:text("waiting for acknowledgement")');
    assert.match(
      await a.page.locator('#trail').innerText(),
      /published it to TAXII collection Desk findings at TLP:AMBER/,
    );

    // Bob's TAXII client reads the campaign, acknowledges it and reports a sighting of one indicator.
    const taxii = (path: string, body?: unknown) =>
      fetch(`${w.base}/${TAXII_ROOT}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: BOB_BASIC, accept: TAXII, 'content-type': TAXII },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const read = await taxii(`/collections/${TAXII_COLLECTION}/objects/`);
    assert.equal(read.status, 200);
    const objects = ((await read.json()) as { objects: { id: string; type: string }[] }).objects;
    const campaign = objects.find((o) => o.type === 'campaign')!;
    const indicator = objects.find((o) => o.type === 'indicator')!;
    assert.equal((await taxii(`/feedback/objects/${campaign.id}/ack`, { kind: 'actioned' })).status, 201);
    const sighted = await taxii(`/collections/${TAXII_COLLECTION}/objects/`, {
      objects: [
        {
          type: 'sighting',
          spec_version: '2.1',
          id: 'sighting--2b7f4c1e-9d3a-4e8b-a6c5-1f0e2d3c4b5a',
          created: '2026-12-02T10:00:00.000Z',
          modified: '2026-12-02T10:00:00.000Z',
          sighting_of_ref: indicator.id,
          count: 3,
          object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'],
        },
      ],
    });
    assert.equal(sighted.status, 202);

    await a.page.reload();
    await a.page.waitForSelector('#publications td.ack:text("actioned")');
    assert.match(await a.page.locator('#publications td.ttack').innerText(), /^\d+ s$|min/);
    assert.match(await a.page.locator('#publications .sightings').innerText(), /org-b sighted Account .* 3×/);
    await shot(a.page, 'case-taxii', true);
    // The explorer's export writes what is shown, in the browser.
    await a.page.goto(`${w.base}/app/#/runs/${demoRun}`);
    await a.page.waitForSelector('#graph[data-layout="done"]', { timeout: 15_000 });
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('#export-gexf')]);
    assert.match(download.suggestedFilename(), /^run-[0-9a-f]{16}\.gexf$/);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(a.outside, [], 'no request leaves the server');
    await a.page.close();
  });

  it('uploads a run folder from the runs page (a missing file is named)', async () => {
    const { page, errors, outside } = await loggedIn();
    // A run not in the store yet (run ids come from run.json's facts and the org).
    const folder = join(w.dir, 'upload');
    cpSync(join(w.dir, 'hostile'), folder, { recursive: true });
    const runJson = join(folder, 'run.json');
    writeFileSync(
      runJson,
      readFileSync(runJson, 'utf8').replace('2025-01-01T00:00:00.000Z', '2025-05-05T00:00:00.000Z'),
    );
    await page.setInputFiles('#upload-files', [join(folder, 'run.json')]);
    await page.click('#upload-send');
    await page.waitForSelector('#upload-message:text("Missing networks.json, edges.csv")');
    await page.setInputFiles(
      '#upload-files',
      ['run.json', 'networks.json', 'edges.csv'].map((f) => join(folder, f)),
    );
    await page.selectOption('#upload-tlp', 'amber');
    await page.fill('#upload-title', 'Uploaded in the browser');
    await page.click('#upload-send');
    await page.getByRole('link', { name: 'Uploaded in the browser', exact: true }).waitFor();
    assert.match(
      await page.locator('table.runs tr:has-text("Uploaded in the browser")').innerText(),
      /TLP:AMBER\s+org-a/,
    );
    await shot(page, 'runs-upload', true);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [], 'no request leaves the server');
    await page.close();
  });

  it('renders hostile post text as inert text: no script runs, no javascript: link, RTL isolated', async () => {
    const { page, errors } = await loggedIn();
    const r = makeResult({ networks: 1, size: 3 });
    const who = r.networks[0]!.examples[0]!.account;
    await page.goto(`${w.base}/app/#/runs/${hostileRun}/accounts/${encodeURIComponent(who)}`);
    await page.waitForSelector('#examples');
    const text = await page.locator('#examples').innerText();
    assert.ok(text.includes('<script>window.__pwned = 1</script>'), text);
    assert.ok(text.includes('<img src=x onerror="window.__pwned = 2">'));
    assert.ok(text.includes('⟨U+202E⟩gnp.exe⟨U+202C⟩'), 'the override is shown, not obeyed');
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    const hrefs: (string | null)[] = [];
    for (const a of await page.locator('#examples a').all()) hrefs.push(await a.getAttribute('href'));
    assert.deepEqual(hrefs, ['https://example.org/a?b=1']);
    assert.equal(await page.locator('#examples script, #examples img').count(), 0);
    assert.equal((await page.locator('#examples bdi[dir="auto"]').count()) > 0, true);
    await shot(page, 'hostile-text');
    await page.goto(`${w.base}/app/#/runs/${demoRun}`);
    await page.waitForSelector('#graph canvas');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('data-set dashboard: disclaimer, curves with spikes, a changed time range, a case opened from a finding', async () => {
    const { page, errors, outside } = await loggedIn();
    await page.getByRole('link', { name: 'Dashboard of Demo sample' }).click();
    await page.waitForSelector('#dashboard-totals');
    assert.match(await page.locator('#disclaimer-title').innerText(), /a question, not an accusation/);
    assert.match(
      await page.locator('#dash-facts').innerText(),
      /Last refreshed \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    assert.equal(await page.locator('section.dash-section h2').count(), 5);
    assert.ok((await page.locator('#top-hashtag tbody tr').count()) > 0);
    assert.ok((await page.locator('#dashboard-totals rect.bar').count()) > 0);
    assert.ok((await page.locator('#dashboard-totals text.tick').count()) >= 6);
    const wholeBars = await page.locator('#dashboard-totals rect.bar').count();
    await shot(page, 'dashboard', true);
    // A later start: the page reloads with the range in its URL and fewer buckets.
    const min = Date.parse(`${await page.locator('#dash-from').inputValue()}:00Z`);
    const max = Date.parse(`${(await page.locator('#dash-to').getAttribute('max'))!}:00Z`);
    const later = new Date(min + Math.floor((max - min) / 2 / 3_600_000) * 3_600_000)
      .toISOString()
      .slice(0, 16);
    await page.fill('#dash-from', later);
    await page.locator('#dash-from').press('Enter');
    await page.waitForSelector(`#dash-facts:has-text("Showing the whole run, ${later.replace('T', ' ')}")`);
    assert.match(page.url(), /dashboard\?from=/);
    assert.match(
      await page.locator('#dash-facts').innerText(),
      new RegExp(`Showing the whole run, ${later.replace('T', ' ')}`),
    );
    assert.ok((await page.locator('#dashboard-totals rect.bar').count()) < wholeBars);
    // Keyboard: the first enabled "Open a case" is reachable and works with Enter.
    const open = page.locator('button.open-finding:enabled').first();
    const kind = await open.getAttribute('data-kind');
    await open.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#case-title');
    assert.match(
      await page.locator('#case-title').innerText(),
      new RegExp(`^Dashboard: ${kind === 'post' ? 'reposted post' : kind === 'url' ? 'URL' : kind!} `),
    );
    assert.ok((await page.locator('#pins li').count()) > 0);
    assert.match(
      await page.locator('#notes').innerText(),
      /Dashboard finding[\s\S]*a question, not an accusation/,
    );
    // Hostile text in the data set: shown as text, no script, the only link the https one.
    await page.goto(`${w.base}/app/#/runs/${hostileDash}/dashboard`);
    await page.waitForSelector('#top-post tbody tr');
    const post = await page.locator('#top-post').innerText();
    assert.ok(post.includes('<script>window.__pwned = 1</script>'), post);
    assert.ok(post.includes('⟨U+202E⟩gnp.exe⟨U+202C⟩'));
    assert.ok(post.includes('<b>origin</b>'));
    assert.ok((await page.locator('#top-hashtag').innerText()).includes('#<script>'));
    const hrefs: (string | null)[] = [];
    for (const a of await page.locator('section.dash-section a').all())
      hrefs.push(await a.getAttribute('href'));
    assert.deepEqual([...new Set(hrefs)], ['https://example.org/a?b=1']);
    assert.equal(await page.locator('section.dash-section script, section.dash-section img').count(), 0);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, [], 'no request leaves the server');
    await page.close();
  });
});
