// The search index as classic scripts, for a manual opened from disk (file://), where a page
// may not fetch a file but may still run a <script src>: each part of the index is also built
// as `search/<name>.js`, which hands the same JSON to the page under its name.

/** The global the data scripts add their part to, by name (`search/docs.json`…). */
export const DATA_GLOBAL = 'opsbookSearchData';

/** The text of the classic script that hands `value` (the part at `path`) to the page. */
export function dataScript(path: string, value: unknown): string {
  return `(self.${DATA_GLOBAL} = self.${DATA_GLOBAL} || {})[${JSON.stringify(path)}] = ${JSON.stringify(value)};\n`;
}
