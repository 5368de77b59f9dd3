/** One row of the "Operation limits" table in docs/operations.md. */
export interface DocumentedLimit {
  readonly variable: string;
  readonly default: number;
  readonly ceiling: number;
}

/** The gateway's operation-limit variables, by name: MAX_QUERY_* and QUERY_DEFAULT_LIST_SIZE. */
export const isLimitVariable = (name: string): boolean => /^(MAX_QUERY_|QUERY_DEFAULT_)/.test(name);

/** The rows (variable, default, ceiling) of the table under `### Operation limits`. */
export function limitsInDocs(markdown: string): DocumentedLimit[] {
  const section = markdown.split(/^### Operation limits$/m)[1]?.split(/^#{1,3} /m)[0];
  if (section === undefined) throw new Error('docs/operations.md has no "### Operation limits" section');
  const rows: DocumentedLimit[] = [];
  for (const line of section.split("\n")) {
    const row = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|\s*`(\d+)`\s*\|\s*`(\d+)`\s*\|/.exec(line);
    if (row) rows.push({ variable: row[1], default: Number(row[2]), ceiling: Number(row[3]) });
  }
  return rows;
}
