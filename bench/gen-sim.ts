// One-off: writes bench/data/sim-<posts>-1 (named by bench/data.ts) for the scaling table. Usage: node --import tsx bench/gen-sim.ts POSTS
import { simulatedInput } from './data.js';
console.log(await simulatedInput(Number(process.argv[2]), 1));
