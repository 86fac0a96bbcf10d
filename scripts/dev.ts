// Runs the CLI straight from the TypeScript sources (for development: `npm run dev -- detect …`).
import { endQuietlyOnClosedPipe, run } from '../src/cli/main.js';

endQuietlyOnClosedPipe();
process.exitCode = await run(process.argv.slice(2));
