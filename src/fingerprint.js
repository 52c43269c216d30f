// What opsbook's own code is made of, as one hash: the size and modification time of every
// file under src/ and schemas/, and the lock file of the installed packages. The engine
// bundle (bin/engine.js) and the check cache (check-cache.ts) are current while it holds.
// It lives under src/ so that the engine never reaches into bin/; bin/ imports it from here.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sourceFingerprint(root) {
  const hash = createHash('sha256');
  for (const top of ['src', 'schemas']) {
    const files = readdirSync(join(root, top), { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory());
    for (const full of files.map((entry) => join(entry.parentPath, entry.name)).sort()) {
      const s = statSync(full);
      hash.update(`${full}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
  hash.update(readFileSync(join(root, 'package-lock.json')));
  return hash.digest('hex');
}
