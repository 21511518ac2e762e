import { ApiObject } from 'cdk8s';
import { show } from '../_errors';
import { hasMarker, splitMarkers } from '../_markers';
import { hashedBaseName, ReleaseForm } from './_release-names';
import { fixedFieldsOf, keyBaseOf, valuesOwnerOf } from './_value-declarations';
import { camelKey, Form, ValueRegistry, valueMarker } from './_values';
import {
  COUNT, CRON_SCHEDULE, DATA_VALUE, DIGEST, DNS_SUBDOMAIN, HOST, INT_OR_PERCENT, kubeSchema, LABELS, NODE_PORT, PORT,
  POSITIVE_COUNT, POSITIVE_QUANTITY, QUANTITY, REPOSITORY, TAG,
} from './_values-file';
import { pathOf } from '../_paths';
import { podSpecOf } from '../_pod-template';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob']);
/**
 * The kinds whose objects get a values key of their own, in the order that
 * decides which of the objects sharing a key's base gets the bare base: the
 * first kind does, the others get `<base><Kind>`.
 */
const KEY_ORDER = [...WORKLOADS, 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'ConfigMap', 'PersistentVolumeClaim'];
/** Keys that mean something else in a chart's values: Helm's `global`, the release's `namespace`. */
const RESERVED_KEYS = new Set(['global', 'namespace']);
/** The API server's limit on a ConfigMap's keys and values together (MaxSecretSize). */
const DATA_MAX_BYTES = 1024 * 1024;

/** A rule across values that JSON Schema cannot express, which a named template of the chart checks. */
export interface Check {
  /** The named template, without the chart's prefix. */
  readonly template: 'atMost' | 'quantityAtMost' | 'cronRangesInOrder' | 'dataSize' | 'noNextLine';
  /** Its arguments: literals, values (`{ value: path }`) and lists of them. */
  readonly args: CheckArg[];
}

/** An argument of a {@link Check}. */
export type CheckArg = string | number | { readonly value: string } | CheckArg[];

/** A chart's manifests with their knobs bound, and the value each manifest's rendering depends on. */
export interface Knobs {
  /** For each manifest, the boolean value that turns it on, if any. */
  readonly conditions: (string | undefined)[];
  /** For each manifest, the rules across its values its template checks. */
  readonly checks: Check[][];
  /** The values key of each ConfigMap whose data is bound, by its name in the app. */
  readonly configMapKeys: Map<string, string>;
  /** The Service type value of each nodePort value: the port renders only for types NodePort and LoadBalancer. */
  readonly nodePortTypes: Map<string, string>;
}

/**
 * Binds the fields a platform team expects to set to values (replicas,
 * images, resources, scheduling, autoscaling, disruption budget, service
 * type and ports, ingress hosts and TLS, ConfigMap data, storage sizes), in
 * place: each bound field becomes a value marker, each value is defined
 * with its default (the field's value in the app) and its schema, and owned
 * by the construct that declared the object (`declarer`), which errors name.
 * An object's key depends on the object alone, never on the order of the
 * constructs.
 */
