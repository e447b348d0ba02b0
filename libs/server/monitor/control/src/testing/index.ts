export * from './counting-stage';
