// Preloaded (`node --require`) before zx's CLI runs a zx step: the output of the step's `$`
// commands goes to the step's own stdout and stderr, as a bash step's does, where the runner
// redacts, logs and shows it. The commands themselves are not echoed. zx runs with --quiet,
// so nothing else of zx's own logging reaches the step's output.
//
// zx hands a `$` command to bash as its command line (`bash -c …`), which every user of the
// host can read. `check` reports a secret interpolated into one where it can see it
// (zx-secret-interpolation); what it cannot follow is stopped here: a command that holds the
// value of a secret parameter (named in OPSBOOK_SECRET_NAMES, as given or as zx quotes it)
// is never started, and the step ends with one line that names the parameter, not its value.
'use strict';
const { $, quote } = require('zx');

$.log = (entry) => {
  if (entry.kind === 'stdout') process.stdout.write(entry.data);
  else if (entry.kind === 'stderr') process.stderr.write(entry.data);
};

// Shorter values are not redacted from output either (they would match ordinary text).
const secrets = (process.env.OPSBOOK_SECRET_NAMES ?? '')
  .split(',')
  .filter((name) => (process.env[name] ?? '').length >= 3)
  .map((name) => {
    const value = process.env[name];
    return { name, forms: [value, quote(value).replace(/^\$'|'$/g, '')] };
  });

/**
 * Exit with one line if `command` and `args`, as bash would get them, hold a secret's value.
 * @param {string} command
 * @param {readonly string[] | undefined} args
 */
function refuseSecret(command, args) {
  const line = [command, ...(args ?? [])].join(' ');
  const held = secrets.find(({ forms }) => forms.some((form) => line.includes(form)));
  if (!held) return;
  process.stderr.write(
    `opsbook: a \`$\` command of this step holds the secret parameter ${held.name}; it was not run (its command line is readable by every user of the host). Write "$${held.name}" inside the command, so the shell reads it from the environment.\n`,
  );
  process.exit(1);
}

if (secrets.length > 0) {
  const { spawn, spawnSync } = $;
  $.spawn = (command, args, options) => (refuseSecret(command, args), spawn(command, args, options));
  $.spawnSync = (command, args, options) => (refuseSecret(command, args), spawnSync(command, args, options));
}
