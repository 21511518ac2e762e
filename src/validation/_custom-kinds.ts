import { show } from '../_errors';
import { walkCustom, V3Schema } from './_custom-schema';
import { checkRootMetadata } from './_kube-rules';
import { Report } from './_problems';
import { walk } from './_schema';
import { WELL_KNOWN_DEFINITIONS } from './_well-known-definitions';

/** One kind a CustomResourceDefinition defines: its schema by version, and where its objects live. */
export interface CustomKind {
  /** The definition's name, `<plural>.<group>`, for messages. */
  readonly definition: string;
  readonly namespaced: boolean;
  /** The schema of each served version. */
  readonly versions: ReadonlyMap<string, V3Schema>;
}

/** Custom kinds by `<group> <kind>`. */
export type CustomKinds = ReadonlyMap<string, CustomKind>;

/** Whether a manifest is an apiextensions.k8s.io/v1 CustomResourceDefinition. */
export function isCustomResourceDefinition(m: any): boolean {
  return m?.apiVersion === 'apiextensions.k8s.io/v1' && m?.kind === 'CustomResourceDefinition';
}

const cache = new WeakMap<readonly any[], CustomKinds>();

/**
 * The kinds the given CustomResourceDefinition manifests define, and those
 * the library knows (a definition given here replaces a well-known one of
 * the same group and kind). Definitions the schema does not allow are
 * skipped: the validator reports them on their own.
 */
export function customKinds(definitions: readonly any[]): CustomKinds {
  const cached = cache.get(definitions);
  if (cached) return cached;
  const kinds = new Map<string, CustomKind>();
  for (const crd of [...WELL_KNOWN_DEFINITIONS, ...definitions]) {
    const spec = crd?.spec;
    if (!isCustomResourceDefinition(crd) || typeof spec?.group !== 'string' || typeof spec?.names?.kind !== 'string' || !Array.isArray(spec.versions)) continue;
    const versions = new Map<string, V3Schema>();
    for (const v of spec.versions) {
      if (v?.served === true && typeof v.name === 'string') versions.set(v.name, v.schema?.openAPIV3Schema ?? { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true });
    }
    kinds.set(`${spec.group} ${spec.names.kind}`, { definition: crd.metadata?.name ?? `${spec.names.plural}.${spec.group}`, namespaced: spec.scope !== 'Cluster', versions });
  }
  cache.set(definitions, kinds);
  return kinds;
}

/**
 * The problems of a custom resource: a version its definition serves, the
 * metadata every object has (and a namespace only for a namespaced kind),
 * and the rest judged by the version's schema.
 */
export function customProblems(kind: CustomKind, apiVersion: string, manifest: any, report: Report): { path: string; reason: string }[] {
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : '';
  const schema = kind.versions.get(version);
  if (!schema) {
    const served = [...kind.versions.keys()];
    return [{ path: 'apiVersion', reason: `must be a version the CustomResourceDefinition '${kind.definition}' serves (${served.map(v => `'${v}'`).join(', ') || 'none'}), got ${show(apiVersion)}` }];
  }
  const { apiVersion: _a, kind: _k, metadata, ...rest } = manifest;
  walk({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, metadata, 'metadata', report);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  checkRootMetadata(group, manifest.kind, metadata, report);
  const name = schema.properties?.metadata?.properties?.name;
  if (name && typeof metadata?.name === 'string') walkCustom(name, metadata.name, 'metadata.name', report);
  if (!kind.namespaced && typeof metadata?.namespace === 'string' && metadata.namespace !== '') {
    report.problems.push({ path: 'metadata.namespace', reason: `must be left out: '${kind.definition}' defines a cluster-scoped kind, got ${show(metadata.namespace)}` });
  }
  const { metadata: _m, ...properties } = schema.properties ?? {};
  walkCustom({ ...schema, properties }, rest, '', report);
  return report.problems.map(p => ({ path: p.path, reason: p.reason }));
}
