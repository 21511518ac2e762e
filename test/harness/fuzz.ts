import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { checkAll } from './index';
import { PatternsApp } from '../../src';

/**
 * One line of a library error: `path: 'field' problem`, e.g.
 * `test/api: 'replicas' must be an integer at least 0, got 1.5`.
 */
export const LIBRARY_ERROR_LINE = /^[^\s'][^\s]*: '[^'\n]+' \S.*$/;

/** The characters JavaScript, terminals and YAML readers take for a line break: never inside one line of an error. */
export const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;

/** How many cases each property runs: `FC_RUNS` overrides (e.g. `FC_RUNS=2000 npx jest test/fuzz`). */
export const RUNS = Number(process.env.FC_RUNS ?? 60);

/**
 * The seed in CI (`CI` set), so that a CI run of a commit checks the same
 * cases every time and fails only for what the commit changed; elsewhere
 * each run draws a new seed and explores new cases.
 */
const CI_SEED = 20_261_203;

/**
 * fast-check's parameters for every property of the suite: a failure prints
 * its seed and the shrunk counterexample; `FC_SEED` replays one.
 */
export function params<T>(): fc.Parameters<T> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? CI_SEED : undefined;
  return { numRuns: RUNS, ...(seed === undefined ? {} : { seed }) };
}

/**
 * What a build gave: the manifests of every chart (which must pass every
 * check), or the library's refusal (every line in the library's style).
 */
export type Outcome = { readonly ok: true; readonly manifests: any[] } | { readonly ok: false; readonly message: string };

/**
 * Builds an app and renders it in memory. Throws (failing the property) when
 * the build crashes with anything but the library's own error, or when it
 * renders something that fails validation.
 */
export function outcomeOf(build: (app: PatternsApp) => void): Outcome {
  let files: { [file: string]: string };
  try {
    const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
    build(app);
    files = app.renderFiles();
  } catch (e) {
    return { ok: false, message: libraryMessage(e) };
  }
  const manifests = Object.entries(files)
    .filter(([file]) => file.endsWith('.k8s.yaml'))
    .flatMap(([, content]) => YAML.parseAllDocuments(content).map(d => d.toJS()))
    .filter(m => m !== null);
  checkAll(manifests);
  return { ok: true, manifests };
}

/** The message of a library error; throws a descriptive error for anything else. */
export function libraryMessage(e: unknown): string {
  if (!(e instanceof Error) || e.constructor !== Error) {
    throw new Error(`expected the library's Error, got ${e instanceof Error ? `${e.constructor.name}: ${e.message}\n${e.stack}` : String(e)}`);
  }
  const bad = e.message.split('\n').filter(line => !LIBRARY_ERROR_LINE.test(line));
  if (bad.length > 0) throw new Error(`error lines not in the library's style (path: 'field' problem):\n${bad.join('\n')}\nfull message:\n${e.message}`);
  return e.message;
}

/** Values a JavaScript caller may pass where a prop of another type belongs. */
export const wrongValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  undefined, null, NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 31, 2 ** 53, -(2 ** 31) - 1,
  '', ' ', '3', 'Bad_Name', 'a b', 'db.main', '-x', 'x-', 'UPPER', 'x'.repeat(64), 'y'.repeat(254),
  '\u2028', 'a\u0000b', '\u007f', '\ud800', '\ufeff', '\ue000name:x\ue001', 'tab\there', 'line\nbreak',
  true, false, {}, [], [1], { a: 1 }, () => 1,
);

/** A DNS-1123 label, as valid names are generated. */
export const dnsLabel: fc.Arbitrary<string> = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
