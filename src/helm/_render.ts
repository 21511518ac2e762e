import { ApiObject, Chart } from 'cdk8s';
import { imageRef } from './_knobs';
import { show } from '../_errors';
import { hasMarker, mapMarked, marker, replaceMarkers, setKey, splitMarkers } from '../_markers';
import { renderChart } from '../_rendered';
import { fits, typeOf } from './_json-types';
import { ReleaseForm, releaseNameProblem, resolveRelease, toReleaseForm } from './_release-names';
import { Form, isEmpty, parseValueRef, ValueRegistry, valueMarker } from './_values';
import { HelmValue } from './helm-value';
import { HelmValueType } from './helm-value-type';
import { copyJson } from '../_boundary';

/**
 * A chart's manifests with the user's HelmValues bound (as markers), and
 * the registry of those values. `rendered`, the chart rendered once by
 * `renderChart`, saves rendering it again; it is left as it is, and what
 * comes back may share the parts no value is bound to: read it, never
 * change it.
 */
export function boundManifests(chart: Chart, values: ValueRegistry, rendered?: any[]): any[] {
  const all = HelmValue.allOf(chart);
  // binding writes into the manifests: a copy, unless there is nothing to bind
  const manifests = !rendered ? renderChart(chart).manifests : all.length > 0 ? copyJson(rendered) : rendered;
  for (const value of all) {
    const schema = { type: value.type };
    values.define({ path: value.name, default: value.defaultValue, schema, description: value.description, owner: value.node.path });
    for (const binding of value.bindings) bind(value, binding.target, binding.pointer, manifests);
  }
  return manifests;
}

/**
 * The manifests of a chart as plain YAML would hold them: for a release
 * when `release` is given (every name `<release>-<name>`), else with the
 * app's own names; values at their defaults.
 */
export function plainManifests(chart: Chart, release?: string, rendered?: any[]): any[] {
  if (release !== undefined) return releaseManifests(chart, helmForm(chart, rendered), release);
  const values = new ValueRegistry();
  const manifests = boundManifests(chart, values, rendered);
  return resolveValues(manifests, values).map(m => mapMarked(m, v => replaceMarkers(v, t => (t.type === 'name' ? t.arg : ''))));
}

/**
 * A chart's manifests in release form with the user's HelmValues bound,
 * and the registry of those values: what the Helm chart's files and the
 * check of what it renders both start from. The Helm chart's files write
 * into both, so they take it last.
 */
export interface HelmForm {
  readonly values: ValueRegistry;
  readonly form: ReleaseForm;
}

/** The HelmForm of a chart; `rendered`, as for `boundManifests`, saves rendering it again. */
export function helmForm(chart: Chart, rendered?: any[]): HelmForm {
  const values = new ValueRegistry();
  const manifests = boundManifests(chart, values, rendered);
  // binding a value copies the rendering: the release form rewrites that copy
  return { values, form: toReleaseForm(chart.node.path, manifests, manifests !== rendered) };
}

/**
 * What a HelmForm renders for a release with the values at their defaults,
 * after checking that the release name fits every object. It leaves the
 * form as it is, and may share the parts no marker is in.
 */
export function releaseManifests(chart: Chart, helm: HelmForm, release: string): any[] {
  const problem = releaseNameProblem(helm.form, release);
  if (problem) throw new Error(`${chart.node.path}: 'releaseName' ${problem}, got ${show(release)}`);
  return resolveRelease({ ...helm.form, manifests: resolveValues(helm.form.manifests, helm.values) }, release, () => '');
}

