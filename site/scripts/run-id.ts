// A checklist run's id, in the run-log schema's form: UTC time, then a random suffix
// (`20261124T061500Z-3f9a2c`), so ids sort by time and never repeat.
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${stamp}-${rand}`;
}

export const RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;
