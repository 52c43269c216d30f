// A small static file server for a built manual: localhost by default, no directory listings,
// nothing outside the served directory.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.jsonl': 'application/x-ndjson', '.woff2': 'font/woff2', '.xml': 'application/xml', '.ics': 'text/calendar; charset=utf-8',
};

function file(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const full = resolve(root, `.${normalize(`/${path}`)}`);
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  try {
    const stat = statSync(full);
    if (stat.isFile()) return full;
    if (stat.isDirectory() && statSync(join(full, 'index.html')).isFile()) return join(full, 'index.html');
  } catch {
    return undefined;
  }
  return undefined;
}

export function serveDirectory(dir: string): Server {
  const root = resolve(dir);
  return createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = req.url ?? '/';
    const found = file(root, url);
    if (!found) {
      const notFound = file(root, '/404.html');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      if (notFound && req.method === 'GET') createReadStream(notFound).pipe(res);
      else res.end('<!doctype html><title>Not found</title><p>Not found. <a href="/">Operations Manual</a></p>');
      return;
    }
    // A folder URL without its slash: redirect so relative links resolve.
    if (found.endsWith(`${sep}index.html`) && !url.split('?')[0]!.endsWith('/') && !url.split('?')[0]!.endsWith('.html')) {
      res.writeHead(301, { location: `${url.split('?')[0]}/` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(found)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(found).pipe(res);
  });
}
