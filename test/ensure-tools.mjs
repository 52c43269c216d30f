// Before the tests: the programs they drive for real. Debian's Chromium for the browser
// tests, OpenSSH's client and server for the fleet tests (a private sshd on 127.0.0.x),
// `script` for the terminal tests, and zsh, the second shell copied commands are pasted
// into. Running as root on a machine with apt (a fresh machine), what is missing is
// installed, so `npm ci && npm test` needs nothing else; elsewhere a missing Chromium is an
// error and a missing sshd or zsh a warning (the tests that need it are skipped).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const wanted = [
  { path: chromium, pkg: 'chromium', need: 'the browser tests' },
  { path: '/usr/bin/ssh', pkg: 'openssh-client', need: 'the fleet tests' },
  { path: '/usr/sbin/sshd', pkg: 'openssh-server', need: 'the fleet tests' },
  { path: '/usr/bin/script', pkg: 'bsdutils', need: 'the terminal tests' },
  { path: '/usr/bin/zsh', pkg: 'zsh', need: 'the copied-command tests' },
];
const missing = wanted.filter((w) => !existsSync(w.path));
if (missing.length > 0 && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log(`Installing ${missing.map((m) => m.pkg).join(', ')} with apt for ${[...new Set(missing.map((m) => m.need))].join(' and ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing.map((m) => m.pkg)], { stdio: 'inherit', env });
}
for (const w of wanted.filter((x) => !existsSync(x.path))) {
  if (w.pkg === 'chromium') {
    console.error(`The browser tests need Chromium at ${chromium}. Install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  console.warn(`Warning: ${w.path} is missing (Debian package ${w.pkg}): ${w.need} that need it are skipped.`);
}
