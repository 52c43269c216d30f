#!/usr/bin/env node
// The one executable: loads the TypeScript engine (see engine.js) and runs the command.
// Only this file sets the exit code.
import { join } from 'node:path';
import { loadMain } from './engine.js';

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');

// A reader that went away (`opsbook audit --json | head -1`) is not an error: what is
// written after that is dropped, and the command ends with its own exit code, quietly.
// Output that cannot be written otherwise (a full disk) is one line and exit 2.
let outputFailed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') return;
    outputFailed = true;
    process.exitCode = 2;
    if (stream !== process.stderr) process.stderr.write(`opsbook: cannot write the output: ${error.message}\n`);
  });
}

let main;
try {
  main = await loadMain({ debug, warn: (text) => process.stderr.write(text) });
} catch (error) {
  // Without the engine there is nothing to run: most often an incomplete install.
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const missing = /^Cannot find package '([^']+)'/.exec(message)?.[1];
  const root = join(import.meta.dirname, '..');
  process.stderr.write(
    missing
      ? `opsbook: the package \`${missing}\` is not installed; run \`npm ci\` in ${root}\n`
      : `opsbook: cannot load the engine: ${message}${debug ? '' : ' (run again with --debug for the stack)'}\n`,
  );
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}
if (main) {
  const code = await main(argv);
  process.exitCode = outputFailed ? 2 : code;
}
