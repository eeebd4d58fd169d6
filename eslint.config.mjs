// ESLint as Payload's templates/website sets it up (Next's core-web-vitals and TypeScript rules,
// the same rule overrides). eslint-config-next 16 ships flat configs, so they are imported
// directly instead of through FlatCompat.
import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTypescript from 'eslint-config-next/typescript'

const eslintConfig = [
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/ban-ts-comment': 'warn',
      '@typescript-eslint/no-empty-object-type': 'warn',
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'warn',
        {
          vars: 'all',
          args: 'after-used',
          ignoreRestSiblings: false,
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^(_|ignore)',
        },
      ],
    },
  },
  {
    // The self-service pages are whole HTML documents rendered by our own server with
    // renderToStaticMarkup, not Next pages: next/head and next/image do not exist there.
    files: ['src/selfservice/pages/**'],
    rules: {
      '@next/next/no-head-element': 'off',
      '@next/next/no-css-tags': 'off',
      '@next/next/no-img-element': 'off',
    },
  },
  {
    // Generated files (Payload's types and import map, migrations) and build output.
    ignores: [
      '.next/',
      '.next-test/',
      '.next-test-dev/',
      'coverage/',
      'data/',
      'media/',
      'next-env.d.ts',
      'src/payload-types.ts',
      'src/app/(payload)/admin/importMap.js',
      'migrations/',
    ],
  },
]

export default eslintConfig