export function bindKnobs(form: ReleaseForm, objects: readonly ApiObject[], values: ValueRegistry): Knobs {
  const ms = form.manifests;
  const knobs: Knobs = { conditions: ms.map(() => undefined), checks: ms.map(() => []), configMapKeys: new Map(), nodePortTypes: new Map() };
  const objectOf = new Map(ms.map((m, i) => [m, objects[i]]));
  const paths = new Map<any, string>();
  const declarer = (m: any) => paths.get(m) ?? paths.set(m, pathOf(objectOf.get(m)!)).get(m)!;
  const appBase = (m: any) => (m.kind === 'ConfigMap' && form.hashed.has(nameOf(m)) ? hashedBaseName(nameOf(m)) : nameOf(m));
  const keyBase = (m: any) => camelKey(m.kind === 'ConfigMap' && form.hashed.has(nameOf(m)) ? hashedBaseName(nameOf(m)) : keyBaseOf(objectOf.get(m)!));
  const defineFor = (m: any): Define => (path, dflt, schema, description) =>
    values.define({ path, default: dflt, schema, description, owner: declarer(m) });

  // the name each key below an object's key was made from: two names making one key are a clash
  const madeFrom = new Map<string, { name: string; field: string; owner: string }>();
  const childFor = (m: any): Child => (parent, name, field) => {
    const path = `${parent}.${camelKey(name)}`;
    const holder = madeFrom.get(path);
    if (holder && holder.name !== name) {
      throw new Error(`${declarer(m)}: '${field}' must give a values key of the Helm chart of its own, got ${show(name)}, whose key '${path}' ${show(holder.name)} ('${holder.field}' of ${holder.owner}) has too; rename one of them`);
    }
    madeFrom.set(path, { name, field, owner: declarer(m) });
    return path;
  };

  const owners = ownersOf(ms, objects);
  const keyed = ms.filter(m => KEY_ORDER.includes(m.kind) && !owners.has(m) && (m.kind !== 'ConfigMap' || Object.keys(m.data ?? {}).length > 0));
  const keys = allocateKeys(keyed, keyBase, declarer);
  const servicesPerOwner = new Map<any, number>();
  for (const m of ms) if (m.kind === 'Service' && owners.has(m)) servicesPerOwner.set(owners.get(m), (servicesPerOwner.get(owners.get(m)) ?? 0) + 1);

  ms.forEach((m, i) => {
    const def = defineFor(m);
    const owner = owners.get(m) && keys.get(owners.get(m));
    switch (m.kind) {
      case 'Deployment': case 'StatefulSet': case 'ReplicaSet': case 'DaemonSet': case 'Job': case 'CronJob': {
        const key = keys.get(m)!;
        values.describe(key, `holds the knobs of the ${nameOf(m)} ${m.kind} and of what scales, protects and fronts it`);
        bindWorkload(m, key, values, def, childFor(m), fixedFieldsOf(objectOf.get(m)!), knobs.checks[i]);
        break;
      }
      case 'Service': {
        const siblings = owner === undefined ? 0 : servicesPerOwner.get(owners.get(m))!;
        const key = owner === undefined ? keys.get(m)! : siblings === 1 ? `${owner}.service` : childFor(m)(`${owner}.services`, keyBaseOf(objectOf.get(m)!), 'metadata.name');
        if (siblings > 1) values.describe(`${owner}.services`, 'sets the Services of the pods, by name');
        values.describe(key, `sets the type and ports of the ${nameOf(m)} Service`);
        bindService(m, key, values, def, childFor(m), knobs.nodePortTypes);
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const key = owner === undefined ? keys.get(m)! : `${owner}.autoscaling`;
        values.describe(key, `sets the bounds and targets of the ${nameOf(m)} HorizontalPodAutoscaler`);
        knobs.conditions[i] = `${key}.enabled`;
        def(`${key}.enabled`, true, { type: 'boolean' }, `turns the autoscaler on; off, the ${m.spec.scaleTargetRef.kind} runs one pod unless it sets replicas`);
        bindScalar(m.spec, 'minReplicas', `${key}.minReplicas`, POSITIVE_COUNT, 'is the fewest pods the autoscaler keeps, at most maxReplicas', def);
        bindScalar(m.spec, 'maxReplicas', `${key}.maxReplicas`, POSITIVE_COUNT, 'is the most pods the autoscaler starts', def);
        if (values.has(`${key}.minReplicas`) && values.has(`${key}.maxReplicas`)) {
          knobs.checks[i].push(atMost('atMost', `${key}.minReplicas`, `${key}.maxReplicas`));
        }
        for (const metric of m.spec.metrics ?? []) {
          const goal = metric.resource?.target;
          if (metric.type !== 'Resource' || goal?.type !== 'Utilization') continue;
          const resource = metric.resource.name;
          bindScalar(goal, 'averageUtilization', `${key}.${camelKey(resource)}Utilization`, POSITIVE_COUNT,
            `is the average ${resource} use the autoscaler aims at, in percent of the pods' requests`, def);
        }
        break;
      }
      case 'PodDisruptionBudget': {
        const key = owner === undefined ? keys.get(m)! : `${owner}.podDisruptionBudget`;
        values.describe(key, `sets how many pods of the ${nameOf(m)} PodDisruptionBudget voluntary disruptions may take`);
        knobs.conditions[i] = `${key}.enabled`;
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
        const key = keys.get(m)!;
        values.describe(key, `sets the class, hosts and TLS of the ${nameOf(m)} Ingress`);
        knobs.conditions[i] = `${key}.enabled`;
        def(`${key}.enabled`, true, { type: 'boolean' }, 'turns the Ingress on');
        bindScalar(m.spec, 'ingressClassName', `${key}.className`, DNS_SUBDOMAIN, 'is the IngressClass that serves it, a DNS-1123 subdomain', def, Form.STRING);
        (m.spec.rules ?? []).forEach((rule: any, n: number) => {
          if (typeof rule.host !== 'string') return;
          bindScalar(rule, 'host', `${key}.host${n === 0 ? '' : n + 1}`, HOST,
            `is the host name of rule ${n + 1}: a DNS name, '*.' for a wildcard`, def, Form.STRING);
        });
        if (m.spec.tls !== undefined) {
          bindJson(m.spec, 'tls', `${key}.tls`, { type: 'array', items: kubeSchema('io.k8s.api.networking.v1.IngressTLS') },
            'lists the TLS hosts and the Secret holding their certificate', def);
        }
        break;
      }
      case 'ConfigMap': {
        if (!keys.has(m)) break;
        const appName = nameOf(m);
        const key = keys.get(m)!;
        knobs.configMapKeys.set(appName, key);
        values.describe(key, `holds the data of the ${appBase(m)} ConfigMap${form.hashed.has(appName) ? ' (immutable: its name carries a hash of the data, so a change rolls the pods using it)' : ''}`);
        const taken = new Set<string>();
        const bound: string[] = [];
        let fixedBytes = 0;
        for (const [dataKey, v] of Object.entries<any>(m.data)) {
          let leaf = camelKey(dataKey);
          for (let n = 2; taken.has(leaf); n++) leaf = `${camelKey(dataKey)}${n}`;
          taken.add(leaf);
          fixedBytes += Buffer.byteLength(dataKey) + (hasMarker(v) ? Buffer.byteLength(v) : 0);
          if (bindScalar(m.data, dataKey, `${key}.${leaf}`, DATA_VALUE, `is the '${dataKey}' entry`, def, Form.STRING)) bound.push(`${key}.${leaf}`);
        }
        for (const v of Object.values<string>(m.binaryData ?? {})) fixedBytes += Buffer.byteLength(v);
        if (bound.length > 0) knobs.checks[i].push({ template: 'dataSize', args: [key, bound.map(value => ({ value })), fixedBytes, DATA_MAX_BYTES] });
        break;
      }
      case 'PersistentVolumeClaim': {
        const key = keys.get(m)!;
        values.describe(key, `sets the ${nameOf(m)} PersistentVolumeClaim`);
        bindScalar(m.spec?.resources?.requests, 'storage', `${key}.size`, POSITIVE_QUANTITY, 'is the storage the claim requests, above 0, e.g. "10Gi"', def, Form.QUANTITY);
        break;
      }
      case 'Namespace': {
        knobs.conditions[i] = 'namespace.create';
        values.describe('namespace', 'sets the namespace the release is installed in');
        def('namespace.create', false, { type: 'boolean' },
          'creates the release namespace with its labels (Pod Security level); off, install into an existing namespace (helm install --namespace X) or apply the plain manifests\' Namespace first');
        break;
      }
    }
  });
  return knobs;
}

