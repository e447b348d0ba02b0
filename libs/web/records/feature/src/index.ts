export * from './records.routes';
export * from './orders/order-fields';
export * from './orders/order-form-model';
