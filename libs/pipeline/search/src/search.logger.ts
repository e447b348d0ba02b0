/** The slice of a pino logger the search adapters use; pino's `Logger` satisfies it. */
export interface SearchLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const consoleSearchLogger: SearchLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(msg ?? '', obj),
};
