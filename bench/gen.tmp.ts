import { simulatedInput } from './data.js';
for (const n of process.argv.slice(2).map(Number)) { const t = performance.now(); const f = await simulatedInput(n, 1); console.log(n, f.posts, ((performance.now()-t)/1000).toFixed(1), 's'); }
