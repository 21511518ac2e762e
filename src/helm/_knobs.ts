import { hasMarker, splitMarkers } from '../_markers';
import { hashedBaseName, ReleaseForm } from './_release-names';
import { camelKey, Form, ValueRegistry, valueMarker } from './_values';
import { podMetadataOf, podSpecOf } from '../_pod-template';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob']);
const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$';
const QUANTITY_SCHEMA = { type: ['string', 'number'], pattern: QUANTITY_PATTERN };
const INT_OR_PERCENT = { type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]+%$' };

/** A chart's manifests with their knobs bound, and the value each manifest's rendering depends on. */
export interface Knobs {
  /** For each manifest, the boolean value that turns it on, if any. */
  readonly conditions: (string | undefined)[];
  /** The values key of each ConfigMap whose data is bound, by its name in the app. */
  readonly configMapKeys: Map<string, string>;
}

/**
 * Binds the fields a platform team expects to set to values (replicas,
 * images, resources, scheduling, autoscaling, disruption budget, service
 * type and ports, ingress hosts and TLS, ConfigMap data, storage sizes), in
 * place: each bound field becomes a value marker, each value is defined
 * with its default (the field's value in the app) and its schema, and owned
 * by the construct that declared the object (`declarer`), which errors name.
 */
export function bindKnobs(
  form: ReleaseForm, values: ValueRegistry, where: string, declarer: (m: any) => string, fixed: (m: any) => ReadonlySet<string>,
): Knobs {
  const ms = form.manifests;
  const conditions: (string | undefined)[] = ms.map(() => undefined);
  const topKeys = new Map<string, string>();
  const allocate = (m: any, base: string): string => {
    const id = `${m.kind}/${nameOf(m)}`;
    let key = base;
    if (topKeys.has(key) && topKeys.get(key) !== id) key = `${base}${m.kind}`;
    for (let i = 2; topKeys.has(key) && topKeys.get(key) !== id; i++) key = `${base}${m.kind}${i}`;
    topKeys.set(key, id);
    return key;
  };
  // a name cdk8s generated (`<chart>-<id>-c8xxxxxx`) gives its key by the construct's id
  const generated = new RegExp(`^${where.replace(/\//g, '-').toLowerCase()}-(.+)-c8[0-9a-f]{6}$`);
  const keyOf = (name: string) => camelKey(generated.exec(name)?.[1] ?? name);
  const defineFor = (m: any): Define => (path, dflt, schema, description) =>
    values.define({ path, default: dflt, schema, description, owner: declarer(m) });

  const workloadKeys = new Map<string, string>();
  const pods: { labels: any; key: string }[] = [];
  ms.forEach(m => {
    if (!WORKLOADS.has(m.kind)) return;
    const key = allocate(m, keyOf(nameOf(m)));
    workloadKeys.set(`${m.kind}/${nameOf(m)}`, key);
    values.describe(key, `holds the knobs of the ${nameOf(m)} ${m.kind} and of what scales, protects and fronts it`);
    pods.push({ labels: podMetadataOf(m)!.metadata.labels ?? {}, key });
    bindWorkload(m, key, values, defineFor(m), fixed(m));
  });
  const workloadOf = (selector: any): string | undefined => {
    const entries = Object.entries(selector ?? {});
    if (entries.length === 0) return undefined;
    return pods.find(p => entries.every(([k, v]) => p.labels[k] === v))?.key;
  };

  const serviceOwners = new Map<any, string | undefined>(ms.filter(m => m.kind === 'Service').map(m => [m, workloadOf(m.spec?.selector)]));
  const servicesPerOwner = new Map<string, number>();
  for (const owner of serviceOwners.values()) if (owner !== undefined) servicesPerOwner.set(owner, (servicesPerOwner.get(owner) ?? 0) + 1);
  const configMapKeys = new Map<string, string>();
  ms.forEach((m, i) => {
    const def = defineFor(m);
    switch (m.kind) {
      case 'Service': {
        const owner = serviceOwners.get(m);
        const siblings = owner === undefined ? 0 : servicesPerOwner.get(owner)!;
        const key = owner === undefined ? allocate(m, keyOf(nameOf(m)))
          : siblings === 1 ? `${owner}.service` : `${owner}.services.${keyOf(nameOf(m))}`;
        if (siblings > 1) values.describe(`${owner}.services`, 'sets the Services of the pods, by name');
        values.describe(key, `sets the type and ports of the ${nameOf(m)} Service`);
        bindService(m, key, values, def);
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const target = workloadKeys.get(`${m.spec.scaleTargetRef.kind}/${splitName(m.spec.scaleTargetRef.name)}`);
        const key = target === undefined ? allocate(m, keyOf(nameOf(m))) : `${target}.autoscaling`;
        values.describe(key, `sets the bounds and targets of the ${nameOf(m)} HorizontalPodAutoscaler`);
        conditions[i] = `${key}.enabled`;
        def(`${key}.enabled`, true, { type: 'boolean' }, `turns the autoscaler on; off, the ${m.spec.scaleTargetRef.kind} runs one pod unless it sets replicas`);
        bindScalar(m.spec, 'minReplicas', `${key}.minReplicas`, { type: 'integer', minimum: 1 }, 'is the fewest pods the autoscaler keeps', def);
        bindScalar(m.spec, 'maxReplicas', `${key}.maxReplicas`, { type: 'integer', minimum: 1 }, 'is the most pods the autoscaler starts', def);
        for (const metric of m.spec.metrics ?? []) {
          const goal = metric.resource?.target;
          if (metric.type !== 'Resource' || goal?.type !== 'Utilization') continue;
          const resource = metric.resource.name;
          bindScalar(goal, 'averageUtilization', `${key}.${camelKey(resource)}Utilization`, { type: 'integer', minimum: 1 },
            `is the average ${resource} use the autoscaler aims at, in percent of the pods' requests`, def);
        }
        break;
      }
      case 'PodDisruptionBudget': {
        const owner = workloadOf(m.spec?.selector?.matchLabels);
        const key = owner === undefined ? allocate(m, keyOf(nameOf(m))) : `${owner}.podDisruptionBudget`;
        values.describe(key, `sets how many pods of the ${nameOf(m)} PodDisruptionBudget voluntary disruptions may take`);
        conditions[i] = `${key}.enabled`;
        def(`${key}.enabled`, true, { type: 'boolean' }, 'turns the disruption budget on');
        for (const field of ['minAvailable', 'maxUnavailable']) {
          if (m.spec[field] === undefined) continue;
          const text = field === 'minAvailable' ? 'is how many pods (or what percent, e.g. "50%") must stay up during drains' : 'is how many pods (or what percent, e.g. "25%") drains may take down at once';
          def(`${key}.${field}`, m.spec[field], INT_OR_PERCENT, text);
          m.spec[field] = valueMarker(Form.INT_OR_STRING, `${key}.${field}`);
        }
        break;
      }
      case 'Ingress': {
        const key = allocate(m, keyOf(nameOf(m)));
        values.describe(key, `sets the class, hosts and TLS of the ${nameOf(m)} Ingress`);
        conditions[i] = `${key}.enabled`;
        def(`${key}.enabled`, true, { type: 'boolean' }, 'turns the Ingress on');
        bindScalar(m.spec, 'ingressClassName', `${key}.className`, { type: 'string', minLength: 1 }, 'is the IngressClass that serves it', def, Form.STRING);
        (m.spec.rules ?? []).forEach((rule: any, n: number) => {
          if (typeof rule.host !== 'string') return;
          bindScalar(rule, 'host', `${key}.host${n === 0 ? '' : n + 1}`, { type: 'string', minLength: 1 },
            `is the host name of rule ${n + 1}`, def, Form.STRING);
        });
        if (m.spec.tls !== undefined) bindJson(m.spec, 'tls', `${key}.tls`, { type: 'array', items: { type: 'object' } }, 'lists the TLS hosts and the Secret holding their certificate', def);
        break;
      }
      case 'ConfigMap': {
        if (m.data === undefined || Object.keys(m.data).length === 0) break;
        const appName = nameOf(m);
        const base = form.hashed.has(appName) ? hashedBaseName(appName) : appName;
        const key = allocate(m, keyOf(base));
        configMapKeys.set(appName, key);
        values.describe(key, `holds the data of the ${base} ConfigMap${form.hashed.has(appName) ? ' (immutable: its name carries a hash of the data, so a change rolls the pods using it)' : ''}`);
        const taken = new Set<string>();
        for (const dataKey of Object.keys(m.data)) {
          let leaf = camelKey(dataKey);
          for (let n = 2; taken.has(leaf); n++) leaf = `${camelKey(dataKey)}${n}`;
          taken.add(leaf);
          bindScalar(m.data, dataKey, `${key}.${leaf}`, { type: 'string' }, `is the '${dataKey}' entry`, def, Form.STRING);
        }
        break;
      }
      case 'PersistentVolumeClaim': {
        const key = allocate(m, keyOf(nameOf(m)));
        values.describe(key, `sets the ${nameOf(m)} PersistentVolumeClaim`);
        bindScalar(m.spec?.resources?.requests, 'storage', `${key}.size`, QUANTITY_SCHEMA, 'is the storage the claim requests, e.g. "10Gi"', def, Form.QUANTITY);
        break;
      }
      case 'Namespace': {
        conditions[i] = 'namespace.create';
        values.describe('namespace', 'sets the namespace the release is installed in');
        def('namespace.create', false, { type: 'boolean' },
          'creates the release namespace with its labels (Pod Security level); off, install into an existing namespace (helm install --namespace X) or apply the plain manifests\' Namespace first');
        break;
      }
    }
  });
  return { conditions, configMapKeys };
}

