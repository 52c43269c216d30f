// Diagnostics as SARIF 2.1.0, so CI code scanning shows them inline.
import type { Diagnostic } from '../model.ts';
import { RULES } from '../rules/registry.ts';

export function formatSarif(diagnostics: Diagnostic[], version: string): string {
  const used = [...new Set(diagnostics.map((d) => d.ruleId))].sort();
  const rules = RULES.filter((r) => used.includes(r.id)).map((r) => ({
    id: r.id,
    shortDescription: { text: r.description },
    help: { text: r.hint },
    defaultConfiguration: { level: r.severity },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = diagnostics.map((d) => {
    const region: Record<string, number> = { startLine: d.line, startColumn: d.column };
    if (d.endLine !== undefined) region.endLine = d.endLine;
    if (d.endColumn !== undefined) region.endColumn = d.endColumn;
    return {
      ruleId: d.ruleId,
      ruleIndex: index.get(d.ruleId),
      level: d.severity,
      message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(d.path), uriBaseId: '%SRCROOT%' }, region } }],
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'opsbook', version, informationUri: 'https://github.com/opsbook/opsbook', rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
