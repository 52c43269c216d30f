// Why a file system refused a write, in words, for the one-line messages of commands that
// write (the run log, the built manual): `no space left on the device (ENOSPC)`.

const REASONS: Record<string, string> = {
  ENOENT: 'a folder above it does not exist and cannot be made',
  ENOTDIR: 'a file is in the way',
  EEXIST: 'a file is in the way',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EIO: 'an I/O error on the device',
};

/** `code` in words, such as `no space left on the device`. */
export function whyNotWritten(code: string): string {
  return REASONS[code] ?? 'it cannot be written';
}

/** The error code of a file system error (`ENOSPC`), or undefined for any other error. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}