type Define = (path: string, dflt: any, schema: any, description: string) => void;
/** The key of a named part of an object (a container, a port, a claim) below `parent`; fails when another name made it. */
type Child = (parent: string, name: string, field: string) => string;

/**
 * The workload each object's values join, as the object's construct
 * declared it (a Service, disruption budget or autoscaler of the library
 * names its workload), when that workload is in the chart too.
 */
function ownersOf(ms: any[], objects: readonly ApiObject[]): Map<any, any> {
  const manifestOf = new Map(objects.map((o, i) => [o, ms[i]]));
  const owners = new Map<any, any>();
  objects.forEach((o, i) => {
    const owner = valuesOwnerOf(o);
    const workload = owner && manifestOf.get(owner);
    if (workload && WORKLOADS.has(workload.kind)) owners.set(ms[i], workload);
  });
  return owners;
}

/**
 * The values key of each object: its base, unless an object of a kind
 * earlier in {@link KEY_ORDER} shares the base, then `<base><Kind>`. Fails
 * when two objects would get one key (two of one kind sharing a base, or a
 * `<base><Kind>` that is another object's base), naming both.
 */
function allocateKeys(objects: any[], baseOf: (m: any) => string, declarer: (m: any) => string): Map<any, string> {
  // each object's rank worked out once, not on every comparison
  const ranks = new Map(objects.map(m => [m, `${String(KEY_ORDER.indexOf(m.kind)).padStart(2, '0')}/${nameOf(m)}`]));
  const sorted = [...objects].sort((a, b) => (ranks.get(a)! < ranks.get(b)! ? -1 : ranks.get(a)! > ranks.get(b)! ? 1 : 0));
  const firstOfBase = new Map<string, any>();
  const keys = new Map<any, string>();
  const holders = new Map<string, any>();
  const clash = (m: any, key: string, other: any) => new Error(
    `${declarer(m)}: 'metadata.name' must give the ${m.kind} a values key of the Helm chart of its own, got ${show(nameOf(m))}, whose key '${key}' ${other.kind} '${nameOf(other)}' (${declarer(other)}) has too; rename one of them`);
  for (const m of sorted) {
    const base = baseOf(m);
    const first = firstOfBase.get(base);
    if (first === undefined) firstOfBase.set(base, m);
    else if (first.kind === m.kind) throw clash(m, base, first);
    keys.set(m, first === undefined && !RESERVED_KEYS.has(base) ? base : `${base}${m.kind}`);
  }
  for (const m of sorted) {
    const other = holders.get(keys.get(m)!);
    if (other) throw clash(m, keys.get(m)!, other);
    holders.set(keys.get(m)!, m);
  }
  return keys;
}

