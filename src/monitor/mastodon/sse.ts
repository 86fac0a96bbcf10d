/**
 * Incremental Server-Sent Events parser (WHATWG HTML Living Standard, §9.2 "Server-sent events",
 * "Parsing an event stream"): feed it text chunks as they arrive, in any split, and it returns the
 * complete messages. Lines end in CRLF, LF or CR; `:` starts a comment (Mastodon's `:thump`
 * heartbeats); `data` lines join with LF; a blank line dispatches the message when it has data; the
 * event name defaults to `message`. `id` and `retry` are not used by Mastodon and are ignored.
 * Cost: O(chunk) per chunk; memory: the unfinished line and message.
 */

export interface SseMessage {
  event: string;
  data: string;
}

export class SseParser {
  private rest = '';
  private event = '';
  private data: string[] = [];
  /** A chunk ended with CR: a following LF belongs to the same line end. */
  private skipLf = false;

  push(chunk: string): SseMessage[] {
    const out: SseMessage[] = [];
    let text = this.rest + chunk;
    if (this.skipLf && text.startsWith('\n')) text = text.slice(1);
    this.skipLf = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(text.slice(start, i), out);
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else this.skipLf = true;
      }
      start = i + 1;
    }
    this.rest = text.slice(start);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}
