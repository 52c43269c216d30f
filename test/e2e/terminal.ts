// A terminal for the copy tests: an interactive bash or zsh on a pseudo-terminal (util-linux
// `script`), into which text is pasted as a terminal pastes it (bracketed, lines ending in CR),
// and stand-ins on its PATH: an `ssh` that reads its standard input as ssh does and logs its
// arguments, `sleep` and `dig` that answer at once.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const ZSH = ['/usr/bin/zsh', '/bin/zsh'].find((p) => existsSync(p));

/** Stand-ins on PATH: an ssh that reads stdin (a terminal: until nothing is typed for 0.3 s; a pipe or file: all of it) and logs its arguments; sleep and dig that answer at once. */
export function standIns(): { dir: string; bin: string; tmp: string; home: string; sshLog: string } {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-copy-e2e-'));
  const bin = join(dir, 'bin');
  const tmp = join(dir, 'tmp');
  const home = join(dir, 'home');
  for (const d of [bin, tmp, home]) mkdirSync(d);
  const sshLog = join(dir, 'ssh.log');
  const write = (name: string, body: string) => {
    writeFileSync(join(bin, name), body);
    chmodSync(join(bin, name), 0o755);
  };
  write(
    'ssh',
    `#!/bin/bash
n=0; while IFS= read -r -t 0.3 line; do n=$((n + 1)); done
printf '%s (read %s lines of stdin)\\n' "$*" "$n" >> '${sshLog}'
case "$*" in
  *uptime*) echo "up 3 days" ;;
  *"/dev/tcp/"*) echo "220 mx.example.org ESMTP" ;;
  *"wc -l"*) echo 0 ;;
esac
`,
  );
  write('sleep', '#!/bin/sh\nexit 0\n');
  write('dig', '#!/bin/sh\necho "10 mx.example.org."\n');
  return { dir, bin, tmp, home, sshLog };
}

export type Ws = ReturnType<typeof standIns>;
export const loginEnv = (w: Ws): Record<string, string> => ({
  PATH: `${w.bin}:${process.env.PATH}`,
  HOME: w.home,
  TMPDIR: w.tmp,
  LANG: 'C.UTF-8',
  SHELL: '/bin/bash',
  TERM: 'xterm',
  USER: 'tester',
  LOGNAME: 'tester',
  // npx finds the project's own zx (the version the runner bundles) without the network.
  npm_config_offline: 'true',
  npm_config_update_notifier: 'false',
});

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]/g;

/** An interactive shell on a pseudo-terminal that says `[exit N]` before each prompt. */
export class Terminal {
  private child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private shell: 'bash' | 'zsh';
  constructor(shell: 'bash' | 'zsh', w: Ws) {
    const cmd = shell === 'bash' ? 'bash --norc --noprofile -i' : `${ZSH} -f -i`;
    this.child = spawn('script', ['-qfc', cmd, '/dev/null'], { cwd: ROOT, env: loginEnv(w) });
    this.child.stdout.on('data', (d: Buffer) => (this.buffer += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.buffer += d.toString()));
    // zsh: no mark for a last line without a newline (PROMPT_SP), so the output is what the command printed.
    this.type(shell === 'bash' ? `PROMPT_COMMAND='echo "[exit $?]"'\r` : `setopt no_prompt_sp; precmd() { echo "[exit $?]"; }\r`);
    this.shell = shell;
  }
  type(text: string): void {
    this.child.stdin.write(text);
  }
  async waitFor(re: RegExp, from: number, ms = 60_000): Promise<RegExpExecArray> {
    const until = Date.now() + ms;
    for (;;) {
      const m = re.exec(this.buffer.slice(from).replace(ANSI, '').replace(/\r/g, ''));
      if (m) return m;
      if (Date.now() > until) throw new Error(`no ${re} in:\n${this.buffer.slice(from)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /** Where the output so far ends. */
  mark(): number {
    return this.buffer.length;
  }
  async ready(): Promise<void> {
    await this.waitFor(/\[exit \d+\]/, 0);
  }
  /** Paste `text` as a terminal does and press Enter; answer each prompt as it comes. Resolves with the exit code and the lines shown. */
  async paste(text: string, answers: [RegExp, string][] = []): Promise<{ exit: number; lines: string[]; output: string }> {
    const from = this.buffer.length;
    this.type(`\x1b[200~${text.replace(/\n/g, '\r')}\x1b[201~\r`);
    for (const [prompt, answer] of answers) {
      await this.waitFor(prompt, from);
      this.type(answer);
    }
    const m = await this.waitFor(/\[exit (\d+)\]/, from);
    const raw = this.buffer.slice(from);
    const end = raw.indexOf('[exit ');
    // What the command printed: after the shell took the pasted lines (it turns bracketed paste off to run them).
    let output = raw.slice(raw.lastIndexOf('\x1b[?2004l', end), end).replace(ANSI, '').replace(/\r/g, '');
    // zsh's line editor ends the accepted lines with a newline of its own.
    if (this.shell === 'zsh') output = output.replace(/^\n/, '');
    const lines = raw.slice(0, end).replace(ANSI, '').replace(/\r/g, '').split('\n');
    return { exit: Number(m[1]), lines, output };
  }
  close(): void {
    this.type('exit\r');
    this.child.kill();
  }
}
