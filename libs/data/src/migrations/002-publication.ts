import { CAPTURED_TABLES, PUBLICATION_NAME } from '@dsm/contracts';
import type { Migration } from './migration';

/**
 * The publication the capture reads (built-in or Debezium with publication.autocreate.mode=
 * disabled). REPLICA IDENTITY FULL on the captured tables gives every update and delete a
 * complete `before` image, and lets the capture fill unchanged TOASTed columns from it.
 */
export const publication: Migration = {
  name: '002-publication',
  up: `
    create publication ${PUBLICATION_NAME} for table ${CAPTURED_TABLES.join(', ')};
    ${CAPTURED_TABLES.map((table) => `alter table ${table} replica identity full;`).join('\n    ')}
  `,
};
