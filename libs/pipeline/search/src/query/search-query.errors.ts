export type SearchQueryErrorCode = 'syntax' | 'unknown_field' | 'invalid_value';

/**
 * A search request the index cannot answer as asked (bad syntax, an undeclared field, a value of
 * the wrong type). The API turns it into a 400 with `message` (written for the person typing).
 */
export class SearchQueryError extends Error {
  override readonly name: string = 'SearchQueryError';

  constructor(
    readonly code: SearchQueryErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The free-text query does not parse (unterminated quote, missing value, too long). */
export class QuerySyntaxError extends SearchQueryError {
  override readonly name = 'QuerySyntaxError';

  constructor(
    message: string,
    readonly position: number,
  ) {
    super('syntax', message);
  }
}
