export * from './view/view.repository';
