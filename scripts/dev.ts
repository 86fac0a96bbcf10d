// Runs the CLI straight from the TypeScript sources (for development: `npm run dev -- detect …`).
import { run } from '../src/cli/main.js';

process.exitCode = await run(process.argv.slice(2));
