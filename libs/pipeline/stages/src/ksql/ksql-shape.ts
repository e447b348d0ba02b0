/**
 * Just enough of ksqlDB's SQL to read which value fields a statement produces: the select list
 * (`expr AS name`) and STRUCT(`name` := expr, …) nesting, following column references back to
 * the statement that defined them. Used by the drift test against the aggregate declaration.
 */
export interface KsqlStatement {
  text: string;
  kind: 'stream' | 'table' | 'other';
  name: string | null;
  topic: string | null;
  select: { name: string; expr: string }[];
}

export type Shape = Map<string, Shape | null>;

const unquote = (name: string) => name.replace(/`/g, '').trim();

/** Splits on `separator` outside parentheses, brackets and quotes. */
export function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '`') quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (depth === 0) {
      const match = separator.exec(text.slice(index));
      if (match && match.index === 0) {
        parts.push(text.slice(start, index));
        start = index + match[0].length;
        index = start - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

export function parseStatements(source: string, variables: Record<string, string>): KsqlStatement[] {
  const text = source
    .replace(/--[^\n]*/g, '')
    .replace(/\$\{(\w+)\}/g, (_match, name: string) => variables[name] ?? `\${${name}}`);
  return splitTopLevel(text, /^;/).map(parseStatement);
}

function parseStatement(text: string): KsqlStatement {
  const header = /^CREATE\s+(STREAM|TABLE)\s+(?:IF NOT EXISTS\s+)?(\w+)/i.exec(text);
  const topic = /KAFKA_TOPIC\s*=\s*'([^']+)'/i.exec(text)?.[1] ?? null;
  const selectAt = text.search(/\bSELECT\b/i);
  let select: KsqlStatement['select'] = [];
  if (selectAt >= 0) {
    const [list] = splitTopLevel(text.slice(selectAt + 6), /^\bFROM\b/i);
    select = splitTopLevel(list, /^,/).map((item) => {
      const pieces = splitTopLevel(item, /^\s+AS\s+/i);
      return { expr: pieces.slice(0, -1).join(' AS '), name: unquote(pieces[pieces.length - 1]) };
    });
  }
  return { text, kind: header ? (header[1].toUpperCase() === 'STREAM' ? 'stream' : 'table') : 'other', name: header?.[2] ?? null, topic, select };
}

/** The nested value shape an expression produces (null for a scalar). */
export function shapeOf(expr: string, definitions: Map<string, string[]>, seen = new Set<string>()): Shape | null {
  const structAt = expr.search(/\bSTRUCT\s*\(/i);
  if (structAt >= 0) {
    const open = expr.indexOf('(', structAt);
    const inner = expr.slice(open + 1, matchingParen(expr, open));
    const shape: Shape = new Map();
    for (const assignment of splitTopLevel(inner, /^,/)) {
      const [name, value] = splitTopLevel(assignment, /^:=/);
      shape.set(unquote(name), shapeOf(value ?? '', definitions, seen));
    }
    return shape;
  }
  for (const match of expr.matchAll(/(?:\w+\.)?`?(\w+)`?/g)) {
    for (const candidate of definitions.get(match[1]) ?? []) {
      if (seen.has(candidate)) continue;
      const shape = shapeOf(candidate, definitions, new Set([...seen, candidate, expr]));
      if (shape) return shape;
    }
  }
  return null;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '(') depth++;
    else if (text[index] === ')' && --depth === 0) return index;
  }
  throw new Error(`Unbalanced parentheses in: ${text.slice(open, open + 80)}`);
}

/** Leaf paths of a statement's value, e.g. `items.product.price`. */
export function producedPaths(statement: KsqlStatement, all: KsqlStatement[]): string[] {
  const definitions = new Map<string, string[]>();
  for (const { select } of all) for (const { name, expr } of select) definitions.set(name, [...(definitions.get(name) ?? []), expr]);
  const paths: string[] = [];
  const walk = (prefix: string, shape: Shape | null) => {
    if (!shape) return void paths.push(prefix);
    for (const [name, child] of shape) walk(`${prefix}.${name}`, child);
  };
  for (const { name, expr } of statement.select) walk(name, shapeOf(expr, definitions, new Set([expr])));
  return paths;
}
