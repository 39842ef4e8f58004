/**
 * The one CSV writer (RFC 4180, CRLF line ends). Text that a spreadsheet would run as a formula, a cell
 * starting with = + - @ tab or carriage return, is prefixed with a single quote, as OWASP's "CSV
 * Injection" page advises, so a downloaded file cannot execute anything when opened. Numbers and
 * booleans are written as they are: -3 is a figure, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = Array.isArray(value) ? value.join('; ') : String(value ?? '');
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: a header line, then one line a row, each ending in CRLF. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
