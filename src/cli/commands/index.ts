/**
 * Registers every CLI command. Each command module exports `register(program)`; add yours to the list.
 */
import type { Command } from 'commander';
import { register as passwords } from './passwords.js';

type Register = (program: Command) => void;

const COMMANDS: Register[] = [passwords];

export function registerCommands(program: Command): void {
  for (const register of COMMANDS) register(program);
}
