import type { Routes } from '@angular/router';
import { PipelinePage } from './page/pipeline-page';

/** Every signed-in role may watch; the page hides the controls from those who may not operate. */
export const PIPELINE_ROUTES: Routes = [{ path: '', title: 'Pipeline', component: PipelinePage }];
