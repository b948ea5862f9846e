/**
 * A syntax check for CEL condition expressions, strict enough to refuse what
 * IAM refuses as unparsable (unbalanced brackets or quotes, an operator with a
 * missing operand) without implementing the language.
 *
 * @example
 *   celSyntaxProblem('request.time < timestamp("2026-11-24T10:00:00Z")'); // undefined
 *   celSyntaxProblem('request.time < timestamp("2026-11-24T10:00:00Z"');  // "unbalanced parentheses"
 */
type Token = { kind: "operand" | "binary" | "unary" | "open" | "close" | "comma" | "dot"; text: string };

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?)|(&&|\|\||==|!=|<=|>=|[<>+*/%?:-])|(!)|([([])|([)\]])|(,)|(\.))/y;

export function celSyntaxProblem(expression: string): string | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < expression.length) {
    if (expression.slice(at).trim() === "") break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(expression);
    if (!m) {
      const rest = expression.slice(at).trimStart();
      return rest.startsWith('"') || rest.startsWith("'") ? "unterminated string literal" : `unexpected character '${rest[0] ?? ""}'`;
    }
    at = TOKEN.lastIndex;
    const kind: Token["kind"] = m[1] || m[2] ? "operand" : m[3] ? "binary" : m[4] ? "unary" : m[5] ? "open" : m[6] ? "close" : m[7] ? "comma" : "dot";
    tokens.push({ kind, text: m[0].trim() });
  }
  if (tokens.length === 0) return "empty expression";
  const depth: string[] = [];
  let expectOperand = true;
  for (const token of tokens) {
    if (token.kind === "open") {
      depth.push(token.text === "(" ? ")" : "]");
      expectOperand = true;
      continue;
    }
    if (token.kind === "close") {
      if (depth.pop() !== token.text) return "unbalanced parentheses";
      expectOperand = false;
      continue;
    }
    if (token.kind === "unary") {
      if (!expectOperand) return `'!' after an operand`;
      continue;
    }
    if (token.kind === "operand") {
      if (!expectOperand) return `missing operator before '${token.text}'`;
      expectOperand = false;
      continue;
    }
    if (token.kind === "binary" && token.text === "-" && expectOperand) continue;
    if (expectOperand && token.kind !== "comma") return `'${token.text}' has no left operand`;
    if (expectOperand && token.kind === "comma") return "empty argument";
    expectOperand = true;
  }
  if (depth.length > 0) return "unbalanced parentheses";
  if (expectOperand) return `'${tokens.at(-1)?.text ?? ""}' has no right operand`;
  return undefined;
}
