#!/usr/bin/env node
// The one executable: loads the TypeScript engine (see engine.js) and runs the command.
// Only this file sets the exit code.
import { loadMain } from './engine.js';

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
