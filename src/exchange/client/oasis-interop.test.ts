/**
 * Interoperability with the OASIS `taxii2client` (cti-taxii-client 2.3.0, taxii2client/v21 and
 * common.py): replays the request sequence that client sends for discover → API root → collections →
 * page (as_pages) → filter → manifest → add (+ status) → get → versions → delete, with its headers
 * (User-Agent, Accept, Basic or `Token` auth), its URL spellings (brackets percent-encoded, trailing
 * slashes added, the status URL resolved as `../../status/{id}` from the collection URL) and the
 * checks it applies to answers (content type tokens, required properties, status counts).
 *
 * The sequence was recorded from the real Python client against `lockstep serve --demo` (see
 * docs/FEDERATION.md, "Interoperability"); this test keeps CI honest without Python.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveServer } from '../../server/test-helpers/live-server.js';
import { liveDemo } from '../../server/test-helpers/live-server.js';
import { newApiKey } from '../credentials.js';

const UA = 'taxii2-client/2.3.0';
const MEDIA_TYPE_TAXII_V21 = 'application/taxii+json;version=2.1';
const BASIC = `Basic ${Buffer.from('alice:alice-password').toString('base64')}`;

type Json = Record<string, unknown>;

/** `_HTTPConnection.valid_content_type` for version 2.1. */
function validContentType(contentType: string, accept: string): boolean {
  const acceptTokens = accept.replaceAll(' ', '').split(';');
  const ctTokens = contentType.replaceAll(' ', '').split(';');
  return acceptTokens.every((t) => ctTokens.includes(t)) && ctTokens[0] === 'application/taxii+json';
}

/** requests' urlencode of a params dict: keys and values percent-encoded, in insertion order. */
function withParams(url: string, params: Record<string, string | number>): string {
  const q = Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return q ? `${url}?${q}` : url;
}

/** `_TAXIIEndpoint.__init__`: a trailing slash is added when missing. */
const endpoint = (url: string) => (url.endsWith('/') ? url : `${url}/`);

class PyConn {
  constructor(private auth: string) {}

  /** `_HTTPConnection.get`: merged headers, raise_for_status, content type check, JSON. */
  async get(
    url: string,
    params: Record<string, string | number> = {},
    accept = MEDIA_TYPE_TAXII_V21,
  ): Promise<Json> {
    const res = await fetch(withParams(url, params), {
      headers: {
        'User-Agent': UA,
        'Accept-Encoding': 'gzip, deflate',
        Accept: accept,
        Connection: 'keep-alive',
        Authorization: this.auth,
      },
    });
    const text = await res.text();
    if (res.status >= 400)
      throw Object.assign(new Error(`HTTP ${res.status}: ${text}`), { status: res.status });
    const ct = res.headers.get('content-type') ?? '';
    assert.ok(
      validContentType(ct, accept),
      `Unexpected Response. Got Content-Type: '${ct}' for Accept: '${accept}'`,
    );
    return JSON.parse(text) as Json;
  }

  /** `_HTTPConnection.post`: the caller's headers only (python-requests UA), raise_for_status, JSON. */
  async post(url: string, body: string): Promise<Json> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'User-Agent': 'python-requests/2.28.1',
        'Accept-Encoding': 'gzip, deflate',
        Accept: MEDIA_TYPE_TAXII_V21,
        Connection: 'keep-alive',
        'Content-Type': MEDIA_TYPE_TAXII_V21,
        Authorization: this.auth,
      },
      body,
    });
    const text = await res.text();
    assert.ok(res.status < 400, `HTTP ${res.status}: ${text}`);
    return JSON.parse(text) as Json;
  }

  /** `_HTTPConnection.delete`: raise_for_status only; requests sends Content-Length: 0. */
  async delete(url: string, params: Record<string, string> = {}): Promise<void> {
    const res = await fetch(withParams(url, params), {
      method: 'DELETE',
      headers: {
        'User-Agent': 'python-requests/2.28.1',
        'Accept-Encoding': 'gzip, deflate',
        Accept: MEDIA_TYPE_TAXII_V21,
        Connection: 'keep-alive',
        'Content-Length': '0',
        Authorization: this.auth,
      },
    });
    await res.text();
    assert.ok(res.status < 400, `DELETE ${res.status}`);
  }
}

