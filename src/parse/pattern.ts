// A parameter's `pattern`, compiled the one way the checker, the runner, the site's form and
// search use: the whole value must match (the pattern is wrapped in `^(?:…)$`), with the
// `u` flag, as browsers and Node read it alike. A pattern that does not compile here is a
// `check` error, so the runner and the site never meet one. The pattern must also compile
// on its own: `[a-z]+)|(.*` would close the wrapping group and match any value.
export function compilePattern(pattern: string): RegExp | undefined {
  try {
    new RegExp(pattern, 'u');
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}
