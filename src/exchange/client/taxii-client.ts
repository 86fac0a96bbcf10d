/**
 * A TAXII 2.1 client for any server (Lockstep, medallion, OpenCTI, MISP's TAXII): discovery, API roots,
 * collections, objects with paging, manifests, versions, delete, and adds in chunks with status polling.
 *
 * Paging follows what servers actually do: TAXII 2.1 `more` + `next` (section 3.4), and for servers
 * that set `more` but give no `next`, the older added_after style — the next request asks for
 * `added_after` = the page's `X-TAXII-Date-Added-Last` header. A page that does not move the cursor
 * forward (same `next` or same header twice) stops with ERR_TAXII_REMOTE_BAD_RESPONSE instead of
 * looping forever.
 *
 * Adds are split so each envelope stays under the API root's `max_content_length` (and a count cap),
 * posted one after the other, and each status is polled until `complete` (section 4.3).
 *
 * @example
 * const client = new TaxiiClient(new TaxiiHttp({ auth }));
 * const coll = await client.resolveCollection('https://taxii.example/taxii2/', 'shared');
 * for await (const page of client.objectPages(coll.url, { addedAfter })) use(page.objects);
 */
import { LockstepError } from '../../core/errors.js';
import type { HttpResponse, TaxiiHttp } from './http.js';
import { displayUrl } from './http.js';
import type {
  ApiRootInfo,
  CollectionInfo,
  Discovery,
  ManifestRecord,
  StatusResource,
  StixObject,
} from './resources.js';
import {
  ApiRootSchema,
  CollectionSchema,
  CollectionsSchema,
  DiscoverySchema,
  EnvelopeSchema,
  ManifestSchema,
  StatusSchema,
  VersionsSchema,
  parseResource,
} from './resources.js';

/** TAXII filter parameters (section 3.5); lists become comma-separated `match[…]` values. */
export interface TaxiiFilter {
  addedAfter?: string;
  ids?: readonly string[];
  types?: readonly string[];
  /** `last`, `first`, `all` or timestamps; servers default to `last`. */
  versions?: readonly string[];
  specVersions?: readonly string[];
  limit?: number;
}

export interface ObjectPage {
  objects: StixObject[];
  more: boolean;
  /** `X-TAXII-Date-Added-First/Last` of this page, when the server sent them. */
  dateAddedFirst?: string;
  dateAddedLast?: string;
}

export interface ManifestPage {
  records: ManifestRecord[];
  more: boolean;
  dateAddedLast?: string;
}

/** A collection resolved to its URLs and the caller's rights. */
export interface RemoteCollection {
  /** `…/{api-root}/collections/{id}/` */
  url: string;
  apiRootUrl: string;
  info: CollectionInfo;
  maxContentLength: number;
}

export interface AddOptions {
  /** Most objects per envelope (default 500). */
  maxObjects?: number;
  /** Most bytes per envelope; default the API root's max_content_length. */
  maxBytes?: number;
  /** Status polling (defaults 1 000 ms, 60 000 ms). */
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
}

export interface AddDetail {
  id: string;
  version?: string;
  message?: string;
}

export interface AddResult {
  total: number;
  successes: AddDetail[];
  failures: AddDetail[];
  /** One per envelope posted. */
  statusIds: string[];
}

const slash = (u: string) => (u.endsWith('/') ? u : `${u}/`);

function filterQuery(f: TaxiiFilter, next?: string): Record<string, string | undefined> {
  const join = (xs: readonly string[] | undefined) => (xs && xs.length ? xs.join(',') : undefined);
  return {
    ...(f.limit !== undefined ? { limit: String(f.limit) } : {}),
    added_after: f.addedAfter,
    'match[id]': join(f.ids),
    'match[type]': join(f.types),
    'match[version]': join(f.versions),
    'match[spec_version]': join(f.specVersions),
    next,
  };
}

function dateHeaders(res: HttpResponse): { dateAddedFirst?: string; dateAddedLast?: string } {
  const first = res.headers.get('x-taxii-date-added-first');
  const last = res.headers.get('x-taxii-date-added-last');
  return { ...(first ? { dateAddedFirst: first } : {}), ...(last ? { dateAddedLast: last } : {}) };
}

export class TaxiiClient {
  constructor(readonly http: TaxiiHttp) {}

  async discovery(url: string): Promise<Discovery> {
    const res = await this.http.request({ url: slash(url) });
    return parseResource(DiscoverySchema, res.body, 'discovery resource', displayUrl(url));
  }

  async apiRoot(url: string): Promise<ApiRootInfo> {
    const res = await this.http.request({ url: slash(url) });
    return parseResource(ApiRootSchema, res.body, 'API root resource', displayUrl(url));
  }

  async collections(apiRootUrl: string): Promise<CollectionInfo[]> {
    const url = `${slash(apiRootUrl)}collections/`;
    const res = await this.http.request({ url });
    return (
      parseResource(CollectionsSchema, res.body ?? {}, 'collections resource', displayUrl(url)).collections ??
      []
    );
  }

