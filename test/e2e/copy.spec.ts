// What a Tier I reader copies does what it shows: each Copy button of the built page is
// clicked, the clipboard read, and the text pasted (as a terminal pastes: bracketed, lines
// ending in CR) into a real interactive bash and zsh on a pseudo-terminal (util-linux
// `script`), whose PATH has an `ssh` that reads its standard input as ssh does. Every line
// runs, standard input is the terminal, and a bundled runbook's blocks end as `opsbook run`'s
// own command line ends them. Where the clipboard cannot be written, the same text is shown.
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { command } from '../../src/run/exec.ts';
import { stepEnv } from '../../src/run/environment.ts';
import { pasteableCommand, runLine } from '../../src/render/command.ts';
import type { Step } from '../../src/model.ts';
import { loginEnv, ROOT, standIns, Terminal, ZSH, type Ws } from './terminal.ts';

const SECRET = 'Tok-en 42 "quoted"';

/** Click the copy button named `name` and read what it put on the clipboard. */
async function copy(page: Page, name: string): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  const button = page.getByRole('button', { name, exact: true });
  await button.click();
  await expect(page.locator(`#${await button.getAttribute('aria-describedby')}`)).toHaveText('Copied. Paste it into bash or zsh.');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).not.toBe('');
  return text;
}

/** The output and exit code of `script` run by the runner's own command line and step environment (stdin: none, as `opsbook run` gives it). */
function runnerRun(w: Ws, script: { code: string; engine: 'bash' | 'zx' }, values: Record<string, string>, run: { id: string; runbook: string; step: string }) {
  const dir = mkdtempSync(join(w.tmp, 'runner-'));
  const file = join(dir, script.engine === 'zx' ? 'step.mjs' : 'step.sh');
  writeFileSync(file, script.code);
  const out = join(dir, 'out');
  const fd = openSync(out, 'w');
  const [cmd, args] = command(script, file);
  const env = stepEnv({ env: loginEnv(w), values, runbookId: run.runbook, operatorId: 'tester', cwd: ROOT }, run.id, { id: run.step } as Step);
  const r = spawnSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const output = readFileSync(out, 'utf8');
  rmSync(dir, { recursive: true });
  return { exit: r.status, output };
}

