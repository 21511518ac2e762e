import { show } from '../../_errors';
import { parseImage } from '../_images';
import { ContainerOf, containersOf, isObject, list, namespaceOf, PodTemplate } from '../_model';
import { DistillationFactor, LintSeverity } from '../lint-finding';
import { found, RawFinding, RuleContext, RuleDefinition } from './_rule';

/** Every container of every pod that names an image, with the image split. */
function images(ctx: RuleContext, visit: (pod: PodTemplate, c: ContainerOf, image: string) => RawFinding[]): RawFinding[] {
  return ctx.pods.flatMap(pod => containersOf(pod)
    .filter(c => typeof c.container.image === 'string' && c.container.image.trim() !== '')
    .flatMap(c => visit(pod, c, c.container.image)));
}

const imagePath = (pod: PodTemplate, c: ContainerOf) => pod.at(`${c.relative}.image`);

/** How a pod reads a ConfigMap or Secret: the kind, the name and the JSON path of the reference. */
interface ConfigUse {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly path: string;
  /** `env` (environment variables, or files mounted with subPath: both never change in a running container) or `files`. */
  readonly how: 'env' | 'files';
}

function configUses(pod: PodTemplate): ConfigUse[] {
  const uses: ConfigUse[] = [];
  const push = (kind: ConfigUse['kind'], name: unknown, path: string, how: ConfigUse['how']) => {
    if (typeof name === 'string') uses.push({ kind, name, path: pod.at(path), how });
  };
  const subPathVolumes = new Set<string>();
  for (const c of containersOf(pod)) {
    list(c.container.env).forEach((e, i) => {
      push('ConfigMap', e?.valueFrom?.configMapKeyRef?.name, `${c.relative}.env[${i}].valueFrom.configMapKeyRef.name`, 'env');
      push('Secret', e?.valueFrom?.secretKeyRef?.name, `${c.relative}.env[${i}].valueFrom.secretKeyRef.name`, 'env');
    });
    list(c.container.envFrom).forEach((e, i) => {
      push('ConfigMap', e?.configMapRef?.name, `${c.relative}.envFrom[${i}].configMapRef.name`, 'env');
      push('Secret', e?.secretRef?.name, `${c.relative}.envFrom[${i}].secretRef.name`, 'env');
    });
    for (const m of list(c.container.volumeMounts)) if (m?.subPath || m?.subPathExpr) subPathVolumes.add(m.name);
  }
  list(pod.spec.volumes).forEach((v, i) => {
    const how = subPathVolumes.has(v?.name) ? 'env' : 'files';
    push('ConfigMap', v?.configMap?.name, `volumes[${i}].configMap.name`, how);
    push('Secret', v?.secret?.secretName, `volumes[${i}].secret.secretName`, how);
    list(v?.projected?.sources).forEach((s, j) => {
      push('ConfigMap', s?.configMap?.name, `volumes[${i}].projected.sources[${j}].configMap.name`, how);
      push('Secret', s?.secret?.name, `volumes[${i}].projected.sources[${j}].secret.name`, how);
    });
  });
  return uses;
}

/** The mutable ConfigMaps and Secrets of the set a pod reads in a way. */
function mutableConfig(ctx: RuleContext, how: ConfigUse['how'], describeUse: (use: ConfigUse) => [string, string, string]): RawFinding[] {
  const mutable = new Set(ctx.ofKind('', 'ConfigMap', 'Secret')
    .filter(o => o.manifest.immutable !== true)
    .map(o => `${o.manifest.kind} ${namespaceOf(o.manifest)}/${o.manifest.metadata?.name}`));
  return ctx.pods.flatMap(pod => configUses(pod)
    .filter(u => u.how === how && mutable.has(`${u.kind} ${namespaceOf(pod.object.manifest)}/${u.name}`))
    .map(u => found(pod.object, u.path, ...describeUse(u))));
}

/** Volumes a container mounts without `readOnly: true`. */
function writableMounts(pod: PodTemplate): Set<string> {
  return new Set(containersOf(pod).flatMap(c => list(c.container.volumeMounts).filter(m => m?.readOnly !== true).map(m => m?.name)));
}