type Define = (path: string, dflt: any, schema: any, description: string) => void;

function bindWorkload(m: any, key: string, values: ValueRegistry, def: Define, fixed: ReadonlySet<string>): void {
  if (typeof m.spec?.replicas === 'number' && !fixed.has('replicas')) {
    bindScalar(m.spec, 'replicas', `${key}.replicas`, { type: 'integer', minimum: 0 }, 'is the number of pods', def);
  }
  if (m.kind === 'CronJob') {
    bindScalar(m.spec, 'schedule', `${key}.schedule`, { type: 'string', minLength: 9 }, 'is the cron schedule of the runs, e.g. "*/5 * * * *"', def, Form.STRING);
  }
  const spec = podSpecOf(m)!.spec;
  for (const [list, group] of [['containers', 'containers'], ['initContainers', 'initContainers']]) {
    for (const c of spec[list] ?? []) {
      values.describe(`${key}.${group}`, `sets the ${group === 'containers' ? 'containers' : 'init containers'} of the pods, by name`);
      const path = `${key}.${group}.${camelKey(c.name)}`;
      values.describe(path, `sets the ${c.name} ${list === 'containers' ? 'container' : 'init container'}`);
      bindImage(c, `${path}.image`, values, def);
      for (const kind of ['requests', 'limits']) {
        for (const resource of Object.keys(c.resources?.[kind] ?? {})) {
          values.describe(`${path}.resources`, 'are the container\'s resource requests and limits (quantities such as "250m" or "256Mi")');
          values.describe(`${path}.resources.${kind}`, kind === 'requests' ? 'are what the scheduler reserves for the container' : 'are the most the container may use');
          bindScalar(c.resources[kind], resource, `${path}.resources.${kind}.${camelKey(resource)}`, QUANTITY_SCHEMA,
            `is the ${resource} ${kind === 'requests' ? 'the scheduler reserves' : 'the container may use at most'}`, def, Form.QUANTITY);
        }
      }
    }
  }
  bindJson(spec, 'nodeSelector', `${key}.nodeSelector`, { type: 'object', additionalProperties: { type: 'string' } },
    'restricts the pods to nodes with these labels', def, true);
  bindJson(spec, 'tolerations', `${key}.tolerations`, { type: 'array', items: { type: 'object' } },
    'lets the pods run on nodes with these taints', def, true);
  bindJson(spec, 'affinity', `${key}.affinity`, { type: 'object' }, 'is the pods\' node and pod affinity', def, true);
  for (const claim of m.spec?.volumeClaimTemplates ?? []) {
    values.describe(`${key}.volumeClaims`, 'sets the claims each pod gets, by name');
    const path = `${key}.volumeClaims.${camelKey(claim.metadata.name)}`;
    values.describe(path, `sets the ${claim.metadata.name} claim each pod gets`);
    bindScalar(claim.spec?.resources?.requests, 'storage', `${path}.size`, QUANTITY_SCHEMA, 'is the storage each claim requests, e.g. "10Gi"', def, Form.QUANTITY);
  }
}