/** Replaces value markers with the values' defaults: whole fields keep the value's type; optional empty fields go. */
export function resolveValues(manifests: any[], values: ValueRegistry): any[] {
  const text = (path: string) => {
    const v = values.defaultOf(path);
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const REMOVE = Symbol('remove');
  const walk = (v: any): any => {
    if (hasMarker(v)) {
      const parts = splitMarkers(v);
      if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0].type === 'value') {
        const ref = parseValueRef(parts[0].arg);
        const value = values.defaultOf(ref.path);
        if (ref.optional && isEmpty(value)) return REMOVE;
        if (ref.form === Form.IMAGE) return imageRef(value);
        return ref.form === Form.STRING && typeof value !== 'string' ? JSON.stringify(value) : value;
      }
      return replaceMarkers(v, t => {
        if (t.type !== 'value') return marker(t.type, t.arg);
        const ref = parseValueRef(t.arg);
        return ref.form === Form.IMAGE ? imageRef(values.defaultOf(ref.path)) : text(ref.path);
      });
    }
    // copied from the first part that changes: most of a manifest holds no value and is not copied
    if (Array.isArray(v)) {
      let out: any[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = walk(v[i]);
        if (x !== v[i] && out === undefined) out = v.slice(0, i);
        if (out !== undefined && x !== REMOVE) out.push(x);
      }
      return out ?? v;
    }
    if (v !== null && typeof v === 'object') {
      let out: any;
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length; i++) {
        const x = walk(v[keys[i]]);
        if (x !== v[keys[i]] && out === undefined) {
          out = {};
          for (let j = 0; j < i; j++) setKey(out, keys[j], v[keys[j]]);
        }
        if (out !== undefined && x !== REMOVE) setKey(out, keys[i], x);
      }
      return out ?? v;
    }
    return v;
  };
  // what holds no value comes back as it is, shared with the input
  return manifests.map(walk);
}

function formOf(type: HelmValueType): Form {
  if (type === HelmValueType.STRING) return Form.STRING;
  if (type === HelmValueType.OBJECT || type === HelmValueType.ARRAY) return Form.JSON;
  return Form.SCALAR;
}

function bind(value: HelmValue, target: ApiObject, pointer: string, manifests: any[]): void {
  const where = `${value.node.path}: value '${value.name}'`;
  const manifest = manifests.find(m => m.kind === target.kind && m.metadata?.name === target.name
    && m.metadata?.namespace === target.metadata.namespace);
  if (!manifest) throw new Error(`${where} is bound to ${target.kind} '${target.name}', which is not in chart '${Chart.of(value).node.path}'; bind values to objects of their own chart`);
  const keys = pointer.slice(1).split('/').map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let holder = manifest;
  for (const key of keys.slice(0, -1)) {
    if (Array.isArray(holder) && !(/^\d+$/.test(key) && Number(key) < holder.length)) {
      throw new Error(`${where} is bound to ${show(pointer)} of ${target.kind} '${target.name}', but the list there has no element ${show(key)} (it has ${holder.length})`);
    }
    const next = Array.isArray(holder) ? holder[Number(key)] : holder?.[key];
    if (next === undefined) {
      holder[key] = {};
    } else if (next === null || typeof next !== 'object') {
      throw new Error(`${where} is bound to ${show(pointer)} of ${target.kind} '${target.name}', but ${show(key)} there is ${show(next)}, not an object`);
    }
    holder = holder[key];
  }
  const last = keys[keys.length - 1];
  const current = holder[last];
  if (hasMarker(current)) throw new Error(`${where} is bound to ${show(pointer)} of ${target.kind} '${target.name}', which another value already sets`);
  const held = typeOf(current);
  // a whole number in a field is taken for an integer field: a 'number' value could put 1.5 there
  const mismatch = value.type === HelmValueType.NUMBER ? held !== HelmValueType.NUMBER : !fits(value.type, current);
  if (current !== undefined && mismatch) {
    const article = held === HelmValueType.INTEGER || held === HelmValueType.OBJECT || held === HelmValueType.ARRAY ? 'an' : 'a';
    throw new Error(`${where} of type '${value.type}' is bound to ${show(pointer)} of ${target.kind} '${target.name}', which holds ${article} ${held ?? 'null'} (${show(current)}); bind it to a field of its type`);
  }
  holder[last] = valueMarker(formOf(value.type), value.name);
}
