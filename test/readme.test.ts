/**
 * Every TypeScript snippet of README.md compiles, synthesizes, and produces the YAML shown after it.
 *
 * Conventions of the README's snippets:
 * - Each ```ts block is a module of its own: it imports what it uses from 'cdk8s-patterns' (the
 *   repo's `src/index.ts`), 'cdk8s' and 'cdk8s-plus-27', and declares every name it uses but two: a
 *   snippet that uses `chart` without declaring it runs after the prelude
 *   `const app = new PatternsApp({ outdir: '/nonexistent' }); const chart = new Chart(app, 'app');`
 *   (so its objects' `cdk8s.io/metadata.addr` labels start with `app-`).
 * - The ```yaml block that follows a snippet, after at most two lines of prose, is what it produces:
 *   each shown document must match a produced object of the same kind (and name, when shown); a
 *   document without `kind` (a part of an object, such as a pod spec) must match some part of a
 *   produced object. Shown fields are a subset of the produced ones (`# ...` marks what is left
 *   out); a shown list matches, in order, some of the produced elements.
 * - `<!-- throws -->` before a snippet: it is an example of an error; running and synthesizing it
 *   must throw the message of the plain ``` block that follows (`...` in it stands for anything).
 * - `<!-- fragment -->` before a snippet: an excerpt that is neither compiled nor run.
 * - Every app a snippet creates (`PatternsApp` or cdk8s' `App`) is rendered in memory with
 *   `PatternsApp.renderFiles()`, which validates every object; `synth()` writes nothing here.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as yaml from 'js-yaml';
import * as patterns from '../src';
import { documentDiff, messageMatches, parseSnippets, parseYaml, Snippet, transpile, typeCheck } from './harness/readme';
import { kplus } from '../src/_plus';

const ROOT = path.resolve(__dirname, '..');
const README = 'README.md';
const snippets = parseSnippets(fs.readFileSync(path.join(ROOT, README), 'utf-8'));
const checked = snippets.filter(s => !s.fragment);

/** The apps a snippet created, in order. */
let apps: cdk8s.App[] = [];

/** cdk8s' App as snippets get it: recorded, and its synth writes nothing. */
class ReadmeApp extends cdk8s.App {
  constructor(props?: cdk8s.AppProps) {
    super(props);
    apps.push(this);
  }
  public synth(): void {}
}

/** PatternsApp as snippets get it: recorded, writing nowhere. */
class ReadmePatternsApp extends patterns.PatternsApp {
  constructor(props: patterns.PatternsAppProps = {}) {
    super({ ...props, outdir: '/nonexistent' });
    apps.push(this);
  }
  public synth(): void {}
}

const modules: { [name: string]: unknown } = {
  'cdk8s': { ...cdk8s, App: ReadmeApp },
  'cdk8s-patterns': { ...patterns, PatternsApp: ReadmePatternsApp },
  'cdk8s-plus-27': kplus,
};

/** Runs a snippet and renders every app it created: the manifests of all charts. */
function run(snippet: Snippet): any[] {
  apps = [];
  const module = { exports: {} };
  const load = (name: string) => {
    if (!(name in modules)) throw new Error(`${where(snippet)}: imports '${name}'; snippets import only ${Object.keys(modules).join(', ')}`);
    return modules[name];
  };
  new Function('require', 'module', 'exports', transpile(snippet))(load, module, module.exports);
  return apps.flatMap(app => {
    const files = patterns.PatternsApp.prototype.renderFiles.call(app);
    return Object.keys(files).filter(f => f.endsWith('.k8s.yaml')).flatMap(f => yaml.loadAll(files[f]));
  });
}

const where = (s: Snippet) => `${README}:${s.line}`;

describe('README', () => {
  test('has TypeScript snippets to check', () => {
    expect(checked.length).toBeGreaterThan(0);
  });

  test('every snippet type-checks', () => {
    expect(typeCheck(ROOT, README, checked)).toEqual([]);
  });

  test.each(checked.map(s => [where(s), s] as const))('%s synthesizes as shown', (_, snippet) => {
    if (snippet.throws) {
      if (!snippet.text) throw new Error(`${where(snippet)}: marked 'throws' but no plain block with the message follows it`);
      let message: string | undefined;
      try {
        run(snippet);
      } catch (e) {
        message = (e as Error).message;
      }
      if (message === undefined) throw new Error(`${where(snippet)}: expected to throw, but synthesized`);
      if (!messageMatches(snippet.text.text, message)) {
        throw new Error(`${README}:${snippet.text.line}: shown message differs from the one thrown:\n${message}`);
      }
      return;
    }
    const manifests = run(snippet);
    if (!snippet.yaml) return;
    const shown = parseYaml(snippet.yaml.text);
    const problems = shown.flatMap((doc, i) => {
      const diff = documentDiff(doc, manifests);
      return diff === undefined ? [] : [`${README}:${snippet.yaml!.line} document ${i + 1}${doc?.kind ? ` (${doc.kind}${doc.metadata?.name ? ` ${doc.metadata.name}` : ''})` : ''}: ${diff}`];
    });
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
});
