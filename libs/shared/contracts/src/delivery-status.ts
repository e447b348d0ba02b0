/**
 * The delivery state machine. A delivery is worked through numbered attempts; each state change
 * is recorded against the current (latest) attempt and copied to the attempt's and the
 * delivery's `status` in the same transaction, so `deliveries.status` always mirrors the current
 * attempt.
 *
 *   created ──▶ dispatched ──▶ in_transit ──▶ delivered
 *      │            │  │             │
 *      │            │  └──▶ failed ◀─┘      failed ──(new attempt)──▶ created
 *      └────────────┴──▶ cancelled
 */
export const DELIVERY_STATUSES = ['created', 'dispatched', 'in_transit', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** States a user can record (a new attempt starts in `created`). */
export const RECORDABLE_STATES = ['dispatched', 'in_transit', 'delivered', 'failed', 'cancelled'] as const;
export type RecordableState = (typeof RECORDABLE_STATES)[number];

export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly RecordableState[]>> = {
  created: ['dispatched', 'cancelled'],
  dispatched: ['in_transit', 'failed', 'cancelled'],
  in_transit: ['delivered', 'failed'],
  delivered: [],
  failed: [],
  cancelled: [],
};

export function nextStates(status: DeliveryStatus): readonly RecordableState[] {
  return DELIVERY_TRANSITIONS[status];
}

export function canTransition(from: DeliveryStatus, to: RecordableState): boolean {
  return DELIVERY_TRANSITIONS[from].includes(to);
}

/** A new attempt may start before the first one or after a failed one. */
export function canStartAttempt(status: DeliveryStatus, attemptCount: number): boolean {
  return attemptCount === 0 || status === 'failed';
}