const shells = ZSH ? (['bash', 'zsh'] as const) : (['bash'] as const);

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test.describe('pasted on a terminal', () => {
  test.skip(!existsSync('/usr/bin/script'), 'needs util-linux script(1) for a pseudo-terminal');
  for (const shell of shells) {
    test(`every kind of copied block runs every line when pasted into ${shell}`, async ({ page }) => {
      test.setTimeout(240_000);
      const w = standIns();
      const term = new Terminal(shell, w);
      try {
        await term.ready();
        await page.goto('runbooks/copy-probe/');
        const host = 'mbx01.dc1.example.net';

        // A secret is taken from the shell, as after `read -rs TOKEN`: every step is refused without it (the runner asks for it before any step), and run with it.
        const withSecret = await copy(page, 'Copy command of step 2: Log in with the token');
        expect(withSecret).not.toContain(SECRET);
        const refused = await term.paste(withSecret);
        expect(refused.exit).not.toBe(0);
        expect(refused.output).toContain('TOKEN: is a secret: set it in this shell first, without echo: read -rs TOKEN');
        const from = term.mark();
        term.type('read -rs TOKEN\r');
        await new Promise((r) => setTimeout(r, 300));
        term.type(`${SECRET}\r`);
        await term.waitFor(/\[exit 0\]/, from);
        const secret = await term.paste(withSecret);
        expect(secret.lines).toContain(`a token of ${SECRET.length} characters reached step with-secret`);
        expect(secret.exit).toBe(0);

        const ask = await term.paste(await copy(page, 'Copy command of step 1: Ask the host, then read an answer'), [[/\ntype yes:\n/, 'yes\r']]);
        expect(ask.lines).toEqual(expect.arrayContaining([`1 asking ${host}`, `3 after ssh, note: it's "quoted" !x $(id)`, `6 typed yes on ${host}`]));
        expect(ask.exit).toBe(0);
        const verify = await term.paste(await copy(page, 'Copy verify command of step 1: Ask the host, then read an answer'));
        expect(verify.lines).toContain(`verify ran to its end on ${host}`);
        const rollback = await term.paste(await copy(page, 'Copy rollback command of step 1: Ask the host, then read an answer'));
        expect(rollback.lines).toContain(`rollback ran to its end on ${host}`);
        expect([verify.exit, rollback.exit]).toEqual([0, 0]);

        const plain = await term.paste(await copy(page, 'Copy command of step 3: Ask without parameters'));
        expect(plain.lines).toContain('step no-params of copy-probe ran to its end');

        const zx = await term.paste(await copy(page, 'Copy command of step 4: Ask the host from zx'));
        expect(zx.lines).toEqual(expect.arrayContaining(['zx dollar output', `zx asked ${host}: up 3 days; ran to its end`]));
        expect(zx.exit).toBe(0);

        // Each ssh read the terminal, where nothing was typed, never the rest of its script.
        const calls = readFileSync(w.sshLog, 'utf8').trim().split('\n');
        expect(calls).toEqual([
          `${host} login (read 0 lines of stdin)`,
          `${host} uptime (read 0 lines of stdin)`,
          `${host} true (read 0 lines of stdin)`,
          `${host} undo (read 0 lines of stdin)`,
          'localhost date (read 0 lines of stdin)',
          `${host} uptime (read 0 lines of stdin)`,
        ]);
        expect(readdirSync(w.tmp)).toEqual([]);
      } finally {
        term.close();
      }
    });

    test(`each block of mail-queue-growth pasted into ${shell} ends as opsbook run's command line ends it`, async ({ page }) => {
      test.setTimeout(300_000);
      const w = standIns();
      const term = new Terminal(shell, w);
      try {
        await term.ready();
        await page.goto('runbooks/mail-queue-growth/?DESTINATION=example.org');
        const values = await page
          .locator('.param-form input')
          .evaluateAll((inputs) => Object.fromEntries(inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])));
        expect(values.DESTINATION).toBe('example.org');
        const steps = await page
          .locator('ol.steps > li')
          .evaluateAll((lis) => lis.map((li, i) => ({ id: li.getAttribute('data-step')!, number: i + 1, title: li.querySelector('h3')!.textContent.trim() })));
        const buttons = await page
          .locator('button.copy')
          .evaluateAll((bs) => bs.map((b) => ({ step: b.getAttribute('data-step')!, kind: b.getAttribute('data-kind')! })));
        expect(buttons.length).toBe(12);
        const codes = await page.locator('.script pre code').evaluateAll((cs) => cs.map((c) => c.textContent));
        const outputs = new Map<string, string>();
        for (const [i, button] of buttons.entries()) {
          const step = steps.find((s) => s.id === button.step)!;
          const what = { script: 'command', verify: 'verify command', rollback: 'rollback command' }[button.kind]!;
          rmSync(w.sshLog, { force: true });
          const copied = await copy(page, `Copy ${what} of step ${step.number}: ${step.title}`);
          const pasted = await term.paste(copied);
          const sshByPaste = readFileSync(w.sshLog, 'utf8');
          rmSync(w.sshLog);
          const runId = /OPSBOOK_RUN_ID=(\S+)/.exec(copied)?.[1] ?? '';
          const reference = runnerRun(w, { code: codes[i], engine: 'bash' }, values, { id: runId, runbook: 'mail-queue-growth', step: step.id });
          expect(`${button.step} ${button.kind}: exit ${pasted.exit}\n${pasted.output}`).toBe(
            `${button.step} ${button.kind}: exit ${reference.exit}\n${reference.output}`,
          );
          expect(sshByPaste).toBe(readFileSync(w.sshLog, 'utf8'));
          outputs.set(`${button.step} ${button.kind}`, pasted.output);
        }
        // Lines at the ends of scripts that an ssh used to cut short.
        expect(outputs.get('count-queues script')).toContain('queues within limits\n');
        expect(outputs.get('requeue-after-fix script')).toContain('requeued 0 deferred messages\n');
        expect(outputs.get('release-destination script')).toContain('greeting: 220 mx.example.org ESMTP\n');
        expect(readdirSync(w.tmp).filter((f) => f.startsWith('opsbook-step-'))).toEqual([]);
      } finally {
        term.close();
      }
    });
  }
});

test('without a clipboard the same text is shown selected in a labelled box', async ({ page }) => {
  await page.goto('runbooks/copy-probe/');
  const copied = await copy(page, 'Copy command of step 3: Ask without parameters');
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  await page.getByRole('button', { name: 'Copy command of step 3: Ask without parameters' }).click();
  const box = page.getByRole('textbox', { name: /select this command of step 3 \(Ask without parameters\)/ });
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(copied);
  expect(await box.evaluate((t: HTMLTextAreaElement) => [t.selectionStart, t.selectionEnd, t.value.length])).toEqual([0, copied.length, copied.length]);

  // A plain-HTTP intranet host has no navigator.clipboard at all.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await page.reload();
  await page.getByRole('button', { name: 'Copy verify command of step 1: Ask the host, then read an answer' }).click();
  const verify = page.getByRole('textbox', { name: /select this verify command of step 1/ });
  await expect(verify).toBeFocused();
  const text = await verify.inputValue();
  const run = { id: /OPSBOOK_RUN_ID=(\S+)/.exec(text)?.[1] ?? '', runbook: 'copy-probe', step: 'ask' };
  const values = { HOST: 'mbx01.dc1.example.net', NOTE: `it's "quoted" !x $(id)` };
  expect(text).toBe(
    pasteableCommand({ code: 'ssh "$HOST" true\necho "verify ran to its end on $HOST"\n', engine: 'bash' }, { values, secrets: ['TOKEN'], run }),
  );
});

