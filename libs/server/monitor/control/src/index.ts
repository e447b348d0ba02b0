export { listenForPipelineControls, type ControlListenerOptions } from './control.listener';
export type { ReindexProgress } from './control-commands';