/** `Status._validate_status`. */
function validateStatus(s: Json): void {
  for (const k of ['id', 'status']) assert.ok(s[k], `No '${k}' in Status`);
  for (const k of ['total_count', 'success_count', 'failure_count', 'pending_count'])
    assert.equal(typeof s[k], 'number', `No '${k}' in Status`);
  for (const [list, count] of [
    ['successes', 'success_count'],
    ['failures', 'failure_count'],
    ['pendings', 'pending_count'],
  ] as const) {
    const l = s[list] as unknown[] | undefined;
    if (l && l.length)
      assert.equal(l.length, s[count], `Found ${list}=${l.length}, but ${count}=${String(s[count])}`);
  }
  assert.equal(
    (s.success_count as number) + (s.pending_count as number) + (s.failure_count as number),
    s.total_count,
  );
}

/** `as_pages`: first call with limit=per_request, then limit + next while `more`. */
async function asPages(
  fetchPage: (p: Record<string, string | number>) => Promise<Json>,
  perRequest: number,
): Promise<Json[]> {
  const out: Json[] = [];
  let env = await fetchPage(perRequest ? { limit: perRequest } : {});
  out.push(env);
  const got = ((env.objects as unknown[] | undefined) ?? []).length;
  if (env.more && got !== perRequest) perRequest = got;
  while (env.more) {
    const next = typeof env.next === 'string' ? env.next : '';
    env = await fetchPage({ ...(perRequest ? { limit: perRequest } : {}), ...(next ? { next } : {}) });
    out.push(env);
    assert.ok(out.length < 1000, 'paging loop');
  }
  return out;
}

