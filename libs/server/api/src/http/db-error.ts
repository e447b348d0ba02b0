import { AppError } from './app-error';

interface PgErrorFields {
  code?: string;
  detail?: string;
  table?: string;
  constraint?: string;
}

/** Sequelize wraps the driver error; the PostgreSQL fields live on `parent`/`original`. */
function pgFields(error: unknown): PgErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = (error as { parent?: PgErrorFields; original?: PgErrorFields }).parent
    ?? (error as { original?: PgErrorFields }).original
    ?? (error as PgErrorFields);
  return typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code) ? candidate : undefined;
}

/** "Key (customer_id)=(42) is not present in table "customers"." → ["customer_id", "42"] */
function keyOf(detail: string | undefined): { columns: string[]; values: string } {
  const match = /Key \((.+?)\)=\((.*?)\)/.exec(detail ?? '');
  return match ? { columns: match[1].split(', ').map((c) => c.replace(/^lower\((.*)\)$/, '$1')), values: match[2] } : { columns: [], values: '' };
}

/**
 * Maps constraint violations, which the database enforces for every writer, onto client errors
 * that name the field. Anything else is not the client's fault and stays a 500.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const pg = pgFields(error);
  if (!pg) return undefined;
  const { columns, values } = keyOf(pg.detail);
  switch (pg.code) {
    case '23503':
      if (/is still referenced from table "(\w+)"/.test(pg.detail ?? '')) {
        const table = /table "(\w+)"/.exec(pg.detail ?? '')?.[1];
        return AppError.conflict(`Still referenced by ${table}: remove those first`);
      }
      return AppError.unprocessable(`${columns.join(', ')} ${values} does not exist`, columns.map((path) => ({ path, message: `No such record: ${values}` })));
    case '23505':
      return AppError.conflict(`${columns.join(', ')} ${values} is already taken`, columns.map((path) => ({ path, message: 'Already taken' })));
    case '23514':
    case '23502':
      return AppError.unprocessable(`Rejected by the database (${pg.constraint ?? pg.code})`);
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new AppError(400, 'bad_request', 'A value has the wrong format or is out of range');
    default:
      return undefined;
  }
}