function bindWorkload(m: any, key: string, values: ValueRegistry, def: Define, child: Child, fixed: ReadonlySet<string>, checks: Check[]): void {
  if (typeof m.spec?.replicas === 'number' && !fixed.has('replicas')) {
    bindScalar(m.spec, 'replicas', `${key}.replicas`, COUNT, 'is the number of pods', def);
  }
  if (m.kind === 'CronJob' && bindScalar(m.spec, 'schedule', `${key}.schedule`, CRON_SCHEDULE,
    'is the cron schedule of the runs: five fields \'minute hour day-of-month month day-of-week\' (e.g. "*/5 * * * *") or a macro such as "@daily"', def, Form.STRING)) {
    checks.push({ template: 'cronRangesInOrder', args: [`${key}.schedule`, { value: `${key}.schedule` }] });
  }
  const spec = podSpecOf(m)!.spec;
  for (const [list, group] of [['containers', 'containers'], ['initContainers', 'initContainers']]) {
    for (const [n, c] of (spec[list] ?? []).entries()) {
      values.describe(`${key}.${group}`, `sets the ${group === 'containers' ? 'containers' : 'init containers'} of the pods, by name`);
      const path = child(`${key}.${group}`, c.name, `${list}[${n}].name`);
      values.describe(path, `sets the ${c.name} ${list === 'containers' ? 'container' : 'init container'}`);
      bindImage(c, `${path}.image`, values, def);
      bindResources(c, `${path}.resources`, values, def, checks);
    }
  }
  bindJson(spec, 'nodeSelector', `${key}.nodeSelector`, LABELS, 'restricts the pods to nodes with these labels', def, true);
  bindJson(spec, 'tolerations', `${key}.tolerations`, { type: 'array', items: kubeSchema('io.k8s.api.core.v1.Toleration') },
    'lets the pods run on nodes with these taints', def, true);
  bindJson(spec, 'affinity', `${key}.affinity`, { type: 'object', allOf: [kubeSchema('io.k8s.api.core.v1.Affinity')] },
    'is the pods\' node and pod affinity', def, true);
  for (const [n, claim] of (m.spec?.volumeClaimTemplates ?? []).entries()) {
    values.describe(`${key}.volumeClaims`, 'sets the claims each pod gets, by name');
    const path = child(`${key}.volumeClaims`, claim.metadata.name, `volumeClaimTemplates[${n}].metadata.name`);
    values.describe(path, `sets the ${claim.metadata.name} claim each pod gets`);
    bindScalar(claim.spec?.resources?.requests, 'storage', `${path}.size`, POSITIVE_QUANTITY, 'is the storage each claim requests, above 0, e.g. "10Gi"', def, Form.QUANTITY);
  }
}

/**
 * A container's requests and limits. When they are equal for every
 * resource (a Guaranteed container), one value per resource sets both, so
 * that no value can make the pod Burstable; else each is a value, and the
 * template checks that a request is at most its limit.
 */
