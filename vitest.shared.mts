import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type UserConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);
const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};

/** The workspace's TypeScript path aliases, longest first so `@dsm/data/testing` wins over `@dsm/data`. */
export const workspaceAliases = Object.entries(compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find, replacement: path.join(root, target) }));

export interface NodeProjectOptions {
  /** Starts one real PostgreSQL for the run (or uses DATABASE_URL). */
  database?: boolean;
  testTimeout?: number;
}

/** Vitest settings for a Node project; results also go to tmp/test-results for the total line. */
export function nodeProject(projectDir: string, options: NodeProjectOptions = {}): UserConfig {
  const name = path.relative(root, projectDir).replaceAll(path.sep, '-');
  return defineConfig({
    root: projectDir,
    resolve: { alias: workspaceAliases },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.spec.ts'],
      globalSetup: options.database ? [path.join(root, 'libs/data/src/testing/vitest-global-setup.ts')] : [],
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
      maxWorkers: 2,
      reporters: ['default', 'json'],
      outputFile: { json: path.join(root, 'tmp/test-results', `${name}.json`) },
    },
  });
}
