import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { errorMessage, printable } from '../_errors';
import { pathOf } from '../_paths';
import { renderedJson } from '../_render-pass';
import { ImmutableSecret } from '../config/immutable-secret';
import { ImportedCustomResourceDefinitions } from '../operators/imported-custom-resource-definitions';
import { PodSecurity, PodSecurityLevel } from '../security/pod-security';
import { ManifestValidator } from '../validation/manifest-validator';

/** A rendered object and the construct that made it. */
export interface Rendered {
  readonly object: ApiObject;
  readonly manifest: any;
}

/**
 * The problems of every construct's own synth-time checks, each a line in
 * the library's style (checks registered with `addCheck` throw theirs;
 * other cdk8s validations return messages, prefixed with the path here).
 */
export function constructProblems(root: IConstruct): string[] {
  const lines: string[] = [];
  for (const c of root.node.findAll()) {
    try {
      for (const message of c.node.validate()) lines.push(printable(`${c.node.path}: ${message}`));
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      lines.push(...e.message.split('\n').map(printable));
    }
  }
  return lines;
}

/**
 * Every problem of the rendered objects of an app, a line each in the
 * library's style (`path: 'field' problem`): the schema and Kubernetes'
 * rules on each object, objects defined twice, literal secret data, and
 * the Pod Security Standard each pod's namespace enforces.
 */
export function renderedProblems(rendered: readonly Rendered[]): string[] {
  const lines = objectProblems(rendered, '');
  const line = (r: Rendered, field: string, problem: string) => lines.push(errorMessage(pathOf(r.object), field, problem));
  for (const r of rendered) secretDataProblem(r, line);
  const seen = new Map<string, Rendered>();
  for (const r of rendered) {
    const key = ManifestValidator.identity(r.manifest);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, r);
      continue;
    }
    line(r, 'metadata.name', `must be unique in the app, got ${ManifestValidator.describe(r.manifest)} which ${pathOf(first.object)} defines too (one would overwrite the other in the cluster)`);
  }
  const levels = new Map<string, PodSecurityLevel>();
  for (const { manifest } of rendered) {
    const level = manifest?.kind === 'Namespace' ? PodSecurity.levelOfNamespace(manifest) : undefined;
    if (level) levels.set(manifest.metadata?.name, level);
  }
  for (const r of rendered) {
    const level = levels.get(r.manifest?.metadata?.namespace ?? 'default') ?? PodSecurityLevel.RESTRICTED;
    for (const v of PodSecurity.check(r.manifest, level)) {
      line(r, v.field.replace(/^\./, ''), `breaks the Pod Security Standard '${level}' its namespace enforces (${v.rule}): ${v.message}; harden the pod, or relax the namespace's 'pod-security.kubernetes.io/enforce' label only where a workload needs it`);
    }
  }
  return lines;
}

/**
 * The problems of each rendered object on its own: the schema and
 * Kubernetes' rules. `context` says which rendering is judged, e.g.
 * ` (in the Helm chart 'shop' with default values)`.
 */
export function objectProblems(rendered: readonly Rendered[], context = ''): string[] {
  const definitions = rendered.length === 0 ? [] : definitionsIn(rendered[0].object.node.root);
  return rendered.flatMap(r => ManifestValidator.validate(r.manifest, definitions)
    .map(p => errorMessage(pathOf(r.object), p.path || 'manifest', `${p.reason}${context}`)));
}

/**
 * The CustomResourceDefinitions custom resources of an app may be of: those
 * the app defines, in any of its charts, and those it imports.
 */
export function definitionsIn(root: IConstruct): any[] {
  return root.node.findAll().flatMap(c => {
    if (c instanceof ImportedCustomResourceDefinitions) return c._manifests;
    return ApiObject.isApiObject(c) && c.kind === 'CustomResourceDefinition' && c.apiVersion === 'apiextensions.k8s.io/v1' ? [renderedJson(c)] : [];
  });
}

/** A Secret with data in the manifests: only an ImmutableSecret (which decides where the values come from) may write one. */
function secretDataProblem(r: Rendered, line: (r: Rendered, field: string, problem: string) => void): void {
  const m = r.manifest;
  if (m?.kind !== 'Secret' || m.apiVersion !== 'v1' || r.object.node.scope instanceof ImmutableSecret) return;
  for (const field of ['data', 'stringData']) {
    const keys = Object.keys(m[field] ?? {});
    if (keys.length === 0) continue;
    line(r, field, `must not hold secret values in the manifests, got ${keys.length} key(s) (${keys.join(', ')}; values not shown), which would be committed and applied in the clear; create the Secret outside the app and refer to it with SecretRef, or build it with ImmutableSecret from SecretContent.fromEnv() or fromFile()`);
  }
}
