/**
 * What a reader's in-place row view hands a consumer without making strings: the post id's UTF-8 bytes
 * (`IdSink`) and a slot per account where the consumer keeps its own number (`AccountMemo`). The readers
 * (ingest/formats/common.ts `PostView`) write them and detect's encoder (detect/engine/encoded-batch.ts
 * `EncodablePost`) reads them; both capabilities import only core, so the shapes live here once.
 */

/** Where a row view writes its post id's (or text's) UTF-8 bytes (detect's encoder: engine/open-batch.ts). */
export interface IdSink {
  bytes(src: Uint8Array, start: number, end: number): void;
  string(id: string): void;
}

/**
 * Where a consumer may leave its own number for an account: the reader keeps it per account and shows
 * it on every later row of that account (detect's encoder: one field read instead of a table probe on
 * the account string per row). `owner` says whose number `n` is (any other consumer reads the account
 * string). Like the view, a memo is valid only while its row is loaded (the profile cache's views hand
 * over themselves).
 */
export interface AccountMemo {
  owner: unknown;
  n: number;
}
