// The known name closest to a mistyped one, for "did you mean": edits counted as ESLint and
// git count them (insert, delete, replace, or swap two neighbours), at most two.

/** Edits between `a` and `b`, a swap of two neighbouring letters counted as one. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The one name of `known` within two edits of `typed` (and closer than half its length), if there is one. */
export function closest(typed: string, known: readonly string[]): string | undefined {
  const scored = known.map((name) => ({ name, edits: distance(typed.toLowerCase(), name) })).filter((s) => s.edits <= 2 && s.edits < s.name.length / 2);
  const best = Math.min(...scored.map((s) => s.edits));
  const nearest = scored.filter((s) => s.edits === best);
  return nearest.length === 1 ? nearest[0].name : undefined;
}
