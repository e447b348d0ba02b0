import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, parseQueryText } from './query-text.parser';
import { QuerySyntaxError } from './search-query.errors';

/** Characters that mean something to SQL, tsquery, Lucene or JSON, plus unicode oddities. */
const hostileCharacter = fc.constantFrom(
  '"', "'", '\\', ':', '&', '|', '!', '(', ')', '<', '>', '-', '*', ';', '$', '{', '}', '[', ']', '~', '^', '/',
  '\u0000', '\u0007', '\ud800', '\u200b', '\u202e', 'é', 'ß', '日', '🚚', ' ', '\t', '\n', 'a', 'Z', '7', '.', '_',
);
const hostileText = fc.oneof(
  fc.string({ unit: hostileCharacter, maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

describe('parseQueryText', () => {
  it('splits words, "quoted phrases" and field:value terms', () => {
    expect(parseQueryText('harbour customer.first_name:Sally "left at door" status:"in transit" road')).toEqual({
      words: ['harbour', 'road'],
      phrases: ['left at door'],
      fieldTerms: [
        { field: 'customer.first_name', value: 'Sally', phrase: false },
        { field: 'status', value: 'in transit', phrase: true },
      ],
    });
  });

  it('keeps escaped quotes and backslashes inside a phrase', () => {
    expect(parseQueryText('"say \\"hi\\" \\\\ now"').phrases).toEqual(['say "hi" \\ now']);
  });

  it('treats a quote inside a word, times and URLs-like text without a field name as words', () => {
    expect(parseQueryText(`O"Brien 10:30 -x`).words).toEqual(['O"Brien', '10:30', '-x']);
  });

  it('drops terms without letters or digits (pure operators and punctuation)', () => {
    expect(parseQueryText('&& || ! ( ) ""  "--"')).toEqual({ words: [], phrases: [], fieldTerms: [] });
  });

  it('rejects an unterminated quote, a field without value and overlong text with QuerySyntaxError', () => {
    expect(() => parseQueryText('"left at')).toThrow(QuerySyntaxError);
    expect(() => parseQueryText('status:')).toThrow(/needs a value/);
    expect(() => parseQueryText('a'.repeat(MAX_QUERY_LENGTH + 1))).toThrow(QuerySyntaxError);
    expect(() => parseQueryText(Array.from({ length: 40 }, (_, index) => `w${index}`).join(' '))).toThrow(/terms/);
  });

  it('property: any input parses or throws QuerySyntaxError, never anything else', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        try {
          parseQueryText(text);
        } catch (error) {
          expect(error).toBeInstanceOf(QuerySyntaxError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: parsed parts never carry control characters or lone surrogates, and field names are identifiers', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const parsed = safeParse(text);
        if (!parsed) return;
        const values = [...parsed.words, ...parsed.phrases, ...parsed.fieldTerms.map((term) => term.value)];
        for (const value of values) expect(value).not.toMatch(/[\p{Cc}\p{Cs}]/u);
        for (const term of parsed.fieldTerms) expect(term.field).toMatch(/^[A-Za-z_][A-Za-z0-9_.]*$/);
        for (const word of parsed.words) expect(word).not.toMatch(/\s/);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a quoted phrase of any text comes back unchanged when quotes and backslashes are escaped', () => {
    const phraseText = fc.string({ unit: hostileCharacter, maxLength: 60 }).filter((text) => /[\p{L}\p{N}]/u.test(text));
    fc.assert(
      fc.property(phraseText, (text) => {
        const clean = text.replace(/[\p{Cc}\p{Cs}]/gu, ' ');
        const quoted = `"${clean.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
        expect(parseQueryText(quoted).phrases).toEqual([clean.normalize('NFC').trim()]);
      }),
    );
  });

  it('property: very long input is rejected early and cleanly', () => {
    fc.assert(
      fc.property(fc.string({ minLength: MAX_QUERY_LENGTH + 1, maxLength: 5000 }), (text) => {
        if (text.normalize('NFC').length <= MAX_QUERY_LENGTH) return;
        expect(() => parseQueryText(text)).toThrow(QuerySyntaxError);
      }),
      { numRuns: 50 },
    );
  });
});

function safeParse(text: string) {
  try {
    return parseQueryText(text);
  } catch {
    return null;
  }
}
