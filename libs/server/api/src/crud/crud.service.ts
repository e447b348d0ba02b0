import type { ListQuery, OutboxAggregate, OutboxEventType, Page, WriteResult } from '@dsm/contracts';
import { AppError } from '../http/app-error';
import type { Writer } from '../db/write-transaction';
import type { CrudRepository, Entity } from './crud.repository';

export interface CrudService<T extends Entity> {
  list(query: ListQuery & Record<string, unknown>): Promise<Page<T>>;
  get(id: number): Promise<T>;
  create(input: object): Promise<WriteResult<T>>;
  update(id: number, patch: object): Promise<WriteResult<T>>;
  remove(id: number): Promise<WriteResult<T>>;
}

export interface CrudServiceDeps<T extends Entity> {
  repository: CrudRepository<T>;
  writer: Writer;
  aggregate: OutboxAggregate;
  /** Human name for messages, e.g. "Customer". */
  label: string;
}

/** Create, update and delete each write the row and its `<aggregate>.<verb>` outbox event together. */
export function createCrudService<T extends Entity>({ repository, writer, aggregate, label }: CrudServiceDeps<T>): CrudService<T> {
  const emitted = (verb: 'created' | 'updated' | 'deleted', row: T) =>
    ({ aggregateType: aggregate, aggregateId: row.id, type: `${aggregate}.${verb}` as OutboxEventType, payload: row });
  return {
    list: (query) => repository.list(query),
    async get(id) {
      return (await repository.find(id)) ?? failNotFound(label, id);
    },
    create: (input) =>
      writer.write(async ({ tx, emit }) => {
        const row = await repository.create(input, tx);
        emit(emitted('created', row));
        return row;
      }),
    update(id, patch) {
      assertNotEmpty(patch);
      return writer.write(async ({ tx, emit }) => {
        const row = (await repository.update(id, patch, tx)) ?? failNotFound(label, id);
        emit(emitted('updated', row));
        return row;
      });
    },
    remove: (id) =>
      writer.write(async ({ tx, emit }) => {
        const row = (await repository.remove(id, tx)) ?? failNotFound(label, id);
        emit(emitted('deleted', row));
        return row;
      }),
  };
}

export function failNotFound(label: string, id: number): never {
  throw AppError.notFound(label, id);
}

export function assertNotEmpty(patch: object): void {
  if (Object.keys(patch).length === 0) throw new AppError(400, 'validation', 'Nothing to change: give at least one field');
}
