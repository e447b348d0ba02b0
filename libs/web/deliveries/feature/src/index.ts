export * from './deliveries.routes';
