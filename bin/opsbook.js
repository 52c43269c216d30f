#!/usr/bin/env node
// The one executable. Runs the TypeScript engine through tsx, so `npx opsbook`
// works right after `npm ci` with no build step. Only this file sets the exit code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