describe('OASIS taxii2client request sequence against lockstep serve', () => {
  let s: LiveServer;
  before(async () => {
    s = await liveDemo();
  });
  after(() => s.close());

  it('discovers, lists, pages, filters, adds, polls, reads versions and deletes like the Python client', async () => {
    const conn = new PyConn(BASIC);
    // Server(url).refresh(): GET without a call-specific Accept → the default TAXII 2.1 media type
    const serverUrl = endpoint(s.discoveryUrl);
    const disc = await conn.get(serverUrl);
    assert.ok(disc.title, "No 'title' in Server Discovery");
    const roots = (disc.api_roots as string[]).map((u) => endpoint(new URL(u, serverUrl).toString()));
    const defaultRoot = roots[(disc.api_roots as string[]).indexOf(disc.default as string)];
    assert.ok(defaultRoot, 'default is one of api_roots');

    const root = await conn.get(defaultRoot);
    assert.ok(
      root.title && (root.versions as string[]).length && typeof root.max_content_length === 'number',
    );

    const colls = ((await conn.get(`${defaultRoot}collections/`)).collections ?? []) as Json[];
    const byAlias = new Map(colls.map((c) => [c.alias, c]));
    const collUrl = (c: Json) => `${defaultRoot}collections/${c.id as string}/`;
    for (const c of colls) {
      assert.ok(c.id && c.title && typeof c.can_read === 'boolean' && typeof c.can_write === 'boolean');
      assert.ok(collUrl(c).includes(c.id as string), 'The collection does not match the url for queries');
    }
    const partner = collUrl(byAlias.get('partner-feed')!);
    const shared = collUrl(byAlias.get('shared')!);

    // as_pages(collection.get_objects, per_request=2) and a single page for comparison
    const whole = (await conn.get(`${partner}objects/`)).objects as Json[];
    const pages = await asPages((p) => conn.get(`${partner}objects/`, p), 2);
    assert.ok(pages.length > 1);
    assert.deepEqual(
      pages.flatMap((p) => ((p.objects as Json[] | undefined) ?? []).map((o) => o.id)),
      whole.map((o) => o.id),
    );

    // filters exactly as _filter_kwargs_to_query_params spells them
    const notes = (await conn.get(`${partner}objects/`, { 'match[type]': 'note' })).objects as Json[];
    assert.ok(notes.length > 0 && notes.every((o) => o.type === 'note'));
    const after2020 = (await conn.get(`${partner}objects/`, { added_after: '2020-01-01T00:00:00.123Z' }))
      .objects as Json[];
    assert.equal(after2020.length, whole.length);
    const future = await conn.get(`${partner}objects/`, { added_after: '2999-01-01T00:00:00Z' });
    assert.equal(future.objects, undefined);
    const oneId = String(whole.find((o) => o.type === 'indicator')!.id);
    const byId = (await conn.get(`${partner}objects/`, { 'match[id]': oneId, 'match[version]': 'all' }))
      .objects as Json[];
    assert.deepEqual(
      byId.map((o) => o.id),
      [oneId],
    );
    const manifest = await asPages((p) => conn.get(`${partner}manifest/`, p), 3);
    assert.deepEqual(
      manifest.flatMap((m) => ((m.objects as Json[] | undefined) ?? []).map((r) => r.id)),
      whole.map((o) => o.id),
    );

    // add_objects(envelope as dict → json.dumps(ensure_ascii=False)), then the status URL it derives
    const T = '2026-04-01T12:00:00.000Z';
    const ind = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--0a0b0c0d-1111-4222-8333-444455556666',
      created: T,
      modified: T,
      name: 'interop check — ümlaut',
      pattern: "[domain-name:value = 'interop.example']",
      pattern_type: 'stix',
      valid_from: T,
    };
    const st = await conn.post(`${shared}objects/`, JSON.stringify({ objects: [ind] }));
    validateStatus(st);
    assert.equal(st.status, 'complete');
    assert.equal(st.success_count, 1);
    const statusUrl = endpoint(new URL(`../../status/${String(st.id)}`, shared).toString());
    assert.equal(statusUrl, `${defaultRoot}status/${String(st.id)}/`);
    validateStatus(await conn.get(statusUrl)); // Status.refresh()
    const st2 = await conn.post(
      `${shared}objects/`,
      JSON.stringify({ objects: [{ ...ind, modified: '2026-04-02T12:00:00.000Z' }] }),
    );
    validateStatus(await conn.get(`${defaultRoot}status/${String(st2.id)}/`)); // ApiRoot.get_status

    const obj = `${shared}objects/${ind.id}/`;
    assert.deepEqual(
      ((await conn.get(obj)).objects as Json[]).map((o) => o.modified),
      ['2026-04-02T12:00:00.000Z'],
    );
    assert.equal(((await conn.get(obj)).objects as Json[])[0]!.name, ind.name);
    assert.deepEqual((await conn.get(`${obj}versions/`)).versions, [T, '2026-04-02T12:00:00.000Z']);
    await conn.delete(obj, { 'match[version]': '2026-04-02T12:00:00.000Z' });
    assert.deepEqual((await conn.get(`${obj}versions/`)).versions, [T]);
    await conn.delete(obj);
    await assert.rejects(conn.get(obj), (e: unknown) => (e as { status?: number }).status === 404);
  });

  it('accepts the client TokenAuth header and refuses a wrong token with 401', async () => {
    const k = newApiKey();
    await s.store.putApiKey({
      id: k.id,
      username: 'alice',
      secretHash: k.secretHash,
      createdAt: new Date().toISOString(),
    });
    const ok = new PyConn(`Token ${k.key}`);
    assert.ok((await ok.get(endpoint(s.discoveryUrl))).title);
    const bad = new PyConn('Token lsk_nope_nope');
    await assert.rejects(
      bad.get(endpoint(s.discoveryUrl)),
      (e: unknown) => (e as { status?: number }).status === 401,
    );
  });
});
