import * as path from 'path';
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import {
  Adapter, AllowTraffic, Ambassador, ClaimVolume, ClusterRole, ClusterRoleBinding, ConfigSource, CqrsPod, CronJob,
  DaemonSet, DefaultDenyNetworkPolicy, Deployment, DisruptionBudget, HelmChart, HorizontalPodAutoscaler,
  ImmutableConfigMap, Ingress, IngressBackend, InitContainers, InitStep, InjectConfig, Injection, Job, LimitRange,
  Namespace, PatternsApp, PersistentVolumeClaim, PodDisruptionBudget, ReplicaSet, ResourceQuota, Role, RoleBinding,
  SecretRef, Service, ServiceAccount, Sidecar, StatefulSet, StorageClass, TrafficSource,
} from '../../src';
import { kplus } from '../../src/_plus';
import { checkAll, find } from '../harness';
import { canonical, helmLint, helmTemplate, ids, plainFor, writeApp } from '../harness/helm';

const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** One pattern: a cdk8s chart (id = Helm chart name) built into an app. */
interface Pattern {
  readonly name: string;
  /** The namespace the chart's objects live in, if any. */
  readonly namespace?: string;
  /** Whether the chart holds its Namespace object (rendered with namespace.create=true). */
  readonly createsNamespace?: boolean;
  readonly build: (app: App) => void;
}

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

const PATTERNS: Pattern[] = [
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

const chartDirs = new Map<string, string>();
beforeAll(() => {
  for (const p of PATTERNS) {
    const app = new PatternsApp();
    p.build(app);
    chartDirs.set(p.name, path.join(writeApp(app), 'charts', p.name));
  }
});

const byName = new Map(PATTERNS.map(p => [p.name, p]));
/** `helm template` of a pattern's chart, in its namespace (created when the chart has one). */
const render = (name: string, release: string, hooks = false) => {
  const p = byName.get(name)!;
  return helmTemplate(chartDirs.get(name)!, release, { namespace: p.namespace, set: p.createsNamespace ? ['namespace.create=true'] : [], hooks });
};
const isHook = (m: any) => m.metadata?.annotations?.['helm.sh/hook'] !== undefined;

describe('a Helm chart of each pattern', () => {
  test('passes helm lint --strict, all charts in one run', () => {
    expect(helmLint(...chartDirs.values())).toContain(`${PATTERNS.length} chart(s) linted, 0 chart(s) failed`);
  });

  test.each(PATTERNS.map(p => p.name))('%s: renders for two releases what the app synthesizes for each; all objects, hooks too, valid and restricted', name => {
    for (const release of ['r1', 'r2']) {
      const withHooks = render(name, release, true);
      expect(() => checkAll(withHooks)).not.toThrow();
      for (const m of withHooks.filter(x => x.kind !== 'Namespace')) expect(m.metadata.name).toMatch(new RegExp(`^${release}-`));
      const rendered = withHooks.filter(m => !isHook(m));
      expect(rendered.length).toBeGreaterThan(0);
      const plain = plainFor(byName.get(name)!.build, release);
      expect(ids(rendered)).toEqual(ids(plain));
      const plainById = new Map(plain.map(m => [`${m.kind}/${m.metadata.name}`, m]));
      for (const m of rendered) expect(canonical(m, true)).toEqual(canonical(plainById.get(`${m.kind}/${m.metadata.name}`)));
    }
  });
});

describe('references renamed with the release', () => {
  test('storage: the claim names the release\'s StorageClass, the pod the release\'s claim', () => {
    const rendered = render('storage', 'r1');
    expect(ids(rendered)).toEqual(['Deployment/r1-web', 'PersistentVolumeClaim/r1-uploads', 'StorageClass/r1-fast']);
    expect(find(rendered, 'PersistentVolumeClaim').spec.storageClassName).toBe('r1-fast');
    expect(find(rendered, 'StorageClass').metadata.namespace).toBeUndefined();
    expect(find(rendered, 'Deployment').spec.template.spec.volumes).toEqual([
      { name: 'uploads', persistentVolumeClaim: { claimName: 'r1-uploads', readOnly: false } },
    ]);
  });

  test('RBAC: bindings name the release\'s roles and ServiceAccount, in the release namespace', () => {
    const rendered = helmTemplate(chartDirs.get('rbac')!, 'r1', { namespace: 'staging' });
    expect(find(rendered, 'RoleBinding', 'r1-config-readers')).toMatchObject({
      metadata: { namespace: 'staging' },
      roleRef: { kind: 'Role', name: 'r1-config-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'r1-api', namespace: 'staging' }],
    });
    const binding = find(rendered, 'ClusterRoleBinding', 'r1-node-readers');
    expect(binding.roleRef.name).toBe('r1-node-reader');
    expect(binding.subjects[0]).toEqual({ apiGroup: '', kind: 'ServiceAccount', name: 'r1-api', namespace: 'staging' });
    expect(find(rendered, 'ClusterRole').metadata.name).toBe('r1-node-reader');
    // cluster-scoped: no namespace, although their cdk8s chart has one
    expect(find(rendered, 'ClusterRole').metadata.namespace).toBeUndefined();
    expect(binding.metadata.namespace).toBeUndefined();
  });

  test('config: env, argument and volume use the release\'s hashed ConfigMap; the external Secret keeps its name', () => {
    const rendered = render('config', 'r1');
    const config = find(rendered, 'ConfigMap');
    expect(config.metadata.name).toMatch(/^r1-api-config-[a-z0-9]{10}$/);
    const spec = find(rendered, 'Deployment').spec.template.spec;
    const env = spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'LOG_LEVEL').valueFrom.configMapKeyRef.name).toBe(config.metadata.name);
    expect(env.find((e: any) => e.name === 'DB_PASSWORD').valueFrom.secretKeyRef.name).toBe('db-password');
    expect(spec.volumes.find((v: any) => v.configMap).configMap.name).toBe(config.metadata.name);
  });

  test('network: the Ingress backs onto the release\'s Service, which selects only the release\'s pods', () => {
    const rendered = render('network', 'r2');
    expect(find(rendered, 'Ingress', 'r2-tickets').spec.rules[0].http.paths[0].backend.service.name).toBe(find(rendered, 'Service').metadata.name);
    expect(find(rendered, 'Service').spec.selector['app.kubernetes.io/instance']).toBe('r2');
  });

  test('scaling: the autoscaler targets the release\'s Deployment, the budget selects the release\'s pods', () => {
    const rendered = render('scaling', 'r1');
    expect(find(rendered, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name).toBe('r1-web');
    expect(find(rendered, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('r1');
  });

  test('statefulset: the governing Service and the claim templates follow the release', () => {
    const rendered = render('statefulset', 'r1');
    const db = find(rendered, 'StatefulSet', 'r1-db');
    expect(db.spec.serviceName).toBe('r1-db');
    expect(find(rendered, 'Service', 'r1-db').spec.clusterIP).toBe('None');
    expect(db.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(db.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });

  test('tenancy: the Namespace keeps its name; the quota and limits follow --namespace', () => {
    const rendered = render('tenancy', 'r1');
    expect(find(rendered, 'Namespace').metadata.name).toBe('tenant');
    expect(find(rendered, 'ResourceQuota', 'r1-tenant').metadata.namespace).toBe('tenant');
    expect(find(rendered, 'LimitRange', 'r1-container-defaults').metadata.namespace).toBe('tenant');
  });
});
