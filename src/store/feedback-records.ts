/**
 * The exchange's side records (sql/feedback.ts): sightings per object, each org's contact card, and
 * acknowledgements of received objects (received / actioned / rejected).
 */

export interface SightingRecord {
  id: string;
  collection: string;
  sightingOf: string;
  org: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  json: string;
}

export interface ContactCardRecord {
  org: string;
  json: string;
  updated: string;
}

export interface AckRecord {
  collection: string;
  objectId: string;
  version: string;
  org: string;
  kind: 'received' | 'actioned' | 'rejected';
  at: string;
}
