/**
 * The runs page's upload: the three files of a `lockstep detect --out` folder (run.json,
 * networks.json, edges.csv) picked together, a TLP and a title, sent as JSON to POST /api/runs (the
 * server validates them with `runs add`'s reader; a refusal names the file and line). Input posts are
 * not uploaded, so the run's account pages have no activity timeline.
 */
import { TLPS } from '../../../src/workspace/api-schema.js';
import { RUN_FILES, uploadRunReplySchema } from '../../../src/workspace/upload-schema.js';
import type { UploadRunRequest } from '../../../src/workspace/upload-schema.js';
import { call, json } from '../api.js';
import { h } from '../dom.js';

/** The form; `done` runs after a successful upload (the list reloads). */
export function uploadForm(done: () => void): HTMLElement {
  const files = h('input', { id: 'upload-files', type: 'file', multiple: true, accept: '.json,.csv' });
  const tlp = h(
    'select',
    { id: 'upload-tlp' },
    ...TLPS.map((t) => h('option', { value: t, selected: t === 'amber+strict' }, `TLP:${t.toUpperCase()}`)),
  );
  const title = h('input', { id: 'upload-title', type: 'text', maxlength: 200, size: 30 });
  const go = h('button', { type: 'submit', id: 'upload-send' }, 'Upload run');
  const msg = h('p', { id: 'upload-message', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'upload', id: 'upload' },
    h('h2', {}, 'Upload a run'),
    h('p', { class: 'muted' }, `Pick ${RUN_FILES.join(', ')} from a detect output folder.`),
    h('label', { for: 'upload-files' }, 'Files '),
    files,
    ' ',
    h('label', { for: 'upload-tlp' }, 'TLP '),
    tlp,
    ' ',
    h('label', { for: 'upload-title' }, 'Title '),
    title,
    ' ',
    go,
    msg,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const picked = new Map([...(files.files ?? [])].map((f) => [f.name, f]));
    const missing = RUN_FILES.filter((n) => !picked.has(n));
    msg.className = 'error';
    if (missing.length > 0) {
      msg.textContent = `Missing ${missing.join(', ')}: pick the three files together.`;
      return;
    }
    go.disabled = true;
    msg.className = '';
    msg.textContent = 'Uploading…';
    void (async () => {
      try {
        const text = async (n: (typeof RUN_FILES)[number]): Promise<string> => picked.get(n)!.text();
        const body: UploadRunRequest = {
          tlp: tlp.value as UploadRunRequest['tlp'],
          files: {
            'run.json': await text('run.json'),
            'networks.json': await text('networks.json'),
            'edges.csv': await text('edges.csv'),
          },
          ...(title.value.trim() ? { title: title.value.trim() } : {}),
        };
        const r = await call(uploadRunReplySchema, '/api/runs', json('POST', body));
        msg.textContent = `${r.created ? 'Added' : 'Already present:'} ${r.title} (${r.networks} networks).`;
        done();
      } catch (e) {
        msg.className = 'error';
        msg.textContent = e instanceof Error ? e.message : String(e);
      } finally {
        go.disabled = false;
      }
    })();
  });
  return form;
}
