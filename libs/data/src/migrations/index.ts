import type { Migration } from './migration';
import { domain } from './001-domain';
import { publication } from './002-publication';
import { sessions } from './003-sessions';

/** Every migration, in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [domain, publication, sessions];
export type { Migration } from './migration';
