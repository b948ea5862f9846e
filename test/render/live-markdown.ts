// What GitHub would make live in a piece of Markdown: markup, HTML, mentions, links, references.
// A reader for tests, in the spirit of GitHub's rendering: code spans are inert, backslash escapes give the character itself.

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** The Markdown with every code span's content replaced by a placeholder, so only live text remains. */
export function withoutCodeSpans(markdown: string): string {
  let out = "";
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] === "\\" && i + 1 < markdown.length && ASCII_PUNCTUATION.test(markdown[i + 1] as string)) {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (markdown[i] !== "`") {
      out += markdown[i];
      i += 1;
      continue;
    }
    const run = /^`+/.exec(markdown.slice(i))?.[0] ?? "`";
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, "g");
    close.lastIndex = i + run.length;
    const found = close.exec(markdown);
    if (!found) {
      out += run; // an unmatched backtick run is literal text, but it is markup a value should never produce
      i += run.length;
      continue;
    }
    out += "«code»";
    i = found.index + run.length;
  }
  return out;
}

/** The text people would see, with escapes resolved and code spans removed (mentions and links are found in text). */
export function visibleText(markdown: string): string {
  return withoutCodeSpans(markdown).replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

/** Everything live in `markdown` that a value must not produce; empty when the value is inert. */
export function liveThings(markdown: string, options: { tableCell?: boolean; plain?: boolean } = {}): string[] {
  const source = withoutCodeSpans(markdown);
  const unescaped = source.replace(/\\[!-/:-@[-`{-~]/g, "·");
  const text = visibleText(markdown);
  const found: string[] = [];
  const check = (what: string, pattern: RegExp, where: string) => {
    const match = pattern.exec(where);
    if (match) found.push(`${what}: ${JSON.stringify(match[0])}`);
  };
  check("line break", /[\r\n]/, markdown);
  if (!options.plain) checkMarkup(unescaped, check);
  if (options.tableCell) check("table pipe", /(?<!\\)\|/, source.replace(/«code»/g, ""));
  check("mention", /(^|[^\w`])@[a-z0-9]/i, text);
  check("issue reference", /#\d|\bGH-\d/i, text);
  check("URL", /[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\bmailto:/i, text);
  check("e-mail address", /[\w.+-]@[a-z0-9-]+\.[a-z]/i, text);
  check("commit sha", /\b[0-9a-f]{7,40}\b/i, text);
  check("emoji", /:(?:(?![0-9]+:)[a-z0-9_+-]+|100|1234):/i, text);
  return found;
}

/** What a person reads: the visible text without the invisible word joiners. */
export function readsAs(markdown: string): string {
  return visibleText(markdown).replace(/\u2060/g, "");
}

function checkMarkup(unescaped: string, check: (what: string, pattern: RegExp, where: string) => void): void {
  check("HTML or autolink", /<[!/?a-z]/i, unescaped);
  check("entity", /&(#\d+|#x[0-9a-f]+|[a-z]+);/i, unescaped);
  check("link or image", /!?\[[^\]]*\]\s*[([]/, unescaped);
  check("emphasis", /[*_~]/, unescaped);
  check("backtick", /`/, unescaped);
  check("heading, list or quote", /^\s*(#|>|[-+*]\s|\d+[.)]\s)/, unescaped);
}
