// Lint runs inside `npm test`: typescript-eslint's recommended rules over our TypeScript and scripts,
// and the rooms of the code (docs/architecture.md): what each folder may import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' };

/** A relative import that climbs into one of these sibling folders (`../xlsx/cells.js`, `../../pool/pool.js`). */
const into = (...rooms) => `^(\\.\\./)+(${rooms.join('|')})(/|\\.js$)`;

/** Above the engine: nothing under functions/workbook/ reaches the hosts. */
const HOSTS = { regex: into('http', 'hosts', 'cli', 'policy-dir', 'config', 'version'), message: 'the workbook engine never imports the HTTP app, its middleware, the hosts or the command line' };

/**
 * The engine's rooms and what each may not import (imports are type-only or not, alike): a room
 * below may not reach a room above it. model/ is the floor; recalc.ts sits on top and may use all.
 */
const ROOMS = {
  model: ['xlsx', 'formula', 'budget', 'excel', 'policy', 'calibration', 'fast', 'hyperformula', 'pool', 'recalc'],
  xlsx: ['formula', 'budget', 'excel', 'policy', 'calibration', 'fast', 'hyperformula', 'pool', 'recalc'],
  formula: ['xlsx', 'budget', 'excel', 'policy', 'calibration', 'fast', 'hyperformula', 'pool', 'recalc'],
  policy: ['xlsx', 'formula', 'budget', 'excel', 'calibration', 'fast', 'hyperformula', 'pool', 'recalc'],
  budget: ['excel', 'policy', 'calibration', 'fast', 'hyperformula', 'pool', 'recalc'],
  excel: ['xlsx', 'budget', 'policy', 'calibration', 'fast', 'hyperformula', 'pool', 'recalc'],
  calibration: ['budget', 'excel', 'policy', 'fast', 'hyperformula', 'pool', 'recalc'],
  fast: ['budget', 'hyperformula', 'pool', 'recalc'],
  hyperformula: ['fast', 'pool', 'recalc'],
  pool: ['xlsx', 'formula', 'excel', 'policy', 'calibration', 'fast', 'hyperformula'],
};

const roomRules = Object.entries(ROOMS).map(([room, banned]) => ({
  files: [`functions/workbook/${room}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          HOSTS,
          { regex: into(...banned), message: `functions/workbook/${room}/ may not import ${banned.join(', ')} (docs/architecture.md)` },
          // The fast path uses what the Excel families share, never a plugin (and so never HyperFormula).
          ...(room === 'fast' ? [{ regex: '^(\\.\\./)+excel/(?!common/)', message: 'the fast path imports excel/common/ only, never a HyperFormula plugin' }, { regex: '^hyperformula$', message: 'the fast path never loads HyperFormula' }] : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'recalculated/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['functions/workbook/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [HOSTS] }] },
  },
  ...roomRules,
  {
    // The rules package depends on nothing of ours.
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: into('functions', 'addin', 'test', 'bench', 'scripts'), message: 'shared/ imports nothing of ours' }] }] },
  },
  {
    // The add-in runs in Excel: the rules, and of the engine only the formula parser and the zip writer (its icons).
    files: ['addin/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+functions/(?!workbook/formula/|workbook/xlsx/zip\\.js$)', message: 'the add-in imports the formula parser and the zip writer of the engine, nothing else of functions/' }] }],
    },
  },
  {
    // Tests build deliberately malformed documents.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
