import { Construct, IConstruct } from 'constructs';
import { guardMarkers } from './_marker-guard';
import { checksDeferred } from './_render-pass';

/**
 * Builds the library's one error style: the construct path, the field in
 * quotes, what is wrong with the value received and what is allowed, e.g.
 * `ticketing/api: 'nodePort' must be within 30000-32767, got 80`.
 *
 * Synth-time checks ({@link addCheck}) return the message without the path,
 * which `addCheck` puts in front of it.
 */
export function errorMessage(scope: IConstruct | string | undefined, field: string, problem: string): string {
  const path = typeof scope === 'string' ? scope : scope?.node.path;
  const where = path ? `${path}: ` : '';
  // one line whatever a value quoted in it holds: a message's lines are its problems
  return printable(`${where}'${field}' ${problem}`);
}

/** Throws an `Error` in the library's style (see {@link errorMessage}). */
export function fail(scope: IConstruct | undefined, field: string, problem: string): never {
  throw new Error(errorMessage(scope, field, problem));
}

/**
 * Renders a received value for an error message, constructs included
 * (which `JSON.stringify` cannot render: they are circular).
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${printable(value)}'`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'symbol') return String(value);
  if (Construct.isConstruct(value)) return `${value.constructor.name} '${value.node.path}'`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    return printable(JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value));
  } catch {
    return String(value);
  }
}

/**
 * Renders a value as JSON on one line, with line breaks, separators and
 * unpaired surrogates escaped, e.g. `"^[a-z]+$"`: for values a message quotes
 * as the schema writes them.
 */
export function showJson(value: unknown): string {
  return printable(JSON.stringify(value) ?? String(value));
}

/** A string with line breaks, other controls, separators and unpaired surrogates escaped, so that a message stays one line. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    c => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * Registers a synth-time check of `scope`: `check` returns its problems as
 * `'field' problem` (no path). Under any cdk8s App the first construct with
 * problems throws them in the library's style, one line each
 * (`path: 'field' problem`), instead of cdk8s' `[path] problem`;
 * `PatternsApp` runs the checks once it has rendered the app, on that
 * rendering ({@link renderedJson}), and collects the problems of every
 * construct before it throws.
 * In an app that does not resolve release markers (a plain cdk8s App), it
 * also makes sure none is written.
 */
export function addCheck(scope: IConstruct, check: () => string[]): void {
  guardMarkers(scope);
  scope.node.addValidation({
    validate: () => {
      if (checksDeferred(scope)) return [];
      const problems = check();
      if (problems.length > 0) throw new Error(problems.map(p => printable(`${scope.node.path}: ${p}`)).join('\n'));
      return [];
    },
  });
}
