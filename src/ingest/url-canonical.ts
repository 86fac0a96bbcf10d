/**
 * URL canonicalisation and registrable domains, so that co-link and co-domain compare like with like.
 *
 * Canonical form (WHATWG URL parsing, then): scheme and host lower-cased (IDN hosts in punycode),
 * default port dropped, fragment dropped, tracking parameters dropped (utm_*, fbclid, gclid, …, see
 * TRACKING_PARAMS), every other parameter kept in its original order and spelling, path case kept.
 * Only http(s) URLs are canonicalised; a bare `host/path` gets `http://`. Registrable domain = eTLD+1
 * from the public suffix list via `tldts` (ICANN section; IP hosts are their own domain).
 *
 * Both sit on the hot path (every URL of every post), and shared links repeat heavily, so results are
 * memoised in a Map that is cleared when it reaches CACHE_MAX entries (bounded memory, no LRU
 * bookkeeping). Cost per miss: one URL parse (~1–2 µs); per hit: one Map lookup.
 */
import { getDomain } from 'tldts';

/** Query parameters that only track the click, never change the resource. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'gbraid',
  'wbraid',
  'dclid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'igsh',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
  'ref_src',
  'ref_url',
]);

function isTracking(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith('utm_') || TRACKING_PARAMS.has(k);
}

const CACHE_MAX = 200_000;

/** A canonical URL with the registrable domain of its host, computed together from one parse. */
export interface Canonical {
  url: string;
  domain: string | undefined;
}

const canonicalCache = new Map<string, Canonical | null>();
/** Host → registrable domain; hosts are far fewer than URLs. */
const hostCache = new Map<string, string | null>();

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const BARE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#]|$)/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function hostDomain(hostname: string): string | undefined {
  let v = hostCache.get(hostname);
  if (v === undefined) {
    let host = hostname.toLowerCase();
    if (host.endsWith('.')) host = host.slice(0, -1);
    if (IPV4.test(host) || host.startsWith('[')) v = host;
    else v = host === '' ? null : (getDomain(host, { allowPrivateDomains: false }) ?? null);
    if (hostCache.size >= CACHE_MAX) hostCache.clear();
    hostCache.set(hostname, v);
  }
  return v ?? undefined;
}

/**
 * The common shape of shared links (http(s), plain DNS host without port or user info, path and query
 * in a character set the WHATWG parser leaves untouched, no dot segments), for which the canonical
 * form can be built without a full URL parse; anything else goes through `new URL`. The test suite
 * checks that both paths agree on every input the fast one accepts.
 */
const SIMPLE =
  /^(https?):\/\/([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z][A-Za-z0-9-]*)(\/[A-Za-z0-9\-._~!$&()*+,;=:@/%]*)?(\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?(#.*)?$/i;

function filterQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept = search
    .slice(1)
    .split('&')
    .filter((pair) => {
      if (pair === '') return false;
      const eq = pair.indexOf('=');
      const key = eq === -1 ? pair : pair.slice(0, eq);
      let k = key;
      try {
        k = decodeURIComponent(key);
      } catch {
        // keep the raw key
      }
      return !isTracking(k);
    });
  return kept.length ? '?' + kept.join('&') : '';
}

/** Exported for the equivalence test only. */
export function fastCanonical(s: string): Canonical | null | undefined {
  const m = SIMPLE.exec(s);
  if (m === null) return undefined;
  const path = m[3] ?? '/';
  if (path.includes('/.') || /%2e/i.test(path) || /%(?![0-9A-Fa-f]{2})/.test(path + (m[4] ?? '')))
    return undefined;
  const host = m[2]!.toLowerCase();
  return {
    url: `${m[1]!.toLowerCase()}://${host}${path}${filterQuery(m[4] ?? '')}`,
    domain: hostDomain(host),
  };
}

/** Exported for the equivalence test only. */
export function computeCanonical(raw: string, allowFast = true): Canonical | null {
  let s = raw.trim();
  if (s === '') return null;
  if (allowFast) {
    const f = fastCanonical(s);
    if (f !== undefined) return f;
  }
  if (!SCHEME.test(s)) {
    if (!BARE_HOST.test(s)) return null;
    s = 'http://' + s;
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return null;
  u.hash = '';
  u.search = filterQuery(u.search);
  let href = u.href;
  // URL keeps a bare '?' when the input ended with one; it carries no parameter.
  if (href.endsWith('?')) href = href.slice(0, -1);
  return { url: href, domain: hostDomain(u.hostname) };
}

function canonical(raw: string): Canonical | null {
  let v = canonicalCache.get(raw);
  if (v === undefined) {
    v = computeCanonical(raw);
    if (canonicalCache.size >= CACHE_MAX) canonicalCache.clear();
    canonicalCache.set(raw, v);
  }
  return v;
}

/**
 * The canonical form of a web URL, or undefined when `raw` is not an http(s) URL.
 *
 * @example canonicalUrl('HTTPS://Example.COM:443/A?utm_source=x&id=1#top') // 'https://example.com/A?id=1'
 */
export function canonicalUrl(raw: string): string | undefined {
  return canonical(raw)?.url;
}

/**
 * The registrable domain (eTLD+1) of a URL or host name, or undefined (no public suffix, not a URL).
 *
 * @example registrableDomain('https://news.bbc.co.uk/x') // 'bbc.co.uk'
 */
export function registrableDomain(urlOrHost: string): string | undefined {
  const s = urlOrHost.trim();
  if (s.includes('/') || s.includes(':')) return canonical(s)?.domain;
  return hostDomain(s);
}

/**
 * Canonicalises a list of raw URLs into `urls` and their registrable domains into `domains`, both
 * without duplicates and in first-seen order. Unparseable entries are dropped (they are not links).
 */
export function addUrls(raws: readonly string[], urls: string[], domains: string[]): void {
  for (const raw of raws) {
    const c = canonical(raw);
    if (c === null) continue;
    if (!urls.includes(c.url)) urls.push(c.url);
    if (c.domain !== undefined && !domains.includes(c.domain)) domains.push(c.domain);
  }
}