function bindService(m: any, key: string, values: ValueRegistry, def: Define): void {
  if (m.spec.clusterIP !== 'None') {
    bindScalar(m.spec, 'type', `${key}.type`, { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
      'is how the Service is exposed: ClusterIP, NodePort or LoadBalancer', def, Form.STRING);
  }
  for (const port of m.spec.ports ?? []) {
    values.describe(`${key}.ports`, 'sets the Service\'s ports, by name');
    const path = `${key}.ports.${camelKey(port.name ?? `port-${port.port}`)}`;
    values.describe(path, `sets the ${port.name ?? port.port} port`);
    bindScalar(port, 'port', `${path}.port`, { type: 'integer', minimum: 1, maximum: 65535 }, 'is the port the Service listens on', def);
    if (port.nodePort !== undefined) {
      def(`${path}.nodePort`, port.nodePort, { type: ['integer', 'null'], minimum: 30000, maximum: 32767 },
        'is the port opened on every node (30000-32767); null lets the cluster pick one, as a second release must' );
      port.nodePort = valueMarker(Form.SCALAR, `${path}.nodePort`, true);
    }
  }
}

function bindImage(c: any, path: string, values: ValueRegistry, def: Define): void {
  if (hasMarker(c.image)) return;
  const { repository, tag, digest } = parseImage(c.image);
  values.describe(path, 'is the container image: repository, tag and optional digest');
  def(`${path}.repository`, repository, { type: 'string', minLength: 1 }, 'is the image without tag or digest');
  def(`${path}.tag`, tag, { type: ['string', 'number'] }, 'is the image tag');
  def(`${path}.digest`, digest, { type: 'string', pattern: '^$|^[a-z0-9]+:[a-f0-9]{32,}$' }, 'is the image digest, e.g. "sha256:…"; set, it pins the image (the tag stays for readers)');
  c.image = valueMarker(Form.IMAGE, path);
}

function bindScalar(holder: any, field: string, path: string, schema: any, description: string, def: Define, form = Form.SCALAR): void {
  // a field naming the release is not a knob: its default would depend on the release
  if (holder?.[field] === undefined || hasMarker(holder[field])) return;
  def(path, holder[field], schema, description);
  holder[field] = valueMarker(form, path);
}

function bindJson(holder: any, field: string, path: string, schema: any, description: string, def: Define, optional = false): void {
  const empty = schema.type === 'array' ? [] : {};
  if (holder[field] === undefined && !optional || JSON.stringify(holder[field] ?? '').includes('\uE000')) return;
  def(path, holder[field] ?? empty, schema, description);
  holder[field] = valueMarker(Form.JSON, path, optional);
}

/** An image reference from its parts, as the chart's image helper builds it. */
export function imageRef(image: { repository: string; tag: unknown; digest: string }): string {
  const tag = image.tag === '' || image.tag === null || image.tag === undefined ? '' : `:${image.tag}`;
  return `${image.repository}${tag}${image.digest ? `@${image.digest}` : ''}`;
}

/** Splits an image reference into repository, tag and digest. */
export function parseImage(image: string): { repository: string; tag: string; digest: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const tagged = colon > rest.lastIndexOf('/');
  return { repository: tagged ? rest.slice(0, colon) : rest, tag: tagged ? rest.slice(colon + 1) : '', digest };
}

/** The app's name of an object in release form. */
export function nameOf(m: any): string {
  return splitName(m.metadata?.name);
}

function splitName(name: unknown): string {
  if (typeof name !== 'string') return '';
  const parts = splitMarkers(name);
  return parts.map(p => (typeof p === 'string' ? p : p.arg)).join('');
}
