/**
 * Turns the bytes of one YAML file into a plain value plus a way to find
 * where any part of it was written. Hostile input (alias bombs, duplicate
 * keys, huge files, non-UTF-8 bytes, several documents) becomes positioned
 * problems, never an exception.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import type { Document, Node } from "yaml";
import type { Problem } from "./problem.js";

/**
 * Access files are small hand-written YAML; 64 KiB holds hundreds of rules.
 * The cap bounds parse time and memory for files read from untrusted PRs.
 */
export const MAX_FILE_BYTES = 64 * 1024;
/** Anchors are handy for shared approver lists; more expansions than this is an attack. */
export const MAX_ALIAS_COUNT = 100;

export type PathSegment = string | number;
export interface Position {
  line: number;
  column: number;
}

/** Where a value (or its key) sits in the source; falls back to the nearest existing parent. */
export type Locate = (path: readonly PathSegment[], part?: "key" | "value") => Position;

export type YamlSource = { ok: true; value: unknown; locate: Locate } | { ok: false; problems: Problem[] };

/**
 * @example
 *   const source = readYaml("requests/a.yaml", "reason: x\nduration: 2h\n");
 *   if (source.ok) source.locate(["duration"]); // { line: 2, column: 11 }
 */
export function readYaml(file: string, content: string | Uint8Array): YamlSource {
  const text = decode(file, content);
  if (typeof text !== "string") return { ok: false, problems: [text] };

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((error) => ({
    file,
    ...at(error.pos[0]),
    message: yamlMessage(error.code, error.message, text.slice(error.pos[0]).match(/^[^:\n]*/)?.[0] ?? ""),
  }));
  if (problems.length > 0) return { ok: false, problems };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    const alias = firstAliasOffset(doc);
    return {
      ok: false,
      problems: [{ file, ...at(alias), message: `YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}); write the values out instead of nesting anchors` }],
    };
  }
  return { ok: true, value, locate: (path, part = "value") => at(offsetOf(doc, path, part)) };
}

function decode(file: string, content: string | Uint8Array): string | Problem {
  const size = typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength;
  if (size > MAX_FILE_BYTES) {
    return { file, line: 1, column: 1, message: `file is ${size} bytes, over the ${MAX_FILE_BYTES / 1024} KiB limit for access files; split it into smaller files` };
  }
  let text: string;
  if (typeof content === "string") {
    text = content;
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(content);
    } catch {
      const bad = firstInvalidByte(content);
      const before = new TextDecoder("utf-8").decode(content.subarray(0, bad));
      const lines = before.split("\n");
      return { file, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1, message: "file is not valid UTF-8; save it as UTF-8 text" };
    }
  }
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** The longest valid prefix, found by bisection with a streaming decoder (which tolerates a cut mid-character). */
function firstInvalidByte(bytes: Uint8Array): number {
  let good = 0;
  let bad = bytes.byteLength;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      good = mid;
    } catch {
      bad = mid;
    }
  }
  // `good` bytes decode, possibly ending inside a character that starts the bad sequence.
  let start = good;
  while (start > 0 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start--;
  return Math.min(start, good);
}

function yamlMessage(code: string, message: string, excerpt: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return `duplicate key ${JSON.stringify(excerpt.trim() || "?")}: each key may appear only once in a mapping; remove or merge the repeated one`;
    case "MULTIPLE_DOCS":
      return "file holds more than one YAML document (a second '---'); keep one document per file";
    case "TAG_RESOLVE_FAILED":
      return `unsupported YAML tag ${excerpt.trim()}; access files use plain values without tags`;
    case "TAB_AS_INDENT":
      return "tab used for indentation; YAML indents with spaces";
    default:
      return `YAML syntax error: ${message.replace(/ at line \d+, column \d+.*$/s, "")}`;
  }
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function offsetOf(doc: Document, path: readonly PathSegment[], part: "key" | "value"): number {
  let node: unknown = doc.contents;
  let keyOffset: number | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      keyOffset = (pair.key as Node).range?.[0];
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      keyOffset = undefined;
      node = node.items[segment];
    } else {
      break;
    }
  }
  if (part === "key" && keyOffset !== undefined) return keyOffset;
  return (node as Node | null)?.range?.[0] ?? 0;
}