  async collection(apiRootUrl: string, id: string): Promise<CollectionInfo> {
    const url = `${slash(apiRootUrl)}collections/${encodeURIComponent(id)}/`;
    const res = await this.http.request({ url });
    return parseResource(CollectionSchema, res.body, 'collection resource', displayUrl(url));
  }

  /**
   * Finds a collection from a discovery URL (its `default` API root, or the only one) or an API root
   * URL, by id, alias or title.
   */
  async resolveCollection(url: string, collection: string): Promise<RemoteCollection> {
    const res = await this.http.request({ url: slash(url) });
    const body = (res.body ?? {}) as Record<string, unknown>;
    let apiRootUrl = slash(url);
    let root: ApiRootInfo;
    if ('api_roots' in body || ('title' in body && !('versions' in body))) {
      const d = parseResource(DiscoverySchema, body, 'discovery resource', displayUrl(url));
      const roots = d.api_roots ?? [];
      const chosen = d.default ?? (roots.length === 1 ? roots[0] : undefined);
      if (chosen === undefined)
        throw new LockstepError(
          'ERR_USAGE',
          `${displayUrl(url)} lists ${roots.length} API roots and no default: give the API root URL instead (${roots.map(displayUrl).join(', ')})`,
        );
      apiRootUrl = slash(new URL(chosen, slash(url)).toString());
      root = await this.apiRoot(apiRootUrl);
    } else {
      root = parseResource(ApiRootSchema, body, 'API root resource', displayUrl(url));
    }
    const all = await this.collections(apiRootUrl);
    const info =
      all.find((c) => c.id === collection) ??
      all.find((c) => c.alias === collection) ??
      all.find((c) => c.title === collection);
    if (!info)
      throw new LockstepError(
        'ERR_TAXII_NOT_FOUND',
        `no collection "${collection}" visible at ${displayUrl(apiRootUrl)} (visible: ${all.map((c) => c.alias ?? c.id).join(', ') || 'none'})`,
      );
    return {
      url: `${apiRootUrl}collections/${encodeURIComponent(info.id)}/`,
      apiRootUrl,
      info,
      maxContentLength: root.max_content_length,
    };
  }

  /** One page of `GET …/objects/`. */
  async objectsPage(
    collectionUrl: string,
    filter: TaxiiFilter = {},
    next?: string,
  ): Promise<ObjectPage & { next?: string }> {
    const url = `${slash(collectionUrl)}objects/`;
    const res = await this.http.request({ url, query: filterQuery(filter, next) });
    const env = parseResource(EnvelopeSchema, res.body ?? {}, 'envelope', displayUrl(url));
    return {
      objects: env.objects ?? [],
      more: env.more ?? false,
      ...(env.next !== undefined ? { next: env.next } : {}),
      ...dateHeaders(res),
    };
  }

