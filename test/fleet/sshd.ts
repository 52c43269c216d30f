// Private OpenSSH daemons for the fleet tests: keys made for the test, one daemon per 15
// loopback addresses (127.0.0.x, one ListenAddress each) on a high port, and an ssh client
// config that names each test host. Nothing here talks to any address but 127.0.0.x.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const haveSshd = existsSync(SSHD) && existsSync('/usr/bin/ssh') && existsSync('/usr/bin/ssh-keygen');

export interface TestHost {
  name: string;
  address: string;
}

export interface Fleet {
  dir: string;
  port: number;
  hosts: TestHost[];
  /** ssh client config naming every host (and `dead`, an address where nothing listens). */
  sshConfig: string;
  stop(): Promise<void>;
}

function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** An address where no daemon listens: ssh to it exits 255 (connection refused). */
export const DEAD_ADDRESS = '127.0.0.250';

/** Start daemons answering as `count` hosts `<prefix>01…`, on 127.0.0.<base+i>. */
export async function startFleet(
  count: number,
  { prefix = 'h', base = 10, port = 20000 + Math.floor(Math.random() * 20000), maxStartups = '200' } = {},
): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-sshd-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  execFileSync('cp', [join(dir, 'client_key.pub'), join(dir, 'authorized_keys')]);
  if (userInfo().uid === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const hosts: TestHost[] = Array.from({ length: count }, (_, i) => ({ name: `${prefix}${String(i + 1).padStart(2, '0')}`, address: `127.0.0.${base + i}` }));
  const daemons: ChildProcess[] = [];
  for (let first = 0; first < count; first += 15) {
    const group = hosts.slice(first, first + 15);
    const config = join(dir, `sshd_${first}.conf`);
    writeFileSync(
      config,
      [
        `Port ${port}`,
        ...group.map((h) => `ListenAddress ${h.address}:${port}`),
        `HostKey ${join(dir, 'host_key')}`,
        `PidFile ${join(dir, `sshd_${first}.pid`)}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        `MaxStartups ${maxStartups}`,
        'MaxSessions 100',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    const daemon = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    daemon.stderr.setEncoding('utf8').on('data', (t: string) => process.env.OPSBOOK_TEST_SSHD_LOG && process.stderr.write(t));
    daemons.push(daemon);
  }
  for (const h of hosts) {
    const until = Date.now() + 10_000;
    while (!(await listening(h.address, port))) {
      if (Date.now() > until) throw new Error(`sshd did not start listening on ${h.address}:${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const sshConfig = join(dir, 'ssh_config');
  const common = [
    `  Port ${port}`,
    `  User ${userInfo().username}`,
    `  IdentityFile ${join(dir, 'client_key')}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking accept-new',
  ];
  writeFileSync(
    sshConfig,
    [...hosts.flatMap((h) => [`Host ${h.name}`, `  HostName ${h.address}`]), 'Host dead', `  HostName ${DEAD_ADDRESS}`, 'Host *', ...common, ''].join('\n'),
  );
  return {
    dir,
    port,
    hosts,
    sshConfig,
    async stop() {
      await Promise.all(
        daemons.map(
          (d) =>
            new Promise<void>((resolve) => {
              if (d.exitCode !== null) return resolve();
              d.once('exit', () => resolve());
              d.kill('SIGTERM');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
