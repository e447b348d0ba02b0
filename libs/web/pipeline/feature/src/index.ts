export * from './pipeline.routes';
