import { show } from '../_errors';
import { catalog } from './_catalog';
import { customKinds, CustomKinds, customProblems, isCustomResourceDefinition } from './_custom-kinds';
import { checkRootMetadata } from './_kube-rules';
import { Report } from './_problems';
import { walk } from './_schema';

/**
 * One way a manifest would be refused by a Kubernetes 1.26 API server (or
 * could not be read back from YAML by kubectl, Argo CD or Flux).
 */
export interface ManifestProblem {
  /** The object, as `<apiVersion> <kind> <namespace>/<name>` (no namespace for cluster-scoped or unset ones). */
  readonly object: string;
  /** The JSON path of the field, e.g. `spec.template.spec.containers[0].image`; '' for the object itself. */
  readonly path: string;
  /** What is wrong with the value and what is allowed, e.g. `must be at least 0, got -1`. Secret values are never shown. */
  readonly reason: string;
}

/** Kinds whose objects have no namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass',
  'CustomResourceDefinition', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration',
]);

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The one validator of the library: every manifest synth writes, the Helm
 * chart renders and the tests synthesize is judged by it. It checks an object
 * strictly against the Kubernetes 1.26.10 OpenAPI document (unknown fields,
 * with the nearest valid name; types; required fields; enums; int32 ranges;
 * quantities) and by the rules the API server applies beyond the schema:
 * name rules per kind (DNS-1123 subdomain or label, DNS-1035 for Services,
 * 52 characters for CronJobs and StatefulSets), label keys and values,
 * annotation keys and their 256 KiB total, namespace names, env var names,
 * ConfigMap and Secret keys and their 1 MiB total, non-negative counts,
 * seconds and quantities, requests within limits, port ranges, numbers that
 * are not finite, and strings that a YAML reader would not read back
 * unchanged. Across objects it finds duplicates (same group, kind, namespace
 * and name).
 */
export class ManifestValidator {
  /** `<apiVersion> <kind> <namespace>/<name>` of a manifest, as problems name it. */
  public static describe(manifest: any): string {
    const name = text(manifest?.metadata?.name) ?? text(manifest?.metadata?.generateName) ?? '<no name>';
    const namespace = text(manifest?.metadata?.namespace);
    return `${text(manifest?.apiVersion) ?? '<no apiVersion>'} ${text(manifest?.kind) ?? '<no kind>'} ${namespace ? `${namespace}/` : ''}${name}`;
  }

  /**
   * Every problem of one manifest; empty when the API server would accept
   * it. A custom resource is judged by the schema of its version in one of
   * `customResourceDefinitions` (CustomResourceDefinition manifests, e.g.
   * those of the app and of a vendor's chart) or of the definitions the
   * library knows (the VerticalPodAutoscaler's).
   *
   * @param customResourceDefinitions the definitions custom resources may be of
   */
  public static validate(manifest: any, customResourceDefinitions: any[] = []): ManifestProblem[] {
    const object = ManifestValidator.describe(manifest);
    return ManifestValidator.problemsOf(manifest, customKinds(customResourceDefinitions)).map(p => ({ object, ...p }));
  }

  /**
   * Every problem of every manifest, and the objects defined twice. Custom
   * resources are judged by the CustomResourceDefinitions among the
   * manifests and in `customResourceDefinitions`.
   *
   * @param customResourceDefinitions further definitions custom resources may be of
   */
  public static validateAll(manifests: any[], customResourceDefinitions: any[] = []): ManifestProblem[] {
    const definitions = [...manifests.filter(isCustomResourceDefinition), ...customResourceDefinitions];
    const problems = manifests.flatMap(m => ManifestValidator.validate(m, definitions));
    const seen = new Map<string, number>();
    manifests.forEach((m, i) => {
      const key = ManifestValidator.identity(m);
      if (key === undefined) return;
      const first = seen.get(key);
      if (first === undefined) return void seen.set(key, i);
      problems.push({
        object: ManifestValidator.describe(m),
        path: 'metadata.name',
        reason: `must be unique: the ${ordinal(first + 1)} object of the set has the same group, kind, namespace and name, and one would overwrite the other in the cluster`,
      });
    });
    return problems;
  }

  /**
   * What makes an object unique in a cluster: group, kind, namespace (none
   * for cluster-scoped kinds) and name; undefined when it has no name yet.
   */
  public static identity(manifest: any): string | undefined {
    const name = text(manifest?.metadata?.name);
    const kind = text(manifest?.kind);
    if (!name || !kind) return undefined;
    const apiVersion = text(manifest?.apiVersion) ?? '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const namespace = CLUSTER_SCOPED.has(kind) ? '' : text(manifest?.metadata?.namespace) ?? '';
    return `${group} ${kind} ${namespace} ${name}`;
  }

  private static problemsOf(manifest: any, custom: CustomKinds): { path: string; reason: string }[] {
    const { definitions, byGvk, apiVersionsOfKind } = catalog();
    const report: Report = { problems: [], secret: false };
    const apiVersion = text(manifest?.apiVersion);
    const kind = text(manifest?.kind);
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      return [{ path: '', reason: 'must be an object with apiVersion, kind and metadata' }];
    }
    if (!apiVersion) report.problems.push({ path: 'apiVersion', reason: 'is required' });
    if (!kind) report.problems.push({ path: 'kind', reason: 'is required' });
    if (!apiVersion || !kind) return report.problems;
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const customKind = custom.get(`${group} ${kind}`);
    if (customKind) return customProblems(customKind, apiVersion, manifest, report);
    if (!apiVersionsOfKind.has(kind)) {
      return [{ path: 'kind', reason: `must be a kind Kubernetes 1.26 serves or a CustomResourceDefinition of the app defines, got ${show(kind)}${group ? ` of group '${group}'` : ''}; define it with CustomResourceDefinition, or import the vendor's definition with ImportedCustomResourceDefinitions` }];
    }
    const definition = byGvk.get(`${apiVersion} ${kind}`);
    if (!definition) {
      return [{ path: 'apiVersion', reason: `must be an apiVersion that serves kind '${kind}' (${apiVersionsOfKind.get(kind)!.join(', ')}), got ${show(apiVersion)}` }];
    }
    const schema = { $ref: `#/definitions/${definition}` };
    if (kind === 'Secret' && apiVersion === 'v1') {
      // a Secret's data is judged apart, so that no problem shows a secret value
      const { data, stringData, ...rest } = manifest;
      walk(schema, rest, '', report);
      const secret: Report = { problems: report.problems, secret: true };
      walk(schema, { data, stringData }, '', secret);
    } else {
      walk(schema, manifest, '', report);
    }
    void definitions;
    checkRootMetadata(group, kind, manifest.metadata, report);
    return report.problems;
  }

  private constructor() {}
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
