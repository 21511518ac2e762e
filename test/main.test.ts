import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ImageBuilds, NodeAgents, Ticketing } from '../main';
import { Distillation, LintSeverity, PatternsApp, Qos, QosClass } from '../src';
import { checkAll, container, find, podSpec } from './harness';

const ROOT = path.join(__dirname, '..');
const OUTPUT = path.join(ROOT, 'dist', 'ticketing.k8s.yaml');
const NODE_AGENTS = path.join(ROOT, 'dist', 'node-agents.k8s.yaml');
const BUILDS = path.join(ROOT, 'dist', 'builds.k8s.yaml');

/** The manifests of the ticketing chart, synthesized once by running main.ts as `cdk8s synth` does. */
let manifests: any[];
/** The manifests of the node-agents chart. */
let nodeAgents: any[];
/** The manifests of the builds chart. */
let builds: any[];
/** When the run of main.ts started, to tell its output from a stale file. */
let started: number;

beforeAll(() => {
  started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CDK8S_OUTDIR;
  execFileSync(process.execPath, [path.join('node_modules', 'ts-node', 'dist', 'bin.js'), '--swc', 'main.ts'], { cwd: ROOT, env, stdio: 'pipe' });
  manifests = Yaml.load(OUTPUT);
  nodeAgents = Yaml.load(NODE_AGENTS);
  builds = Yaml.load(BUILDS);
}, 60_000);

