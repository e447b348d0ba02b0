/** A forward-only SQL migration; applied once, in order, each in its own transaction. */
export interface Migration {
  name: string;
  up: string;
}
