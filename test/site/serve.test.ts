// `opsbook serve` as a browser and a cache see it: ETag and 304, byte ranges, HEAD, folder
// redirects, and nothing outside the served folder, through the real CLI on a real port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../cli/run-cli.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let base = '';
let child: ChildProcess;

/** A request with the path exactly as given (no URL normalisation). */
function get(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), 'opsbook-serve-'));
  writeFileSync(join(parent, 'secret.txt'), 'not part of the manual\n');
  const site = join(parent, 'site');
  mkdirSync(join(site, 'runbooks', 'x'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>Home</title><p>0123456789</p>\n');
  writeFileSync(join(site, 'runbooks', 'x', 'index.html'), '<!doctype html><title>X</title>\n');
  writeFileSync(join(site, '.opsbook-site'), 'marker\n');
  child = spawn(process.execPath, [BIN, 'serve', '--dir', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  base = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) ok(url);
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
  });
}, 60_000);

afterAll(() => {
  child.kill('SIGTERM');
});

describe('opsbook serve', () => {
  it('answers a repeated request with 304 when the ETag matches', async () => {
    const first = await get('/');
    expect(first.status).toBe(200);
    expect(first.body).toContain('0123456789');
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get('/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves a byte range with 206', async () => {
    const part = await get('/index.html', { headers: { range: 'bytes=0-14' } });
    expect(part.status).toBe(206);
    expect(part.body).toBe('<!doctype html>');
    expect(part.headers['content-range']).toMatch(/^bytes 0-14\/\d+$/);
  });

  it('answers HEAD with the headers and no body', async () => {
    const head = await get('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body).toBe('');
  });

  it('never serves a file outside the folder, however the path is written', async () => {
    for (const path of ['/../secret.txt', '/runbooks/../../secret.txt', '/%2e%2e/secret.txt', '/runbooks/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain('not part of the manual');
    }
  });

  it('does not serve dot files such as the build marker', async () => {
    expect((await get('/.opsbook-site')).status).toBe(404);
  });

  it('redirects a folder without its slash, and refuses other methods', async () => {
    const moved = await get('/runbooks/x');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe('/runbooks/x/');
    expect((await get('/runbooks/x/')).body).toContain('<title>X</title>');
    const post = await get('/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers an unknown page with 404', async () => {
    const missing = await get('/no/such/page/');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Not found');
  });
});