/** The files under `dir` but its top-level bookkeeping files, as sorted relative paths. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter(file => !file.startsWith('.cdk8s-patterns-') && fs.statSync(path.join(dir, file)).isFile())
    .sort();
}

describe('the reference app (main.ts)', () => {
  test('writes one file per chart: ticketing, node-agents and builds', () => {
    expect(fs.statSync(OUTPUT).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
    const dist = path.dirname(OUTPUT);
    expect(fs.readdirSync(dist).filter(name => !name.startsWith('.cdk8s-patterns-')).sort()).toEqual(['builds.k8s.yaml', 'charts', 'node-agents.k8s.yaml', 'ticketing.k8s.yaml']);
    // the list of the files PatternsApp wrote names exactly the files there
    expect(fs.readFileSync(path.join(dist, '.cdk8s-patterns-files'), 'utf8')).toBe(filesUnder(dist).map(file => `${file}\n`).join(''));
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Namespace/ticketing',
      'ResourceQuota/ticketing',
      'LimitRange/container-defaults',
      'NetworkPolicy/default-deny',
      'Service/tickets-db',
      'StatefulSet/tickets-db',
      'ServiceAccount/tickets-api',
      'PriorityClass/ticketing-api',
      'Deployment/tickets-api',
      expect.stringMatching(/^ConfigMap\/tickets-api-config-[a-z0-9]{10}$/),
      'ConfigMap/seat-map',
      'Role/tickets-api-config-reader',
      'RoleBinding/tickets-api-config-reader',
      'HorizontalPodAutoscaler/tickets-api',
      'PodDisruptionBudget/tickets-api',
      'Deployment/orders',
      'Service/orders-command',
      'Service/orders-query',
      'Service/seat-map-search-worker',
      'StatefulSet/seat-map-search-worker',
      'Deployment/seat-map-search-gatherer',
      'Service/seat-map-search',
      'NetworkPolicy/seat-map-search-gatherer-to-workers',
      'NetworkPolicy/seat-map-search-gatherer-to-workers-egress',
      'Job/db-migrate',
      'CronJob/seat-release',
      'Service/tickets-api',
      'Ingress/tickets',
      'NetworkPolicy/allow-clients-to-api',
      'NetworkPolicy/allow-prometheus-to-api',
      'NetworkPolicy/allow-api-to-db',
      'NetworkPolicy/allow-api-to-db-egress',
      'NetworkPolicy/allow-api-to-orders',
      'NetworkPolicy/allow-api-to-orders-egress',
      'NetworkPolicy/allow-api-to-seat-map',
      'NetworkPolicy/allow-api-to-seat-map-egress',
      'NetworkPolicy/allow-db-migrate-to-db',
      'NetworkPolicy/allow-db-migrate-to-db-egress',
      'NetworkPolicy/allow-seat-release-to-db',
      'NetworkPolicy/allow-seat-release-to-db-egress',
      'CustomResourceDefinition/venues.tickets.example.com',
      'Venue/opera',
      'ServiceAccount/venue-operator',
      'Deployment/venue-operator',
      'ClusterRole/venue-operator',
      'ClusterRoleBinding/venue-operator',
      'Role/venue-operator-leader-election',
      'RoleBinding/venue-operator-leader-election',
      'PodDisruptionBudget/venue-operator',
      'NetworkPolicy/allow-venue-operator-to-api-server',
      'VerticalPodAutoscaler/tickets-api',
    ]);
    expect(nodeAgents.map(m => `${m.kind}/${m.metadata.name}`)).toEqual(['Namespace/node-agents', 'DaemonSet/node-log-collector']);
    expect(builds.map(m => `${m.kind}/${m.metadata.name}`)).toEqual(['Namespace/builds', 'Job/tickets-api-1-4-2']);
  });

  test('passes the schema, and every pod meets the Pod Security Standard its namespace enforces', () => {
    expect(() => checkAll([...manifests, ...nodeAgents, ...builds])).not.toThrow();
  });

  test('keeps every pod in ticketing restricted: the node agent would break it there', () => {
    // GIVEN
    const movedAgent = nodeAgents.filter(m => m.kind === 'DaemonSet')
      .map(m => ({ ...m, metadata: { ...m.metadata, namespace: 'ticketing' } }));

    // THEN
    expect(() => checkAll([...manifests, ...movedAgent])).toThrow(/DaemonSet ticketing\/node-log-collector: .* breaks the Pod Security Standard 'restricted'/);
  });

  test('spreads tickets-api replicas across nodes and zones', () => {
    // WHEN
    const deployment = find(manifests, 'Deployment', 'tickets-api');
    const spread = deployment.spec.template.spec.topologySpreadConstraints;

    // THEN
    expect(spread.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const c of spread) expect(c.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  });

  test('scales tickets-api between 2 and 10 replicas on 70% CPU, one unavailable at most in a drain', () => {
    // WHEN
    const deployment = find(manifests, 'Deployment', 'tickets-api');
    const hpa = find(manifests, 'HorizontalPodAutoscaler', 'tickets-api');
    const pdb = find(manifests, 'PodDisruptionBudget', 'tickets-api');

    // THEN
    expect(deployment.spec.replicas).toBeUndefined();
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'tickets-api' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
  });

  describe('configuration', () => {
    test('injects the immutable ConfigMap the three ways: env, $(VAR) argument and read-only files', () => {
      // WHEN
      const config = manifests.find(m => m.kind === 'ConfigMap' && m.metadata.name.startsWith('tickets-api-config-'));
      const spec = podSpec(manifests, 'Deployment', 'tickets-api');
      const api = container(spec, 'api');

      // THEN
      expect(config.immutable).toBe(true);
      expect(api.env).toContainEqual({ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: config.metadata.name, key: 'LOG_LEVEL' } } });
      expect(api.args).toEqual(['--log-level=$(LOG_LEVEL)']);
      expect(JSON.stringify(api.args)).not.toContain(config.data.LOG_LEVEL);
      const mount = api.volumeMounts.find((m: any) => m.mountPath === '/etc/tickets');
      expect(mount.readOnly).toBe(true);
      expect(spec.volumes.find((v: any) => v.name === mount.name).configMap.name).toBe(config.metadata.name);
    });

    test('mounts the dynamic seat map as files from a mutable ConfigMap', () => {
      // WHEN
      const seatMap = find(manifests, 'ConfigMap', 'seat-map');
      const api = container(podSpec(manifests, 'Deployment', 'tickets-api'), 'api');

      // THEN
      expect(seatMap.immutable).toBeFalsy();
      expect(api.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/etc/seat-map', readOnly: true }));
      expect(api.env.map((e: any) => e.name)).not.toContain('SEAT_MAP');
    });

    test('references the db-password Secret without creating it', () => {
      // WHEN
      const api = container(podSpec(manifests, 'Deployment', 'tickets-api'), 'api');

      // THEN
      expect(manifests.filter(m => m.kind === 'Secret')).toEqual([]);
      expect(api.env).toContainEqual({ name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-password', key: 'password' } } });
    });
  });

  describe('namespace and access', () => {
    test('caps what the namespace may consume and gives containers default resources', () => {
      // WHEN
      const quota = find(manifests, 'ResourceQuota', 'ticketing');
      const limits = find(manifests, 'LimitRange', 'container-defaults');

      // THEN
      expect(quota.metadata.namespace).toBe('ticketing');
      expect(quota.spec.hard).toMatchObject({ 'requests.cpu': '16', 'limits.memory': '20Gi', 'pods': '30' });
      expect(limits.spec.limits).toEqual([expect.objectContaining({
        type: 'Container',
        defaultRequest: { cpu: '100m', memory: '128Mi' },
        default: { cpu: '500m', memory: '256Mi' },
      })]);
    });

    test('runs tickets-api as its own ServiceAccount that may read only its own ConfigMap', () => {
      // WHEN
      const deployment = find(manifests, 'Deployment', 'tickets-api');
      const config = manifests.find(m => m.kind === 'ConfigMap' && m.metadata.name.startsWith('tickets-api-config-'));
      const role = find(manifests, 'Role', 'tickets-api-config-reader');
      const binding = find(manifests, 'RoleBinding', 'tickets-api-config-reader');

      // THEN
      expect(deployment.spec.template.spec.serviceAccountName).toBe('tickets-api');
      expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [config.metadata.name], verbs: ['get', 'watch'] }]);
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tickets-api-config-reader' });
      expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: 'tickets-api', namespace: 'ticketing' })]);
    });

    test('mounts no API token in any other pod but the venue operator\'s, which talks to the API server', () => {
      const operator = find(manifests, 'Deployment', 'venue-operator');
      expect(podSpec([operator], 'Deployment')).toMatchObject({ automountServiceAccountToken: true, serviceAccountName: 'venue-operator' });
      const pods = [...manifests, ...nodeAgents, ...builds]
        .filter(m => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind) && !['tickets-api', 'venue-operator'].includes(m.metadata.name));
      expect(pods.length).toBeGreaterThanOrEqual(8);
      for (const pod of pods) expect([pod.metadata.name, podSpec([pod], pod.kind).automountServiceAccountToken]).toEqual([pod.metadata.name, false]);
    });
  });

  describe('network', () => {
    test('exposes tickets-api on NodePort 31111 and through the Ingress for tickets.example.com', () => {
      // WHEN
      const service = find(manifests, 'Service', 'tickets-api');
      const ingress = find(manifests, 'Ingress', 'tickets');
      const deployment = find(manifests, 'Deployment', 'tickets-api');

      // THEN
      expect(service.spec.type).toBe('NodePort');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', nodePort: 31111, protocol: 'TCP' }]);
      expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(ingress.spec.rules).toEqual([{
        host: 'tickets.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'tickets-api', port: { name: 'http' } } } }] },
      }]);
      expect(ingress.spec.tls).toEqual([{ secretName: 'tickets-tls', hosts: ['tickets.example.com'] }]);
    });

    test('denies all traffic by default and lets only tickets-api, the migration and the seat release reach tickets-db on 5432', () => {
      // WHEN
      const policies = manifests.filter(m => m.kind === 'NetworkPolicy');
      const db = find(manifests, 'StatefulSet', 'tickets-db');
      const toDb = policies.filter(p => JSON.stringify(p.spec.podSelector) === JSON.stringify(db.spec.selector));

      // THEN
      expect(find(manifests, 'NetworkPolicy', 'default-deny').spec).toMatchObject({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(toDb.map(p => p.metadata.name).sort()).toEqual(['allow-api-to-db', 'allow-db-migrate-to-db', 'allow-seat-release-to-db']);
      for (const p of toDb) expect(p.spec.ingress).toEqual([expect.objectContaining({ ports: [{ port: 5432, protocol: 'TCP' }] })]);
    });
  });

  describe('tickets-db', () => {
    test('is a StatefulSet with one claim per replica behind its headless Service', () => {
      // WHEN
      const db = find(manifests, 'StatefulSet', 'tickets-db');
      const service = find(manifests, 'Service', 'tickets-db');

      // THEN
      expect(db.spec.serviceName).toBe('tickets-db');
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec.selector).toEqual(db.spec.selector.matchLabels);
      expect(db.spec.volumeClaimTemplates).toEqual([{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      }]);
      expect(container(db.spec.template.spec, 'postgres').volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    });

    test('is Guaranteed and reads its password from the db-password Secret', () => {
      // WHEN
      const spec = podSpec(manifests, 'StatefulSet', 'tickets-db');

      // THEN
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
      expect(container(spec, 'postgres').env).toContainEqual({
        name: 'POSTGRES_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'db-password', key: 'password' } },
      });
    });
  });

  describe('batch work', () => {
    test('migrates the database once and releases seats every five minutes', () => {
      // WHEN
      const job = find(manifests, 'Job', 'db-migrate');
      const cron = find(manifests, 'CronJob', 'seat-release');

      // THEN
      expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600, completions: 1 });
      expect(cron.spec).toMatchObject({ schedule: '*/5 * * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid' });
    });
  });

  describe('node-log-collector', () => {
    test('runs on every Linux node in a privileged namespace, reading the node logs read-only', () => {
      // WHEN
      const namespace = find(nodeAgents, 'Namespace', 'node-agents');
      const spec = podSpec(nodeAgents, 'DaemonSet', 'node-log-collector');

      // THEN
      expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
      expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
      expect(spec.volumes).toEqual([{ name: 'node-logs', hostPath: { path: '/var/log', type: 'Directory' } }]);
      expect(container(spec, 'collector').volumeMounts).toEqual([{ name: 'node-logs', mountPath: '/var/log', readOnly: true }]);
    });
  });

  test('labels the ticketing Namespace', () => {
    // WHEN
    const namespace = find(manifests, 'Namespace', 'ticketing');

    // THEN
    expect(namespace.metadata.labels).toMatchObject({
      'venue': 'opera',
      'watch': 'cpu',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.26',
    });
  });

  test('has the opera house as a Venue, reconciled by the venue operator, and the API\'s VPA recommending only', () => {
    const crd = find(manifests, 'CustomResourceDefinition');
    expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.required).toEqual(['city', 'capacity']);
    expect(find(manifests, 'Venue', 'opera')).toMatchObject({ apiVersion: 'tickets.example.com/v1', metadata: { labels: { venue: 'opera' } }, spec: { city: 'Vienna', capacity: 1709 } });
    expect(find(manifests, 'Deployment', 'venue-operator').spec.replicas).toBe(2);
    expect(find(manifests, 'ClusterRole', 'venue-operator').rules.map((r: any) => r.resources[0])).toEqual(['venues', 'venues/status', 'venues/finalizers', 'events', 'configmaps']);
    expect(find(manifests, 'Role', 'venue-operator-leader-election').rules[0].resources).toEqual(['leases']);
    expect(find(manifests, 'VerticalPodAutoscaler').spec).toMatchObject({ targetRef: { kind: 'Deployment', name: 'tickets-api' }, updatePolicy: { updateMode: 'Off' } });
  });

  test('has no distillation finding at warning or above, and says why of each one it suppresses', () => {
    const app = new PatternsApp({ outdir: '/nonexistent' });
    new Ticketing(app, 'ticketing');
    new NodeAgents(app, 'node-agents');
    new ImageBuilds(app, 'builds');
    expect(Distillation.check(app).filter(f => f.severity !== LintSeverity.INFO).map(f => f.message)).toEqual([]);
    const suppressions = [...manifests, ...nodeAgents, ...builds]
      .flatMap(m => Object.entries<string>(m.metadata?.annotations ?? {}).filter(([k]) => k.startsWith('lint.cdk8s-patterns.io/ignore-')));
    expect(suppressions.map(([k]) => k.slice('lint.cdk8s-patterns.io/ignore-'.length)).sort()).toEqual([
      'DP-ATTACK-004', 'DP-ATTACK-012', 'DP-ATTACK-014', 'DP-ATTACK-014', 'DP-ATTACK-015', 'DP-ATTACK-015', 'DP-ATTACK-017', 'DP-ATTACK-018',
      'DP-FRUGAL-005', 'DP-FRUGAL-005', 'DP-STARTUP-002',
    ]);
    for (const [, reason] of suppressions) expect(reason.length).toBeGreaterThan(20);
  });

  test('puts every namespaced object in the ticketing Namespace', () => {
    for (const m of manifests.filter(x => !['Namespace', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition'].includes(x.kind))) {
      expect(m.metadata.namespace).toBe('ticketing');
    }
  });

  describe('tickets-api', () => {
    test('runs its init containers in order, then the api and its helpers', () => {
      // WHEN
      const spec = podSpec(manifests, 'Deployment', 'tickets-api');

      // THEN
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db', 'migrate-schema']);
      expect(spec.containers.map((c: any) => c.name)).toEqual(['api', 'log-shipper', 'db-proxy', 'metrics-exporter']);
    });

    test('is Guaranteed', () => {
      // WHEN
      const spec = podSpec(manifests, 'Deployment', 'tickets-api');

      // THEN
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
      for (const c of [...spec.containers, ...spec.initContainers]) {
        expect(c.resources).toEqual({
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { cpu: '250m', memory: '256Mi' },
        });
      }
    });

    test('gives the api the address of the db-proxy ambassador', () => {
      // WHEN
      const spec = podSpec(manifests, 'Deployment', 'tickets-api');

      // THEN
      expect(container(spec, 'api').env).toContainEqual({ name: 'DATABASE_ADDRESS', value: 'localhost:6432' });
      expect(container(spec, 'db-proxy').ports).toEqual([{ containerPort: 6432, name: 'proxy' }]);
    });

    test('carries the prometheus annotations of the metrics-exporter adapter', () => {
      // WHEN
      const deployment = find(manifests, 'Deployment', 'tickets-api');

      // THEN
      expect(deployment.spec.template.metadata.annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9102',
        'prometheus.io/path': '/metrics',
      });
      expect(container(deployment.spec.template.spec, 'metrics-exporter').ports).toEqual([{ containerPort: 9102, name: 'metrics' }]);
    });

    test('runs as the user and group of the pod security context, with a seccomp profile', () => {
      // WHEN
      const spec = podSpec(manifests, 'Deployment', 'tickets-api');

      // THEN
      expect(spec.securityContext).toMatchObject({
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
    });
  });

  describe('orders', () => {
    test('is a CQRS Deployment with a command and a query container', () => {
      // WHEN
      const spec = podSpec(manifests, 'Deployment', 'orders');

      // THEN
      expect(spec.containers.map((c: any) => [c.name, c.image, c.ports])).toEqual([
        ['command', 'ghcr.io/cdk8s-patterns/orders-command:2.0.1', [{ containerPort: 8081, name: 'command' }]],
        ['query', 'ghcr.io/cdk8s-patterns/orders-query:2.0.1', [{ containerPort: 8082, name: 'query' }]],
      ]);
    });

    test.each([
      ['orders-command', 'command', 8081],
      ['orders-query', 'query', 8082],
    ])('the %s Service targets the %s container on port %d', (name, portName, port) => {
      // WHEN
      const service = find(manifests, 'Service', name);
      const deployment = find(manifests, 'Deployment', 'orders');

      // THEN
      expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
      expect(service.spec.ports).toEqual([{ name: portName, port, targetPort: portName, protocol: 'TCP' }]);
    });
  });

  describe('seat-map-search', () => {
    test('fans out to one worker per section of the venue through the workers\' headless Service', () => {
      // WHEN
      const workers = find(manifests, 'StatefulSet', 'seat-map-search-worker');
      const service = find(manifests, 'Service', 'seat-map-search-worker');
      const gatherer = container(podSpec(manifests, 'Deployment', 'seat-map-search-gatherer'), 'gatherer');
      const env = Object.fromEntries(gatherer.env.map((e: any) => [e.name, e.value]));

      // THEN
      expect(workers.spec.replicas).toBe(4);
      expect(workers.spec.serviceName).toBe('seat-map-search-worker');
      expect(service.spec.clusterIP).toBe('None');
      expect(env).toEqual({
        WORKER_HOSTS: [0, 1, 2, 3].map(i => `seat-map-search-worker-${i}.seat-map-search-worker`).join(','),
        WORKER_PORT: '9090',
        WORKER_COUNT: '4',
        WORKER_SERVICE: 'seat-map-search-worker',
      });
    });

    test('is reached by tickets-api only, and reaches its workers only', () => {
      // WHEN
      const toGatherer = find(manifests, 'NetworkPolicy', 'allow-api-to-seat-map');
      const toWorkers = find(manifests, 'NetworkPolicy', 'seat-map-search-gatherer-to-workers');
      const gatherer = find(manifests, 'Deployment', 'seat-map-search-gatherer');
      const api = find(manifests, 'Deployment', 'tickets-api');

      // THEN
      expect(toGatherer.spec.podSelector.matchLabels).toEqual(gatherer.spec.selector.matchLabels);
      expect(toGatherer.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: api.spec.selector.matchLabels } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
      expect(toWorkers.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: gatherer.spec.selector.matchLabels } }]);
    });
  });

  describe('builds', () => {
    test('builds the tickets-api image from its git tag with kaniko, in a namespace that enforces baseline', () => {
      // WHEN
      const namespace = find(builds, 'Namespace', 'builds');
      const job = find(builds, 'Job', 'tickets-api-1-4-2');
      const kaniko = container(job.spec.template.spec, 'kaniko');

      // THEN
      expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
      expect(job.metadata.namespace).toBe('builds');
      expect(kaniko.image).toBe('gcr.io/kaniko-project/executor:v1.23.2');
      expect(kaniko.args).toEqual(expect.arrayContaining([
        '--context=git://github.com/cdk8s-patterns/tickets-api.git#refs/tags/v1.4.2',
        '--destination=ghcr.io/cdk8s-patterns/tickets-api:1.4.2',
      ]));
      expect(job.spec.template.spec.volumes).toEqual([
        { name: 'registry-credentials', secret: { secretName: 'registry-push', items: [{ key: '.dockerconfigjson', path: 'config.json' }] } },
      ]);
    });
  });
});
