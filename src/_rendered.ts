import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { errorMessage } from './_errors';
import { pathOf } from './_paths';
import { patchesOf, PatchOperation, renderChartObjects } from './_plus';
import { renderPass } from './_render-pass';
import { applyOverrides } from './overrides/_apply';
import { schemaAtPointer } from './validation/_catalog';
import { nearest } from './validation/_problems';

/** A chart rendered: its ApiObjects and their manifests, in the same order. */
export interface RenderedChart {
  readonly objects: ApiObject[];
  readonly manifests: any[];
}

/**
 * Renders a chart once: cdk8s' own rendering (construct validation,
 * dependencies), then each object's {@link Overrides}; fails when a JSON patch
 * added with `addJsonPatch` did not reach the output (cdk8s-plus applies
 * patches before its typed rendering, which drops fields it does not know).
 */
export function renderChart(chart: Chart): RenderedChart {
  return withOverrides(renderObjects(chart));
}

/**
 * Renders the charts of an app in one pass (see {@link renderPass}): each
 * object is rendered once, by cdk8s; `check` then runs the constructs'
 * synth-time checks on those renderings and returns their problems; the
 * {@link Overrides} apply last, as {@link renderChart} applies them. The
 * charts come back only when there are no problems. `edgeless` says the app
 * has no dependencies (see {@link renderChartObjects}): `check` is then the
 * only validation of the app.
 */
export function renderCharts(
  root: IConstruct, charts: Chart[], edgeless: boolean, check: () => string[],
): { charts: RenderedChart[]; problems: string[] } {
  const pairs = (rendered: RenderedChart[]) => rendered.flatMap(r => r.objects.map((o, i): [ApiObject, any] => [o, r.manifests[i]]));
  return renderPass(root, () => charts.map(chart => renderObjects(chart, edgeless)), pairs, rendered => {
    const problems = check();
    return { charts: problems.length > 0 ? [] : rendered.map(withOverrides), problems };
  });
}

/** cdk8s' rendering of a chart, with the problems of patches that did not reach it. */
function renderObjects(chart: Chart, edgeless = false): RenderedChart {
  const { objects, manifests } = renderChartObjects(chart, edgeless);
  if (objects.length !== manifests.length) throw new Error(`${chart.node.path}: rendered ${manifests.length} objects but holds ${objects.length}`);
  const problems: string[] = [];
  objects.forEach((object, i) => {
    for (const patch of patchesOf(object)) {
      const problem = lostPatch(patch, manifests[i]);
      if (problem) problems.push(errorMessage(pathOf(object), `addJsonPatch(${patch.op} ${patch.path})`, problem));
    }
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { objects, manifests };
}

function withOverrides(rendered: RenderedChart): RenderedChart {
  rendered.objects.forEach((object, i) => applyOverrides(object, rendered.manifests[i]));
  return rendered;
}

function keysOf(pointer: string): string[] {
  return pointer.split('/').slice(1).map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(json: any, keys: string[]): { found: boolean; value?: any } {
  let at = json;
  for (const key of keys) {
    if (at === null || typeof at !== 'object' || !(key in at)) return { found: false };
    at = at[key];
  }
  return { found: true, value: at };
}

/**
 * The first pointer below `pointer` that `expected` sets and `actual` lacks.
 * Instances of classes (cdk8s' `IntOrString`, `Quantity`) are leaves: the
 * typed rendering turns them into their value.
 */
function firstMissing(expected: any, actual: any, pointer: string): string | undefined {
  if (expected === null || typeof expected !== 'object') return undefined;
  if (!Array.isArray(expected) && Object.getPrototypeOf(expected) !== Object.prototype) return undefined;
  for (const [key, value] of Object.entries(expected)) {
    const below = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (value === undefined) continue;
    if (actual === null || typeof actual !== 'object' || !(key in actual)) return below;
    const deeper = firstMissing(value, actual[key], below);
    if (deeper) return deeper;
  }
  return undefined;
}

/** Why a patch's effect is missing from the rendered object, or undefined when it is there. */
function lostPatch(patch: PatchOperation, json: any): string | undefined {
  if (patch.op === 'test') return undefined;
  const keys = keysOf(patch.path);
  const appended = keys[keys.length - 1] === '-';
  const found = get(json, appended ? keys.slice(0, -1) : keys);
  if (patch.op === 'remove') {
    return found.found ? 'must remove a field, but the rendered object still has it; use Overrides.of(construct).remove() instead' : undefined;
  }
  const missing = !found.found ? patch.path : appended || patch.op !== 'add' && patch.op !== 'replace' ? undefined : firstMissing(patch.value, found.value, patch.path);
  if (missing === undefined) return undefined;
  const where = schemaAtPointer(json.apiVersion, json.kind, missing);
  const why = where.badKey !== undefined
    ? `'${where.badKey}' is not a field at '${where.at || '/'}'${nearestHint(where.badKey, where.allowed)}`
    : 'cdk8s-plus renders this object from its own typed props after patches apply, which drops what its types do not know';
  return `must reach the output, but the rendered object has no '${missing}': ${why}; use Overrides.of(construct).set() to change the rendered object`;
}

function nearestHint(key: string, allowed: string[] | undefined): string {
  const guess = nearest(key, allowed ?? []);
  return guess ? ` (did you mean '${guess}'?)` : '';
}
