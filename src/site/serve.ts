// A static file server for a built manual, on sirv: ETag and 304, byte ranges, HEAD, and no
// path outside the served directory. Localhost by default, no directory listings. Files are
// looked up on each request, so a rebuild while serving is picked up.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join, normalize, resolve, sep } from 'node:path';
import sirv from 'sirv';

const NOT_FOUND = '<!doctype html><title>Not found</title><p>Not found. <a href="/">Operations Manual</a></p>';

/** A folder asked for without its slash (`/runbooks/x`): relative links need `/runbooks/x/`. */
function folderWithoutSlash(root: string, pathname: string): boolean {
  if (pathname.endsWith('/')) return false;
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const full = resolve(root, `.${normalize(`/${path}`)}`);
  if (!full.startsWith(root + sep) || path.includes('\0')) return false;
  try {
    return statSync(full).isDirectory() && existsSync(join(full, 'index.html'));
  } catch {
    return false;
  }
}

export function serveDirectory(dir: string): Server {
  const root = resolve(dir);
  const files = sirv(root, {
    dev: true,
    etag: true,
    extensions: ['html'],
    setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
  const notFound = join(root, '404.html');
  const notFoundPage = (method: string | undefined, res: ServerResponse) => {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    if (method === 'HEAD') res.end();
    else if (existsSync(notFound)) createReadStream(notFound).pipe(res);
    else res.end(NOT_FOUND);
  };
  return createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = (req.url ?? '/').split(/[?#]/)[0];
    if (folderWithoutSlash(root, pathname)) {
      res.writeHead(301, { location: `${pathname}/` }).end();
      return;
    }
    // Dot files (the build's marker, anything a host put there) are not part of the manual.
    if (/\/\./.test(pathname)) {
      notFoundPage(req.method, res);
      return;
    }
    files(req, res, () => notFoundPage(req.method, res));
  });
}
