export * from './fake-pipeline-socket';
