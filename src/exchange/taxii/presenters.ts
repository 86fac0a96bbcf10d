/**
 * Presenters: storage rows → TAXII 2.1 resources, so store columns never leak into the API. The
 * envelope splices the stored JSON text instead of parsing and re-serialising every object.
 */
import type { Page, StatusRecord, StoredObject } from '../../store/store.js';
import { stixMediaType } from './media.js';

function pageHead(page: Page<unknown>): string {
  return `"more":${page.more}${page.next !== undefined ? `,"next":${JSON.stringify(page.next)}` : ''}`;
}

/** An envelope (section 3.7) as JSON text. */
export function envelopeJson(page: Page<StoredObject>): string {
  if (page.items.length === 0) return `{${pageHead(page)}}`;
  return `{${pageHead(page)},"objects":[${page.items.map((o) => o.json).join(',')}]}`;
}

export function versionsBody(page: Page<StoredObject>): Record<string, unknown> {
  const body: Record<string, unknown> = { more: page.more };
  if (page.next !== undefined) body.next = page.next;
  if (page.items.length) body.versions = page.items.map((o) => o.version);
  return body;
}

export function manifestBody(page: Page<StoredObject>): Record<string, unknown> {
  const body: Record<string, unknown> = { more: page.more };
  if (page.next !== undefined) body.next = page.next;
  if (page.items.length)
    body.objects = page.items.map((o) => ({
      id: o.id,
      date_added: o.dateAdded,
      version: o.version,
      media_type: stixMediaType(o.specVersion),
    }));
  return body;
}

/** `X-TAXII-Date-Added-First/Last` for a page (section 3.3.1). */
export function dateAddedHeaders(page: Page<StoredObject>): Record<string, string> {
  if (page.items.length === 0) return {};
  let first = page.items[0]!.dateAdded;
  let last = first;
  for (const o of page.items) {
    if (o.dateAdded < first) first = o.dateAdded;
    if (o.dateAdded > last) last = o.dateAdded;
  }
  return { 'X-TAXII-Date-Added-First': first, 'X-TAXII-Date-Added-Last': last };
}

/** The status resource (section 4.3.1). */
export function statusBody(s: StatusRecord): Record<string, unknown> {
  const detail = (d: StatusRecord['successes'][number]) => ({
    id: d.id,
    version: d.version ?? '',
    ...(d.message !== undefined ? { message: d.message } : {}),
  });
  return {
    id: s.id,
    status: s.status,
    request_timestamp: s.requestTimestamp,
    total_count: s.totalCount,
    success_count: s.successCount,
    successes: s.successes.map(detail),
    failure_count: s.failureCount,
    failures: s.failures.map(detail),
    pending_count: s.pendingCount,
    pendings: s.pendings.map(detail),
  };
}
