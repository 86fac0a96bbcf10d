// One-off: writes bench/data/sim-<posts>-1 (bench/data.ts names it) for the scaling table.
import { simulatedInput } from './data.ts';
console.log(await simulatedInput(Number(process.argv[2]), 1));
