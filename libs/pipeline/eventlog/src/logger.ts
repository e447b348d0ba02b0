/** The slice of a pino logger the event log uses; pino's `Logger` satisfies it. */
export interface EventLogLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Warnings and errors to stderr; used when the composition root gives no logger. */
export const consoleLogger: EventLogLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
