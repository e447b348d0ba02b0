export interface FieldError {
  path: string;
  message: string;
}

/** The one error type the API throws on purpose; the error middleware renders it as problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string, id?: number | string): AppError {
    return new AppError(404, 'not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }

  static conflict(message: string, errors?: FieldError[]): AppError {
    return new AppError(409, 'conflict', message, errors);
  }

  static unprocessable(message: string, errors?: FieldError[]): AppError {
    return new AppError(422, 'unprocessable', message, errors);
  }
}
