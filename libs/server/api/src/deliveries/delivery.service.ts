import {
  canStartAttempt, canTransition, nextStates, type Delivery, type DeliveryInput, type DeliveryPatch,
  type DeliveryStatusChanged, type Page, type StateChangeInput, type WriteResult,
} from '@dsm/contracts';
import { AppError } from '../http/app-error';
import type { Writer } from '../db/write-transaction';
import { assertNotEmpty, failNotFound } from '../crud/crud.service';
import type { DeliveryListQuery, DeliveryRepository, LockedDelivery } from './delivery.repository';

export interface DeliveryService {
  list(query: DeliveryListQuery): Promise<Page<Delivery>>;
  get(id: number): Promise<Delivery>;
  create(input: DeliveryInput): Promise<WriteResult<Delivery>>;
  update(id: number, patch: DeliveryPatch): Promise<WriteResult<Delivery>>;
  startAttempt(id: number): Promise<WriteResult<Delivery>>;
  recordState(id: number, attempt: number, change: StateChangeInput, recordedBy: string): Promise<WriteResult<Delivery>>;
}

export function createDeliveryService(repository: DeliveryRepository, writer: Writer): DeliveryService {
  const locked = async (id: number, tx: Parameters<DeliveryRepository['lock']>[1]): Promise<LockedDelivery> =>
    (await repository.lock(id, tx)) ?? failNotFound('Delivery', id);
  const reread = async (id: number, tx: Parameters<DeliveryRepository['find']>[1]) => (await repository.find(id, tx)) as Delivery;
  const event = (type: 'delivery.created' | 'delivery.updated' | 'delivery.attempt_started', delivery: Delivery) =>
    ({ aggregateType: 'delivery', aggregateId: delivery.id, type, payload: delivery }) as const;

  return {
    list: (query) => repository.list(query),
    get: async (id) => (await repository.find(id)) ?? failNotFound('Delivery', id),
    create: (input) =>
      writer.write(async ({ tx, emit }) => {
        // A new delivery is exactly what its inserts returned: no reread.
        const delivery = await repository.create(input, tx);
        emit(event('delivery.created', delivery));
        return delivery;
      }),
    update(id, patch) {
      assertNotEmpty(patch);
      return writer.write(async ({ tx, emit }) => {
        await locked(id, tx);
        await repository.update(id, patch, tx);
        const delivery = await reread(id, tx);
        emit(event('delivery.updated', delivery));
        return delivery;
      });
    },
    startAttempt: (id) =>
      writer.write(async ({ tx, emit }) => {
        const current = await locked(id, tx);
        const latest = await repository.latestAttempt(id, tx);
        if (!canStartAttempt(current.status, latest?.number ?? 0)) {
          throw AppError.conflict(`A new attempt starts only before the first one or after a failed one; delivery ${id} is ${current.status}`);
        }
        await repository.createAttempt(id, (latest?.number ?? 0) + 1, tx);
        await repository.setDeliveryStatus(id, 'created', tx);
        const delivery = await reread(id, tx);
        emit(event('delivery.attempt_started', delivery));
        return delivery;
      }),
    recordState: (id, number, { state, reason }, recordedBy) =>
      writer.write(async ({ tx, emit }) => {
        const current = await locked(id, tx);
        const attempt = await repository.latestAttempt(id, tx);
        if (!attempt) throw AppError.conflict(`Delivery ${id} has no attempt yet: start one first`);
        if (number > attempt.number) throw AppError.notFound(`Attempt ${number} of delivery`, id);
        if (number !== attempt.number) throw AppError.conflict(`Attempt ${number} is over; record states on attempt ${attempt.number}`);
        if (!canTransition(attempt.status, state)) {
          const allowed = nextStates(attempt.status);
          throw new AppError(409, 'illegal_transition', `Cannot go from ${attempt.status} to ${state}; ` +
            (allowed.length ? `allowed next: ${allowed.join(', ')}` : `${attempt.status} is final`), [{ path: 'state', message: `Not allowed after ${attempt.status}` }]);
        }
        // One insert and two updates: the attempt and the delivery mirror the recorded state.
        await repository.insertStateChange({ attemptId: attempt.id, state, reason: reason ?? null, recordedBy }, tx);
        await repository.setAttemptStatus(attempt.id, state, tx);
        await repository.setDeliveryStatus(id, state, tx);
        const change: DeliveryStatusChanged = {
          delivery_id: id, order_id: current.order_id, attempt: attempt.number, from: attempt.status, to: state,
          reason: reason ?? null, recorded_by: recordedBy,
        };
        emit({ aggregateType: 'delivery', aggregateId: id, type: 'delivery.status_changed', payload: change });
        return reread(id, tx);
      }),
  };
}
