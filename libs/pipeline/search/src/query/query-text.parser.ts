import { QuerySyntaxError } from './search-query.errors';

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_TERMS = 32;

/** `customer.first_name:Sally` or `notes:"left at door"`. */
export interface FieldTerm {
  field: string;
  value: string;
  phrase: boolean;
}

/** The free text of a search, split into the parts both adapters turn into their own queries. */
export interface ParsedQueryText {
  /** Plain words; every one must match (the last one also as a prefix). */
  words: string[];
  /** "Quoted phrases": the words in this order. */
  phrases: string[];
  fieldTerms: FieldTerm[];
}

const FIELD_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*):/;
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;
// Control characters and lone surrogates cannot reach PostgreSQL text (NUL) or mean nothing.
const UNUSABLE = /[\p{Cc}\p{Cs}]/gu;

/**
 * Splits search-box text into words, "quoted phrases" (`\"` and `\\` escape inside quotes) and
 * `field:value` terms. Nothing here is ever interpreted as an operator: the adapters hand the
 * parts to PostgreSQL and Elasticsearch as values. Throws only QuerySyntaxError.
 */
export function parseQueryText(text: string): ParsedQueryText {
  const input = text.normalize('NFC').replace(UNUSABLE, ' ');
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(`The search text is longer than ${MAX_QUERY_LENGTH} characters.`, MAX_QUERY_LENGTH);
  }
  const parsed: ParsedQueryText = { words: [], phrases: [], fieldTerms: [] };
  let position = 0;
  while (position < input.length) {
    if (/\s/.test(input[position])) {
      position += 1;
      continue;
    }
    position = readTerm(input, position, parsed);
  }
  const terms = parsed.words.length + parsed.phrases.length + parsed.fieldTerms.length;
  if (terms > MAX_QUERY_TERMS) {
    throw new QuerySyntaxError(`The search has ${terms} terms; at most ${MAX_QUERY_TERMS} are allowed.`, input.length);
  }
  return parsed;
}

/** Reads one term starting at `start` into `parsed`; returns the position after it. */
function readTerm(input: string, start: number, parsed: ParsedQueryText): number {
  if (input[start] === '"') {
    const quoted = readQuoted(input, start);
    if (HAS_WORD_CHARACTER.test(quoted.value)) parsed.phrases.push(quoted.value.trim());
    return quoted.end;
  }
  const field = FIELD_PREFIX.exec(input.slice(start, start + 200));
  if (field) {
    const valueStart = start + field[0].length;
    if (input[valueStart] === '"') {
      const quoted = readQuoted(input, valueStart);
      parsed.fieldTerms.push({ field: field[1], value: quoted.value.trim(), phrase: true });
      return quoted.end;
    }
    const end = endOfToken(input, valueStart);
    if (end === valueStart) throw new QuerySyntaxError(`"${field[1]}:" needs a value, e.g. ${field[1]}:something.`, start);
    parsed.fieldTerms.push({ field: field[1], value: input.slice(valueStart, end), phrase: false });
    return end;
  }
  const end = endOfToken(input, start);
  const word = input.slice(start, end);
  if (HAS_WORD_CHARACTER.test(word)) parsed.words.push(word);
  return end;
}

function endOfToken(input: string, start: number): number {
  let end = start;
  while (end < input.length && !/\s/.test(input[end])) end += 1;
  return end;
}

function readQuoted(input: string, quote: number): { value: string; end: number } {
  let value = '';
  for (let position = quote + 1; position < input.length; position += 1) {
    const character = input[position];
    if (character === '"') return { value, end: position + 1 };
    const next = input[position + 1];
    if (character === '\\' && (next === '"' || next === '\\')) {
      value += next;
      position += 1;
    } else {
      value += character;
    }
  }
  throw new QuerySyntaxError(`A quote opened at position ${quote + 1} is never closed.`, quote);
}
