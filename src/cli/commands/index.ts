/**
 * Registers every CLI command. Each command module exports `register(program)`; add yours to the list.
 */
import type { Command } from 'commander';
import { register as demo } from './demo.js';
import { register as detect } from './detect.js';
import { register as exportCommand } from './export.js';
import { register as factcheck } from './factcheck.js';
import { register as lookalikes } from './lookalikes.js';
import { register as match } from './match.js';
import { register as passwords } from './passwords.js';
import { register as pull } from './pull.js';
import { register as push } from './push.js';
import { register as serve } from './serve.js';
import { register as simulate } from './simulate.js';
import { register as sync } from './sync.js';
import { register as watch } from './watch.js';

type Register = (program: Command) => void;

const COMMANDS: Register[] = [
  detect,
  exportCommand,
  simulate,
  demo,
  lookalikes,
  watch,
  passwords,
  serve,
  pull,
  push,
  sync,
  match,
  factcheck,
];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
