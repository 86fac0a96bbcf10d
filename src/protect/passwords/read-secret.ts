/**
 * Reads one secret line from a stream without echoing it.
 *
 * On a TTY the terminal is switched to raw mode (so nothing is echoed), keys are collected until Enter,
 * Backspace deletes, Ctrl-C/Ctrl-D abort; raw mode is always restored. From a pipe, the first line is
 * read (LF or CRLF stripped) and the rest is left alone. Nothing is ever written back but the prompt.
 */
import type { Readable, Writable } from 'node:stream';

interface MaybeTty {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
}

export class SecretAborted extends Error {
  constructor() {
    super('input aborted');
    this.name = 'SecretAborted';
  }
}

export function readSecret(
  input: Readable & MaybeTty,
  prompt?: Writable,
  promptText = 'Password: ',
): Promise<string> {
  const tty = input.isTTY === true && typeof input.setRawMode === 'function';
  if (tty && prompt) prompt.write(promptText);
  if (tty) input.setRawMode!(true);
  return new Promise<string>((resolve, reject) => {
    let chunks = '';
    const decoder = new TextDecoder('utf-8');
    const finish = (err: Error | null, value = ''): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      if (tty) {
        input.setRawMode!(false);
        prompt?.write('\n');
      }
      input.pause();
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: Buffer | string): void => {
      const text = typeof data === 'string' ? data : decoder.decode(data, { stream: true });
      if (!tty) {
        chunks += text;
        const nl = chunks.indexOf('\n');
        if (nl !== -1) finish(null, chunks.slice(0, nl).replace(/\r$/, ''));
        return;
      }
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') {
          finish(null, chunks);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish(new SecretAborted());
          return;
        }
        if (ch === '\u007f' || ch === '\b') chunks = Array.from(chunks).slice(0, -1).join('');
        else if (ch >= ' ') chunks += ch;
      }
    };
    const onEnd = (): void => {
      if (tty) finish(new SecretAborted());
      else finish(null, (chunks + decoder.decode()).replace(/\r?\n?$/, ''));
    };
    const onError = (e: Error): void => {
      finish(e);
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}
