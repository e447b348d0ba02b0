export { listenForPipelineControls, type ControlListenerOptions } from './control.listener';
export type { ReindexNote, ReindexProgress } from './control-commands';
