// ESLint for every web project: the workspace rules (module boundaries, TypeScript) plus
// Angular's recommended and accessibility rules for components and templates.
import nx from '@nx/eslint-plugin';
import baseConfig from '../../eslint.config.mjs';

export function webConfig(prefix = 'dsm') {
  return [
    ...baseConfig,
    // The per-project config files import this helper by relative path; they are not app code.
    { ignores: ['**/eslint.config.mjs'] },
    ...nx.configs['flat/angular'],
    ...nx.configs['flat/angular-template'],
    {
      files: ['**/*.ts'],
      rules: {
        '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix, style: 'camelCase' }],
        '@angular-eslint/component-selector': ['error', { type: 'element', prefix, style: 'kebab-case' }],
        '@angular-eslint/prefer-on-push-component-change-detection': 'error',
      },
    },
    {
      files: ['**/*.html'],
      rules: {
        '@angular-eslint/template/prefer-control-flow': 'error',
        '@angular-eslint/template/label-has-associated-control': 'off',
      },
    },
  ];
}
