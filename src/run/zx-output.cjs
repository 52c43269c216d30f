// Preloaded (`node --require`) before zx's CLI runs a zx step: the output of the step's `$`
// commands goes to the step's own stdout and stderr, as a bash step's does, where the runner
// redacts, logs and shows it. The commands themselves are not echoed. zx runs with --quiet,
// so nothing else of zx's own logging reaches the step's output.
'use strict';
const { $ } = require('zx');

$.log = (entry) => {
  if (entry.kind === 'stdout') process.stdout.write(entry.data);
  else if (entry.kind === 'stderr') process.stderr.write(entry.data);
};
