import { nodeProject } from '../vitest.shared.mts';

// The smoke spec runs the whole harness (its own embedded PostgreSQL) with tiny sizes.
export default nodeProject(import.meta.dirname, { testTimeout: 90_000 });
