/** See fingerprint.js. */
export function sourceFingerprint(root: string): string;
