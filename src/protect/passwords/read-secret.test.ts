import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { readSecret, SecretAborted } from './read-secret.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

/** A PassThrough that claims to be a TTY and records raw-mode switches. */
function fakeTty(): PassThrough & { isTTY: boolean; setRawMode: (r: boolean) => void; modes: boolean[] } {
  const s = new PassThrough() as PassThrough & {
    isTTY: boolean;
    setRawMode: (r: boolean) => void;
    modes: boolean[];
  };
  s.isTTY = true;
  s.modes = [];
  s.setRawMode = (r: boolean) => {
    s.modes.push(r);
  };
  return s;
}

describe('readSecret', () => {
  it('from a pipe: the first line, CRLF stripped, nothing written back', async () => {
    const input = new PassThrough();
    const out = sink();
    const p = readSecret(input, out.stream);
    input.write('s3cret pass');
    input.write('phrase\r\nsecond line\n');
    assert.equal(await p, 's3cret passphrase');
    assert.equal(out.text(), '');
  });

  it('from a pipe without a final newline: the whole input', async () => {
    const input = new PassThrough();
    const p = readSecret(input);
    input.end('no newline');
    assert.equal(await p, 'no newline');
  });

  it('on a TTY: raw mode on then off, backspace edits, only the prompt and a newline are echoed', async () => {
    const input = fakeTty();
    const out = sink();
    const p = readSecret(input, out.stream, 'Password: ');
    input.write('héllo wx\u007forld😀');
    input.write('\r');
    assert.equal(await p, 'héllo world😀');
    assert.deepEqual(input.modes, [true, false]);
    assert.equal(out.text(), 'Password: \n');
  });

  it('on a TTY: Ctrl-C aborts and still restores the terminal', async () => {
    const input = fakeTty();
    const p = readSecret(input);
    input.write('abc\u0003');
    await assert.rejects(p, SecretAborted);
    assert.deepEqual(input.modes, [true, false]);
  });
});
