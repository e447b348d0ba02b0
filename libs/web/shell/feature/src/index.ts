export * from './shell/shell';
