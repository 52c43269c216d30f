// A parameter's `pattern`, compiled the one way the checker, the runner and the site use:
// the whole value must match (the pattern is wrapped in `^(?:…)$`).
export function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}
