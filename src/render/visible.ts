// What is shown is what runs: characters that a terminal or a browser would not show as
// themselves (C0 and C1 controls, DEL, bidi overrides and isolates, zero-width and line
// separators, the BOM) are written as visible escapes such as `\x1b` or `\u202e`, never raw.
// Tab and newline are shown as themselves.

/** One character that would hide or rearrange what a reader sees. */
export const UNSAFE_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** A short name for an unsafe character, for diagnostics: `ESC (U+001B)`. */
export function describeChar(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<number, string> = {
    0x00: 'NUL',
    0x08: 'backspace',
    0x0d: 'carriage return',
    0x1b: 'ESC',
    0x7f: 'DEL',
    0x9b: 'CSI',
    0x061c: 'Arabic letter mark',
    0x200b: 'zero-width space',
    0x200e: 'left-to-right mark',
    0x200f: 'right-to-left mark',
    0x2028: 'line separator',
    0x2029: 'paragraph separator',
    0x202a: 'left-to-right embedding',
    0x202b: 'right-to-left embedding',
    0x202c: 'pop directional formatting',
    0x202d: 'left-to-right override',
    0x202e: 'right-to-left override',
    0x2066: 'left-to-right isolate',
    0x2067: 'right-to-left isolate',
    0x2068: 'first strong isolate',
    0x2069: 'pop directional isolate',
    0xfeff: 'byte order mark',
  };
  const name = names[code] ?? (code < 0x20 || (code >= 0x7f && code <= 0x9f) ? 'control character' : 'invisible character');
  return `${name} (${hex})`;
}

/** The escape written in place of an unsafe character. */
function escape(char: string): string {
  const code = char.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every unsafe character written as a visible escape. */
export function visible(text: string): string {
  return text.replace(UNSAFE_CHAR, escape);
}

/** Each unsafe character of `text` with its offset, in order. */
export function unsafeChars(text: string): { offset: number; char: string }[] {
  return [...text.matchAll(UNSAFE_CHAR)].map((m) => ({ offset: m.index, char: m[0] }));
}