function bindResources(c: any, path: string, values: ValueRegistry, def: Define, checks: Check[]): void {
  const { requests = {}, limits = {} } = c.resources ?? {};
  const resources = Object.keys(requests);
  const guaranteed = resources.length > 0 && resources.length === Object.keys(limits).length
    && resources.every(r => typeof requests[r] === 'string' && requests[r] === limits[r] && !hasMarker(requests[r]));
  if (guaranteed) {
    values.describe(path, 'are the container\'s resources, requests equal to limits (Guaranteed QoS): each value sets both the request and the limit');
    for (const resource of resources) {
      const value = `${path}.${camelKey(resource)}`;
      if (!bindScalar(requests, resource, value, QUANTITY, `is the ${resource} the container requests and its limit too: one value sets both`, def, Form.QUANTITY)) continue;
      limits[resource] = requests[resource];
    }
    return;
  }
  for (const kind of ['requests', 'limits']) {
    for (const resource of Object.keys(c.resources?.[kind] ?? {})) {
      values.describe(path, 'are the container\'s resource requests and limits (quantities such as "250m" or "256Mi"); a request must be at most its limit');
      values.describe(`${path}.${kind}`, kind === 'requests' ? 'are what the scheduler reserves for the container' : 'are the most the container may use');
      bindScalar(c.resources[kind], resource, `${path}.${kind}.${camelKey(resource)}`, QUANTITY,
        `is the ${resource} ${kind === 'requests' ? 'the scheduler reserves' : 'the container may use at most'}`, def, Form.QUANTITY);
    }
  }
  for (const resource of resources) {
    const [request, limit] = [`${path}.requests.${camelKey(resource)}`, `${path}.limits.${camelKey(resource)}`];
    if (values.has(request) && values.has(limit)) checks.push(atMost('quantityAtMost', request, limit));
  }
}

function atMost(template: 'atMost' | 'quantityAtMost', lesser: string, greater: string): Check {
  return { template, args: [lesser, { value: lesser }, greater, { value: greater }] };
}

function bindService(m: any, key: string, values: ValueRegistry, def: Define, child: Child, nodePortTypes: Map<string, string>): void {
  const typed = m.spec.clusterIP !== 'None' && bindScalar(m.spec, 'type', `${key}.type`, { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
    'is how the Service is exposed: ClusterIP, NodePort or LoadBalancer (ClusterIP leaves the node ports out)', def, Form.STRING);
  for (const [n, port] of (m.spec.ports ?? []).entries()) {
    values.describe(`${key}.ports`, 'sets the Service\'s ports, by name');
    const path = child(`${key}.ports`, port.name ?? `port-${port.port}`, `ports[${n}].name`);
    values.describe(path, `sets the ${port.name ?? port.port} port`);
    bindScalar(port, 'port', `${path}.port`, PORT, 'is the port the Service listens on (1-65535)', def);
    if (port.nodePort !== undefined) {
      def(`${path}.nodePort`, port.nodePort, NODE_PORT,
        'is the port opened on every node (30000-32767) when the type is NodePort or LoadBalancer; null lets the cluster pick one, as a second release must');
      port.nodePort = valueMarker(Form.SCALAR, `${path}.nodePort`, true);
      if (typed) nodePortTypes.set(`${path}.nodePort`, `${key}.type`);
    }
  }
}

function bindImage(c: any, path: string, values: ValueRegistry, def: Define): void {
  if (hasMarker(c.image)) return;
  const { repository, tag, digest } = parseImage(c.image);
  values.describe(path, 'is the container image: repository, tag and optional digest');
  def(`${path}.repository`, repository, REPOSITORY, 'is the image without tag or digest, e.g. "ghcr.io/example/api"');
  def(`${path}.tag`, tag, TAG, 'is the image tag, a string: quote it in a values file ("1.10", not 1.10) and set it with --set-string');
  def(`${path}.digest`, digest, DIGEST, 'is the image digest, e.g. "sha256:…"; set, it pins the image (the tag stays for readers)');
  c.image = valueMarker(Form.IMAGE, path);
}

/** Binds a field to a value; whether it did (not when the field is absent or depends on the release). */
function bindScalar(holder: any, field: string, path: string, schema: any, description: string, def: Define, form = Form.SCALAR): boolean {
  // a field naming the release is not a knob: its default would depend on the release
  if (holder?.[field] === undefined || hasMarker(holder[field])) return false;
  def(path, holder[field], schema, description);
  holder[field] = valueMarker(form, path);
  return true;
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
