/**
 * RFC 4180 CSV: CRLF line ends, one header row, a field quoted when it holds
 * a comma, a quote, CR or LF, quotes doubled. A field that a spreadsheet
 * would run as a formula (it starts with =, +, -, @, a tab or CR) is prefixed
 * with a single quote: requester text must stay inert there too.
 */

function field(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/**
 * @example
 *   toCsv(["a", "b"], [["1", 'say "hi"']]); // 'a,b\r\n1,"say ""hi"""\r\n'
 */
export function toCsv(header: string[], records: string[][]): string {
  return [header, ...records].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}
