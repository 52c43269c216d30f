// A parameter's `pattern`, compiled the one way the checker, the runner, the site's form and
// search use: the whole value must match (the pattern is wrapped in `^(?:…)$`), with the
// `u` flag, as browsers and Node read it alike. A pattern that does not compile here is a
// `check` error, so the runner and the site never meet one. The pattern must also compile
// on its own: `[a-z]+)|(.*` would close the wrapping group and match any value.
export function compilePattern(pattern: string): RegExp | undefined {
  return patternProblem(pattern) === undefined ? new RegExp(`^(?:${pattern})$`, 'u') : undefined;
}

/** Why `pattern` does not compile the one way (`unmatched ')'`), or undefined when it does. */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    new RegExp(`^(?:${pattern})$`, 'u');
    return undefined;
  } catch (error) {
    // V8 says `Invalid regular expression: /…/u: Unmatched ')'`: the reason is what follows the pattern.
    const reason = (error as Error).message.split(': ').at(-1) ?? '';
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
}