export const IMMUTABLE_RULES: RuleDefinition[] = [
  {
    id: 'DP-IDEMPOTENT-001',
    factor: DistillationFactor.IDEMPOTENT,
    severity: LintSeverity.ERROR,
    description: 'an image without a tag or a digest',
    rationale: 'An image without a tag is `latest`: each node pulls whatever the tag points to when it starts the pod, so the same manifest runs different code on different nodes and days, and a rollback rolls back nothing.',
    link: 'https://kubernetes.io/docs/concepts/containers/images/#image-names',
    check: ctx => images(ctx, (pod, c, image) => {
      const ref = parseImage(image);
      return ref.tag === undefined && ref.digest === undefined ? [found(pod.object, imagePath(pod, c),
        `must name a version (a tag such as ':1.4.2', or a digest), got ${show(image)} for ${c.label}, which means 'latest'`,
        'pin the image to a release tag, or to a digest (image@sha256:...)')] : [];
    }),
  },
  {
    id: 'DP-IDEMPOTENT-002',
    factor: DistillationFactor.IDEMPOTENT,
    severity: LintSeverity.ERROR,
    description: 'an image tagged `latest`',
    rationale: 'The course\'s anti-pattern for idempotence: `latest` moves with every push, so applying the same manifest twice need not run the same image, and Kubernetes pulls it on every start.',
    link: 'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
    check: ctx => images(ctx, (pod, c, image) => {
      const ref = parseImage(image);
      return ref.tag === 'latest' && ref.digest === undefined ? [found(pod.object, imagePath(pod, c),
        `must not be tagged 'latest', got ${show(image)} for ${c.label}`, 'pin the image to a release tag, or to a digest (image@sha256:...)')] : [];
    }),
  },
  {
    id: 'DP-IMMUTABLE-001',
    factor: DistillationFactor.IMMUTABLE,
    severity: LintSeverity.WARNING,
    description: 'an image pinned by a tag, not by a digest (off unless the config turns it on)',
    rationale: 'A tag is a name that can be pushed again; only a digest names one image for good. Turn this rule on where what runs must be exactly what was scanned and approved.',
    link: 'https://kubernetes.io/docs/concepts/containers/images/#image-names',
    enabledByDefault: false,
    check: ctx => images(ctx, (pod, c, image) => (parseImage(image).digest === undefined ? [found(pod.object, imagePath(pod, c),
      `must be pinned by a digest, got ${show(image)} for ${c.label}`, 'append the digest of the image the tag points to (image:tag@sha256:...)')] : [])),
  },
  {
    id: 'DP-IMMUTABLE-002',
    factor: DistillationFactor.IMMUTABLE,
    severity: LintSeverity.WARNING,
    description: '`imagePullPolicy: Always` on an image pinned by a digest',
    rationale: 'A digest cannot point at another image, so asking the registry on every start only adds latency, and a registry outage then stops pods from starting.',
    link: 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy',
    check: ctx => images(ctx, (pod, c, image) => (parseImage(image).digest !== undefined && c.container.imagePullPolicy === 'Always' ? [found(pod.object,
      pod.at(`${c.relative}.imagePullPolicy`), `must not be 'Always' for an image pinned by a digest, got 'Always' for ${c.label} (${show(image)})`,
      'set imagePullPolicy to IfNotPresent, or leave it unset (Kubernetes then picks IfNotPresent for a digest)',
      'leave imagePullPolicy unset: the library then renders IfNotPresent for a digest')] : [])),
  },
  {
    id: 'DP-IMMUTABLE-003',
    factor: DistillationFactor.IMMUTABLE,
    severity: LintSeverity.WARNING,
    description: 'a mutable ConfigMap or Secret read as environment variables (or files mounted with subPath)',
    rationale: 'Environment variables and subPath files are read once, when the container starts: after a change, old pods keep the old values and new ones get the new, and nothing rolls. An immutable ConfigMap whose name carries a hash of its data rolls the pods on every change.',
    link: 'https://kubernetes.io/docs/concepts/configuration/configmap/#configmap-immutable',
    check: ctx => mutableConfig(ctx, 'env', u => [
      `names the mutable ${u.kind} '${u.name}', read when the container starts, got a ${u.kind} without 'immutable: true'; a change reaches only pods started after it`,
      `make the ${u.kind} immutable with a hash of its data in its name (kustomize's configMapGenerator does it), so that a change rolls the pods`,
      `use ${u.kind === 'ConfigMap' ? 'ImmutableConfigMap' : 'ImmutableSecret'} with InjectConfig: its name carries a hash of its data, so a change rolls the pods`,
    ]),
  },
  {
    id: 'DP-IMMUTABLE-004',
    factor: DistillationFactor.IMMUTABLE,
    severity: LintSeverity.INFO,
    description: 'a mutable ConfigMap or Secret mounted as files',
    rationale: 'The kubelet updates mounted files in place, a minute or so after a change, without rolling the pods: right for settings the app re-reads at run time, wrong for settings read at startup, which then differ from what the cluster shows.',
    link: 'https://kubernetes.io/docs/concepts/configuration/configmap/#mounted-configmaps-are-updated-automatically',
    check: ctx => mutableConfig(ctx, 'files', u => [
      `names the mutable ${u.kind} '${u.name}', whose files change in running pods, got a ${u.kind} without 'immutable: true'`,
      `if the app reads the files only at startup, make the ${u.kind} immutable with a hash of its data in its name; if it re-reads them, suppress this finding saying so`,
      `if the app reads the files only at startup, use ${u.kind === 'ConfigMap' ? 'ImmutableConfigMap' : 'ImmutableSecret'}; if it re-reads them (ConfigSource.fromConfigMap(map, { dynamic: true })), suppress this finding saying so`,
    ]),
  },
  {
    id: 'DP-IMMUTABLE-005',
    factor: DistillationFactor.IMMUTABLE,
    severity: LintSeverity.WARNING,
    description: 'a hostPath volume mounted writable: state kept on the node',
    rationale: 'What a pod writes to its node stays on that node: a rescheduled pod does not find it, and another pod on the node can. State belongs in a PersistentVolumeClaim; scratch space in an emptyDir.',
    link: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
    check: ctx => ctx.pods.flatMap(pod => {
      const writable = writableMounts(pod);
      return list(pod.spec.volumes).flatMap((v, i) => (isObject(v?.hostPath) && writable.has(v.name) ? [found(pod.object, pod.at(`volumes[${i}].hostPath`),
        `must not be mounted writable, got volume '${v.name}' on the node's ${show(v.hostPath.path)} mounted without readOnly`,
        'mount it with readOnly: true, or keep the state in a PersistentVolumeClaim (scratch space in an emptyDir)',
        'mount the HostPathVolume read-only, or keep the state in a PersistentVolumeClaim (ClaimVolume); scratch space in a PodVolume')] : []));
    }),
  },
];