  /** Every page of `GET …/objects/` for a filter (see the module comment for the paging rules). */
  objectPages(collectionUrl: string, filter: TaxiiFilter = {}): AsyncGenerator<ObjectPage> {
    return this.#pages(
      filter,
      (f, next) => this.objectsPage(collectionUrl, f, next),
      `${slash(collectionUrl)}objects/`,
    );
  }

  async manifestPage(
    collectionUrl: string,
    filter: TaxiiFilter = {},
    next?: string,
  ): Promise<ManifestPage & { next?: string }> {
    const url = `${slash(collectionUrl)}manifest/`;
    const res = await this.http.request({ url, query: filterQuery(filter, next) });
    const m = parseResource(ManifestSchema, res.body ?? {}, 'manifest resource', displayUrl(url));
    return {
      records: m.objects ?? [],
      more: m.more ?? false,
      ...(m.next !== undefined ? { next: m.next } : {}),
      ...dateHeaders(res),
    };
  }

  /** All manifest records matching a filter. */
  async manifest(collectionUrl: string, filter: TaxiiFilter = {}): Promise<ManifestRecord[]> {
    const out: ManifestRecord[] = [];
    const pages = this.#pages(
      filter,
      (f, next) => this.manifestPage(collectionUrl, f, next),
      `${slash(collectionUrl)}manifest/`,
    );
    for await (const p of pages) out.push(...p.records);
    return out;
  }

  /** `GET …/objects/{id}/`: the object's versions the filter selects (default the latest). */
  async getObject(collectionUrl: string, id: string, filter: TaxiiFilter = {}): Promise<StixObject[]> {
    const url = `${slash(collectionUrl)}objects/${encodeURIComponent(id)}/`;
    const res = await this.http.request({ url, query: filterQuery(filter) });
    return parseResource(EnvelopeSchema, res.body ?? {}, 'envelope', displayUrl(url)).objects ?? [];
  }

  /** `GET …/objects/{id}/versions/`: every version timestamp, following `next`. */
  async versions(collectionUrl: string, id: string): Promise<string[]> {
    const url = `${slash(collectionUrl)}objects/${encodeURIComponent(id)}/versions/`;
    const out: string[] = [];
    let next: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const res = await this.http.request({ url, query: { next } });
      const v = parseResource(VersionsSchema, res.body ?? {}, 'versions resource', displayUrl(url));
      out.push(...(v.versions ?? []));
      if (!v.more || v.next === undefined) return out;
      if (seen.has(v.next)) throw this.#loop(url);
      seen.add(v.next);
      next = v.next;
    }
  }

  /** `DELETE …/objects/{id}/` (all versions unless the filter names some). */
  async deleteObject(collectionUrl: string, id: string, filter: TaxiiFilter = {}): Promise<void> {
    const url = `${slash(collectionUrl)}objects/${encodeURIComponent(id)}/`;
    await this.http.request({ url, method: 'DELETE', query: filterQuery(filter) });
  }

  async status(apiRootUrl: string, id: string): Promise<StatusResource> {
    const url = `${slash(apiRootUrl)}status/${encodeURIComponent(id)}/`;
    const res = await this.http.request({ url });
    return parseResource(StatusSchema, res.body, 'status resource', displayUrl(url));
  }

  /**
   * Posts objects in as many envelopes as needed and waits for each status to complete. An object
   * that alone exceeds the size limit is not sent; it is reported as a failure.
   */
  async addObjects(
    coll: RemoteCollection,
    objects: readonly StixObject[],
    opts: AddOptions = {},
  ): Promise<AddResult> {
    const maxObjects = opts.maxObjects ?? 500;
    // Leave room for the envelope's own bytes: `{"objects":[` … `]}` plus commas.
    const maxBytes = Math.max(1024, (opts.maxBytes ?? coll.maxContentLength) - 64);
    const result: AddResult = { total: objects.length, successes: [], failures: [], statusIds: [] };
    let batch: StixObject[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const status = await this.#post(coll, batch, opts);
      result.statusIds.push(status.id);
      for (const s of status.successes ?? []) result.successes.push(detailOf(s));
      for (const f of status.failures ?? []) result.failures.push(detailOf(f));
      batch = [];
      bytes = 0;
    };
    for (const o of objects) {
      const size = Buffer.byteLength(JSON.stringify(o)) + 1;
      if (size > maxBytes) {
        result.failures.push({
          id: o.id,
          message: `not sent: ${size} bytes alone exceed the server's max_content_length`,
        });
        continue;
      }
      if (batch.length >= maxObjects || bytes + size > maxBytes) await flush();
      batch.push(o);
      bytes += size;
    }
    await flush();
    return result;
  }

  async #post(coll: RemoteCollection, objects: StixObject[], opts: AddOptions): Promise<StatusResource> {
    const url = `${coll.url}objects/`;
    const res = await this.http.request({ url, method: 'POST', body: { objects } });
    let status = parseResource(StatusSchema, res.body, 'status resource', displayUrl(url));
    const interval = opts.pollIntervalMs ?? 1000;
    const deadline = Date.now() + (opts.pollTimeoutMs ?? 60_000);
    while (status.status === 'pending') {
      if (Date.now() > deadline)
        throw new LockstepError(
          'ERR_TAXII_STATUS_TIMEOUT',
          `status ${status.id} at ${displayUrl(coll.apiRootUrl)} still pending (${status.pending_count} of ${status.total_count} objects)`,
          { statusId: status.id },
        );
      await new Promise((r) => setTimeout(r, interval));
      status = await this.status(coll.apiRootUrl, status.id);
    }
    return status;
  }

  async *#pages<P extends { more: boolean; next?: string; dateAddedLast?: string }>(
    filter: TaxiiFilter,
    fetchPage: (f: TaxiiFilter, next?: string) => Promise<P>,
    url: string,
  ): AsyncGenerator<P> {
    let f = { ...filter };
    let next: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const page = await fetchPage(f, next);
      yield page;
      if (!page.more) return;
      if (page.next !== undefined) {
        if (seen.has(page.next)) throw this.#loop(url);
        seen.add(page.next);
        next = page.next;
      } else if (page.dateAddedLast !== undefined) {
        if (page.dateAddedLast === f.addedAfter) throw this.#loop(url);
        f = { ...f, addedAfter: page.dateAddedLast };
        next = undefined;
      } else {
        throw new LockstepError(
          'ERR_TAXII_REMOTE_BAD_RESPONSE',
          `${displayUrl(url)}: "more" is true but there is neither "next" nor X-TAXII-Date-Added-Last to continue from`,
          { url: displayUrl(url) },
        );
      }
    }
  }

  #loop(url: string): LockstepError {
    return new LockstepError(
      'ERR_TAXII_REMOTE_BAD_RESPONSE',
      `${displayUrl(url)}: paging does not advance (the same "next" or date came back twice)`,
      { url: displayUrl(url) },
    );
  }
}

function detailOf(d: { id: string; version?: string | undefined; message?: string | undefined }): AddDetail {
  return {
    id: d.id,
    ...(d.version !== undefined && d.version !== '' ? { version: d.version } : {}),
    ...(d.message !== undefined ? { message: d.message } : {}),
  };
}
