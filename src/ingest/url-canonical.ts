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
const canonicalCache = new Map<string, string | null>();
const domainCache = new Map<string, string | null>();

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const BARE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#]|$)/i;

function computeCanonical(raw: string): string | null {
  let s = raw.trim();
  if (s === '') return null;
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
  const search = u.search;
  if (search.length > 1) {
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
    u.search = kept.length ? '?' + kept.join('&') : '';
  } else if (search === '' && u.href.endsWith('?')) {
    u.search = '';
  }
  let href = u.href;
  // URL keeps a bare '?' when the query was emptied through the setter on some inputs; drop it.
  if (href.endsWith('?')) href = href.slice(0, -1);
  return href;
}

/**
 * The canonical form of a web URL, or undefined when `raw` is not an http(s) URL.
 *
 * @example canonicalUrl('HTTPS://Example.COM:443/A?utm_source=x&id=1#top') // 'https://example.com/A?id=1'
 */
export function canonicalUrl(raw: string): string | undefined {
  let v = canonicalCache.get(raw);
  if (v === undefined) {
    v = computeCanonical(raw);
    if (canonicalCache.size >= CACHE_MAX) canonicalCache.clear();
    canonicalCache.set(raw, v);
  }
  return v ?? undefined;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function computeDomain(input: string): string | null {
  let host = input.trim().toLowerCase();
  if (host === '') return null;
  if (host.includes('/') || host.includes(':')) {
    const c = canonicalUrl(input);
    if (c === undefined) return null;
    host = new URL(c).hostname;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (IPV4.test(host) || host.startsWith('[')) return host;
  return getDomain(host, { allowPrivateDomains: false }) ?? null;
}

/**
 * The registrable domain (eTLD+1) of a URL or host name, or undefined (no public suffix, not a URL).
 *
 * @example registrableDomain('https://news.bbc.co.uk/x') // 'bbc.co.uk'
 */
export function registrableDomain(urlOrHost: string): string | undefined {
  let v = domainCache.get(urlOrHost);
  if (v === undefined) {
    v = computeDomain(urlOrHost);
    if (domainCache.size >= CACHE_MAX) domainCache.clear();
    domainCache.set(urlOrHost, v);
  }
  return v ?? undefined;
}

/**
 * Canonicalises a list of raw URLs into `urls` and their registrable domains into `domains`, both
 * without duplicates and in first-seen order. Unparseable entries are dropped (they are not links).
 */
export function addUrls(raws: readonly string[], urls: string[], domains: string[]): void {
  for (const raw of raws) {
    const c = canonicalUrl(raw);
    if (c === undefined) continue;
    if (!urls.includes(c)) urls.push(c);
    const d = registrableDomain(c);
    if (d !== undefined && !domains.includes(d)) domains.push(d);
  }
}
