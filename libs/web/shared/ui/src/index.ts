export * from './status-chip/status-chip';
export * from './empty-state/empty-state';
export * from './follow-change-panel/follow-change-panel';
export * from './facet-group/facet-group';
export * from './pending-select/pending-select';
export * from './notification-log/notification-log';