test('a fleet step shows its hosts and batches, and its copy button copies the opsbook run line, not a loop', async ({ page }) => {
  await page.goto('runbooks/copy-probe/');
  const facts = page.getByRole('group', { name: 'Hosts of step 5' });
  await expect(facts).toContainText(
    'the inventory group @mailbox_stores, 4 hosts: mbx01.dc1.example.net, mbx02.dc1.example.net, mbx01.dc2.example.net, mbx02.dc2.example.net',
  );
  await expect(facts).toContainText('leaving out the inventory group @dc2_mailbox_stores, 2 hosts: mbx01.dc2.example.net, mbx02.dc2.example.net');
  await expect(facts).toContainText('batches of 1 host, then 50 % of the hosts; the last size repeats until every host has run, waiting 30s between batches');
  await expect(facts).toContainText('the operator confirms once the previous batch');
  await expect(facts).toContainText('more than 10 % of its hosts fail');
  await expect(facts.getByRole('listitem').filter({ hasText: /^batch/ })).toHaveText([
    'batch 1 of 2: mbx01.dc1.example.net',
    'batch 2 of 2: mbx02.dc1.example.net',
  ]);
  // The script runs on the hosts: it has no copy button of its own.
  await expect(page.getByRole('button', { name: /^Copy command of step 5/ })).toHaveCount(0);
  await page.locator('#param-HOST').fill('mbx02.dc1.example.net');
  const line = await copy(page, 'Copy opsbook run line of step 5: Patch the stores of dc1');
  expect(line).toBe(`opsbook run copy-probe --param HOST=mbx02.dc1.example.net --param 'NOTE=it'\\''s "quoted" !x $(id)' --from patch`);

  await page.goto('runbooks/platform-controlled-startup/');
  const proxies = page.getByRole('group', { name: 'Hosts of step 8' });
  await expect(proxies).toContainText('the hosts in the parameter PROXY_HOSTS (nginx proxies of the site, started last), separated by spaces');
  await expect(proxies).toContainText('one host at a time');
  await expect(proxies.getByRole('listitem').filter({ hasText: /^batch/ })).toHaveText([
    'batch 1 of 2: prx01.dc1.example.net',
    'batch 2 of 2: prx02.dc1.example.net',
  ]);
  const startup = await copy(page, 'Copy opsbook run line of step 8: Start the proxies');
  const values = await page
    .locator('.param-form input')
    .evaluateAll((inputs) => Object.fromEntries(inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value])));
  expect(startup).toBe(runLine('platform-controlled-startup', values, 'start-proxies'));
  expect(startup).toContain(" --param 'PROXY_HOSTS=prx01.dc1.example.net prx02.dc1.example.net'");
});

test('the form says in words what a parameter expects, and takes a host name in upper case lower-cased, saying so', async ({ page }) => {
  await page.goto('runbooks/copy-probe/');
  await expect(page.locator('#param-HOST-help')).toContainText('Lower-case letters, digits, dots and hyphens only: must match ^[a-z0-9.-]+$.');
  await page.locator('#param-HOST').fill('mx3; reboot');
  await expect(page.locator('#param-HOST')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#param-HOST-error')).toHaveText(
    '“mx3; reboot” does not match the pattern “^[a-z0-9.-]+$” of HOST: expected lower-case letters, digits, dots and hyphens only (for example “mbx01.dc1.example.net”).',
  );
  await page.locator('#param-HOST').fill('MBX02.DC1.example.net');
  await expect(page.locator('#param-HOST')).toHaveAttribute('aria-invalid', 'false');
  await expect(page.locator('#param-HOST-error')).toHaveText('');
  await expect(page.locator('#param-HOST-note')).toHaveText(
    'HOST: “MBX02.DC1.example.net” is taken as “mbx02.dc1.example.net”: host names are not case-sensitive, and the pattern allows lower case only.',
  );
  await expect(page.locator('#run-line')).toContainText('--param HOST=mbx02.dc1.example.net');
  expect(await copy(page, 'Copy command of step 3: Ask without parameters')).toContain(' HOST=mbx02.dc1.example.net ');
});
