import { nodeProject } from '../../vitest.shared.mts';

export default nodeProject(import.meta.dirname);
