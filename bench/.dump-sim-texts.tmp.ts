import { writeFileSync } from 'node:fs';
import { workerPostSource } from '../src/cli/read/worker-source.js';
import { BEHAVIOURS } from '../src/core/behaviour.js';
import { collectActions } from '../src/detect/engine/actions.js';
import { similarInput } from '../src/detect/similar/similar-table.js';
const [file, out] = process.argv.slice(2);
const { columns } = await collectActions(workerPostSource([file!], {}), { behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
writeFileSync(out!, JSON.stringify(similarInput(columns)));
