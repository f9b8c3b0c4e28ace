/**
 * The dependency rules of docs/architecture.md, checked by `npm run check:deps`.
 * Files are parsed with swc because TypeScript 7 has no JavaScript compiler API for dependency-cruiser.
 */
const TEST_FILE = '\\.(test|int\\.test|fixtures)\\.ts$';

/**
 * The modules, lowest first (docs/architecture.md): a module imports only modules before it. A lower
 * module that needs a higher one's data or behaviour offers a port that the higher one fills.
 */
const MODULE_ORDER = [
  ['accounts', 'organisations', 'administration'],
  ['directory'],
  ['champions'],
  ['activities'],
  ['home'],
];

/** One rule per level: its modules import none of the levels above (their tests may, to build a world). */
const moduleOrderRules = MODULE_ORDER.slice(0, -1).map((level, index) => {
  const above = MODULE_ORDER.slice(index + 1).flat();
  return {
    name: `${level.join('-')}-imports-no-higher-module`,
    severity: 'error',
    comment: `${level.join(', ')} sit below ${above.join(', ')} and import none of them.`,
    from: { path: `^src/modules/(${level.join('|')})/`, pathNot: TEST_FILE },
    to: { path: `^src/modules/(${above.join('|')})/` },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...moduleOrderRules,
    {
      name: 'entry-points-use-modules-through-index',
      severity: 'error',
      comment: 'The app, server and command line use a module only through its index.ts.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: '^src/modules/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles (swc reports imports of types as plain imports, so they count too).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-and-lib-know-no-module',
      severity: 'error',
      comment: 'src/platform/ and src/lib/ import no module.',
      from: { path: '^src/(platform|lib)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'lib-knows-no-platform',
      severity: 'error',
      comment: 'src/lib/ has no I/O and imports nothing from src/platform/.',
      from: { path: '^src/lib/' },
      to: { path: '^src/platform/' },
    },
    {
      name: 'other-modules-only-through-index',
      severity: 'error',
      comment: "A module uses another module only through that module's index.ts.",
      from: { path: '^src/modules/([^/]+)/', pathNot: TEST_FILE },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'tests-use-other-modules-through-index-or-fixtures',
      severity: 'error',
      comment: "A module's tests and fixtures may also use another module's *.fixtures.ts.",
      from: { path: `^src/modules/([^/]+)/.+${TEST_FILE}` },
      to: {
        path: '^src/modules/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$', '\\.fixtures\\.ts$'],
      },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
