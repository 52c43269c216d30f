// The reporter's colours, through node:util styleText, only when the Io allows colour.
import type { TextStyle } from '../report/text.ts';
import { paint, type Io } from './io.ts';

export function textStyle(io: Io): TextStyle {
  return {
    error: (t) => paint(io, 'red', t),
    warning: (t) => paint(io, 'yellow', t),
    dim: (t) => paint(io, 'dim', t),
    bold: (t) => paint(io, 'bold', t),
  };
}
