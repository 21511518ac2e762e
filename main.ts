import { Chart, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Adapter, AllowEgress, AllowTraffic, Ambassador, BuildContext, ConfigSource, CqrsPod, CronJob, CustomResource,
  CustomResourceDefinition, DaemonSet, DefaultDenyNetworkPolicy, Deployment, Distillation, DisruptionBudget, HealthChecks, HelmChart,
  HelmValue, HealthProbe, HorizontalPodAutoscaler, HostPathVolume,
  ImageBuild, ImmutableConfigMap, Ingress, IngressBackend, InitContainers, InitStep, InjectConfig, Injection, Job,
  LimitRange, LintSeverity, ListType, Namespace, Operator, PatternsApp, Placement, PlacementRule, PodDisruptionBudget, PodSecurityLevel,
  PodVolume, PrinterColumnType, PriorityClass, QosPreset, Release, ResourceQuota, Role, ScatterGather, SchemaField,
  SecretRef, Service, ServiceAccount, ServiceType, Sidecar, StatefulSet, TrafficDestination, TrafficSource,
  VerticalPodAutoscaler, VpaUpdateMode,
} from './src';

const NAMESPACE = 'ticketing';
const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const POSTGRES_IMAGE = 'postgres:16.1';
// the database's first pod through its governing Service; in a Helm release both carry the release name
const DB_HOST = `${Release.nameOf('tickets-db')}-0.${Release.nameOf('tickets-db')}`;

/**
 * The course's ticketing system: the reference app of cdk8s-patterns.
 */
export class Ticketing extends Chart {
  private readonly dbPassword: SecretRef;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new Namespace(this, 'namespace', { metadata: { name: NAMESPACE, labels: { venue: 'opera', watch: 'cpu' } } });
    new ResourceQuota(this, 'quota', {
      metadata: { name: 'ticketing', namespace: NAMESPACE },
      requestsCpu: kplus.Cpu.units(16),
      requestsMemory: Size.gibibytes(16),
      limitsCpu: kplus.Cpu.units(20),
      limitsMemory: Size.gibibytes(20),
      pods: 30,
      services: 10,
      persistentVolumeClaims: 3,
      requestsStorage: Size.gibibytes(30),
    });
    new LimitRange(this, 'limits', {
      metadata: { name: 'container-defaults', namespace: NAMESPACE },
      defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
      defaultLimit: { cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(256) },
      max: { cpu: kplus.Cpu.units(2), memory: Size.gibibytes(2) },
    });
    // created outside the app: kubectl create secret generic db-password --from-literal=password=...
    this.dbPassword = new SecretRef(this, 'db-password', { name: 'db-password', keys: ['password'] });
    new DefaultDenyNetworkPolicy(this, 'default-deny', { metadata: { namespace: NAMESPACE }, denyEgress: true });
    const db = this.database();
    const api = this.api();
    const orders = this.orders();
    const seatMap = this.seatMap();
    const jobs = this.batch();
    const service = this.network(api, db, orders, seatMap, jobs);
    this.venues();
    // the API's requests, as the recommender would size them; recommendations only, as the HPA scales on CPU
    new VerticalPodAutoscaler(this, 'api-vpa', { target: api, updateMode: VpaUpdateMode.OFF });
    // published as a Helm chart too: dist/charts/ticketing/, `helm test` checking the API answers
    new HelmChart(this, 'helm', {
      version: '1.4.2',
      appVersion: '1.4.2',
      description: 'The course\'s ticketing system: API, database, orders and batch jobs.',
      testService: service,
    });
  }

  /**
   * The venues the box office sells (the course's `venue=opera`), as custom resources: a
   * CustomResourceDefinition with a structural schema (in the chart's crds/), the opera house, and
   * the venue operator that reconciles venues into the seat maps the seat-map service reads: two
   * replicas with leader election, RBAC on venues and ConfigMaps only, egress to the API server.
   */
  private venues(): void {
    const venues = new CustomResourceDefinition(this, 'venues', {
      group: 'tickets.example.com',
      kind: 'Venue',
      shortNames: ['vn'],
      versions: [{
        name: 'v1',
        spec: SchemaField.object({
          required: ['city', 'capacity'],
          properties: {
            city: SchemaField.string({ description: 'where the venue is', minLength: 1 }),
            capacity: SchemaField.integer({ description: 'seats in all', minimum: 1, maximum: 100000, int32: true }),
            sections: SchemaField.array(SchemaField.object({
              required: ['id', 'seats'],
              properties: { id: SchemaField.string({ pattern: '^[a-z][a-z0-9-]*$' }), seats: SchemaField.integer({ minimum: 1, int32: true }) },
            }), { description: 'the sections sold apart', listType: ListType.MAP, listMapKeys: ['id'] }),
          },
        }),
        status: SchemaField.object({ properties: { ready: SchemaField.boolean(), seatMap: SchemaField.string({ description: 'the ConfigMap holding the seat map' }) } }),
        printerColumns: [
          { name: 'City', type: PrinterColumnType.STRING, jsonPath: '.spec.city' },
          { name: 'Capacity', type: PrinterColumnType.INTEGER, jsonPath: '.spec.capacity' },
          { name: 'Ready', type: PrinterColumnType.BOOLEAN, jsonPath: '.status.ready' },
        ],
      }],
    });
    new CustomResource(this, 'opera', {
      definition: venues,
      metadata: { name: 'opera', namespace: NAMESPACE, labels: { venue: 'opera' } },
      spec: { city: 'Vienna', capacity: 1709, sections: [{ id: 'stalls', seats: 1000 }, { id: 'balcony', seats: 709 }] },
    });
    const operator = new Operator(this, 'venue-operator', {
      definitions: [venues],
      metadata: { name: 'venue-operator', namespace: NAMESPACE },
      replicas: 2,
      container: { image: 'ghcr.io/cdk8s-patterns/venue-operator:1.0.0', args: ['--leader-elect'], ports: [{ number: 8081, name: 'health' }] },
      permissions: [{ verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'], resources: [kplus.ApiResource.CONFIG_MAPS] }],
    });
    new Placement(this, 'venue-operator-placement', { workload: operator.deployment, rules: [PlacementRule.spreadAcrossNodes()] });
    new HealthChecks(this, 'venue-operator-health', {
      workload: operator.deployment,
      container: 'manager',
      readiness: HealthProbe.http('/readyz', { port: 8081 }),
      liveness: HealthProbe.http('/healthz', { port: 8081 }),
    });
    // the API server is no pod: its address, the kubernetes Service's endpoint, is the cluster's (here 10.0.0.1)
    new AllowEgress(this, 'venue-operator-to-api-server', {
      from: operator.deployment,
      to: TrafficDestination.ipBlock('10.0.0.1/32'),
      ports: [443],
      metadata: { name: 'allow-venue-operator-to-api-server', namespace: NAMESPACE },
    });
  }

  /** PostgreSQL with a sticky identity: one claim per replica, Guaranteed QoS, a headless Service. */
  private database(): StatefulSet {
    const db = new StatefulSet(this, 'tickets-db', {
      metadata: { name: 'tickets-db', namespace: NAMESPACE },
      replicas: 1,
      qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(1024) }),
      securityContext: { user: 999, group: 999, fsGroup: 999 },
      containers: [{
        name: 'postgres',
        image: POSTGRES_IMAGE,
        ports: [{ number: 5432, name: 'postgres' }],
        envVariables: { PGDATA: kplus.EnvValue.fromValue('/var/lib/postgresql/data/pgdata') },
      }],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(10) }],
    });
    new InjectConfig(this, 'db-secrets', {
      workload: db,
      source: ConfigSource.fromSecret(this.dbPassword),
      injections: [Injection.asEnv('password', 'POSTGRES_PASSWORD')],
    });
    new PodVolume(this, 'db-run', { workload: db, name: 'run', sizeLimit: Size.mebibytes(16), mounts: [{ mountPath: '/var/run/postgresql' }] });
    new HealthChecks(this, 'db-health', {
      workload: db,
      startup: HealthProbe.exec(['pg_isready', '-U', 'postgres']),
      readiness: HealthProbe.exec(['pg_isready', '-U', 'postgres']),
      liveness: HealthProbe.tcp(5432),
    });
    return db;
  }

  /**
   * The API: init steps, a log shipper, a database ambassador and a metrics adapter, Guaranteed QoS,
   * 2-10 replicas on CPU, spread across nodes and zones, at most one unavailable during drains.
   */
  private api(): Deployment {
    // the API watches its settings through the Kubernetes API, so it is the one pod with a token
    const identity = new ServiceAccount(this, 'api-identity', {
      metadata: { name: 'tickets-api', namespace: NAMESPACE },
      automountToken: true,
    });
    // sold-out shows: the API is scheduled, and keeps its nodes, before batch work
    const priority = new PriorityClass(this, 'api-priority', {
      metadata: { name: 'ticketing-api' },
      value: 100000,
      description: 'The ticketing API: scheduled before, and not preempted by, batch jobs.',
    });
    const api = new Deployment(this, 'tickets-api', {
      metadata: { name: 'tickets-api', namespace: NAMESPACE },
      priorityClass: priority,
      serviceAccount: identity,
      automountServiceAccountToken: true,
      qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) }),
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{ name: 'api', image: API_IMAGE, ports: [{ number: 8080, name: 'http' }] }],
    });
    new InitContainers(this, 'api-init', {
      workload: api,
      steps: [
        InitStep.waitFor({ name: 'wait-for-db', host: DB_HOST, port: 5432 }),
        InitStep.run({ name: 'migrate-schema', image: API_IMAGE, command: ['/app/tickets-api', 'migrate', '--if-needed'] }),
      ],
    });
    const config = this.apiConfig(api);
    // it may read its own ConfigMap, nothing else
    Role.toReadConfigMap(this, 'api-config-reader', {
      configMapName: config.name,
      serviceAccount: identity,
      metadata: { name: 'tickets-api-config-reader' },
    });
    new Sidecar(this, 'log-shipper', { workload: api, image: 'fluent/fluent-bit:2.2.2', mountPath: '/var/log/tickets' });
    new Ambassador(this, 'db-proxy', {
      workload: api,
      image: 'bitnami/pgbouncer:1.22.1',
      port: 6432,
      remoteEndpoints: [`${DB_HOST}:5432`],
      addressVariable: 'DATABASE_ADDRESS',
    });
    new Adapter(this, 'metrics-exporter', { workload: api, image: 'prom/statsd-exporter:v0.26.0', port: 9102 });
    new HealthChecks(this, 'api-health', {
      workload: api,
      container: 'api',
      startup: HealthProbe.http('/healthz', { port: 8080 }),
      readiness: HealthProbe.http('/ready', { port: 8080 }),
      liveness: HealthProbe.http('/healthz', { port: 8080 }),
    });
    new Placement(this, 'api-placement', {
      workload: api,
      rules: [PlacementRule.spreadAcrossNodes(), PlacementRule.spreadAcrossZones()],
    });
    new HorizontalPodAutoscaler(this, 'api-autoscaler', { target: api, minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 });
    new PodDisruptionBudget(this, 'api-budget', { workload: api, budget: DisruptionBudget.maxUnavailable(1) });
    return api;
  }

  /**
   * The API's configuration, the three ways: the log level as an environment variable and as a
   * `$(VAR)` argument, the settings file as a read-only file; the immutable ConfigMap's name carries a
   * hash of its data, so a change rolls the pods. Seat-map overrides change at run time: a mutable
   * ConfigMap mounted as files, which the kubelet updates in place.
   */
  private apiConfig(api: Deployment): ImmutableConfigMap {
    const config = new ImmutableConfigMap(this, 'tickets-api-config', {
      metadata: { name: 'tickets-api-config', namespace: NAMESPACE },
      data: {
        'LOG_LEVEL': 'info',
        'settings.yaml': 'currency: EUR\nholdMinutes: 10\n',
      },
    });
    new InjectConfig(this, 'api-config', {
      workload: api,
      container: 'api',
      source: ConfigSource.fromConfigMap(config),
      injections: [
        Injection.asEnv('LOG_LEVEL'),
        Injection.asArg('LOG_LEVEL', '--log-level'),
        Injection.asFiles('/etc/tickets'),
      ],
    });
    const seatMap = new kplus.ConfigMap(this, 'seat-map', {
      metadata: { name: 'seat-map', namespace: NAMESPACE },
      data: { 'overrides.yaml': 'closedRows: []\n' },
    });
    new InjectConfig(this, 'api-seat-map', {
      workload: api,
      container: 'api',
      source: ConfigSource.fromConfigMap(seatMap, { dynamic: true }),
      injections: [Injection.asFiles('/etc/seat-map')],
    });
    new InjectConfig(this, 'api-secrets', {
      workload: api,
      container: 'api',
      source: ConfigSource.fromSecret(this.dbPassword),
      injections: [Injection.asEnv('password', 'DATABASE_PASSWORD')],
    });
    return config;
  }

  /** Orders: the command and query models in one pod, a Service each. */
  private orders(): CqrsPod {
    const orders = new CqrsPod(this, 'orders', {
      metadata: { name: 'orders', namespace: NAMESPACE },
      command: { image: 'ghcr.io/cdk8s-patterns/orders-command:2.0.1', port: 8081 },
      query: { image: 'ghcr.io/cdk8s-patterns/orders-query:2.0.1', port: 8082 },
    });
    this.healthy('orders-command', orders.workload, 'command', 8081);
    this.healthy('orders-query', orders.workload, 'query', 8082);
    new Placement(this, 'orders-placement', { workload: orders.workload, rules: [PlacementRule.spreadAcrossNodes()] });
    return orders;
  }

  /** Readiness and liveness of a container serving HTTP on a port, and its workload spread across nodes. */
  private healthy(id: string, workload: kplus.Workload, container: string, port: number): void {
    new HealthChecks(this, `${id}-health`, {
      workload,
      container,
      readiness: HealthProbe.http('/ready', { port }),
      liveness: HealthProbe.http('/healthz', { port }),
    });
  }

  /**
   * Seat availability: a gatherer asks one worker per section of the venue (stalls, boxes, circle,
   * gallery) and merges their seat maps; a missing answer is a section it reports as unknown.
   */
  private seatMap(): ScatterGather {
    const side = {
      securityContext: { user: 10001, group: 10001 },
      qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) }),
    };
    const search = new ScatterGather(this, 'seat-map-search', {
      metadata: { name: 'seat-map-search', namespace: NAMESPACE },
      workers: { ...side, image: 'ghcr.io/cdk8s-patterns/seat-map-shard:1.4.2', port: 9090, replicas: 4 },
      gatherer: { ...side, image: 'ghcr.io/cdk8s-patterns/seat-map-gatherer:1.4.2', port: 8080 },
    });
    this.healthy('seat-map-workers', search.workers, 'worker', 9090);
    this.healthy('seat-map-gatherer', search.gatherer, 'gatherer', 8080);
    for (const [id, workload] of [['seat-map-workers', search.workers], ['seat-map-gatherer', search.gatherer]] as const) {
      new Placement(this, `${id}-placement`, { workload, rules: [PlacementRule.spreadAcrossNodes()] });
    }
    return search;
  }

  /** Run-to-completion work: a one-off migration and a seat release every five minutes. */
  private batch(): kplus.Workload[] {
    const migrate = new Job(this, 'db-migrate', {
      metadata: { name: 'db-migrate', namespace: NAMESPACE },
      backoffLimit: 3,
      activeDeadline: Duration.minutes(10),
      ttlAfterFinished: Duration.hours(1),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'migrate', image: API_IMAGE, command: ['/app/tickets-api', 'migrate'] }],
    });
    const release = new CronJob(this, 'seat-release', {
      metadata: { name: 'seat-release', namespace: NAMESPACE },
      schedule: Cron.schedule({ minute: '*/5' }),
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.minutes(2),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'release', image: API_IMAGE, command: ['/app/tickets-api', 'release-expired-holds'] }],
    });
    // a value of our own in the chart: --set dbMigrate.retries=5
    new HelmValue(this, 'migrate-retries', {
      name: 'dbMigrate.retries',
      defaultValue: 3,
      description: 'is how often the schema migration is retried before the Job fails',
    }).bindTo(migrate, '/spec/backoffLimit');
    return [migrate, release];
  }

  /**
   * The network is not secure: everything is denied (egress too, but DNS) and
   * each flow the app needs is allowed, port by port. Clients reach the API
   * through the NodePort 31111 or the Ingress for tickets.example.com.
   */
  private network(api: Deployment, db: StatefulSet, orders: CqrsPod, seatMap: ScatterGather, jobs: kplus.Workload[]): Service {
    const service = new Service(this, 'tickets-api-service', {
      workload: api,
      type: ServiceType.NODE_PORT,
      ports: [{ port: 80, name: 'http', targetPortName: 'http', nodePort: 31111 }],
    });
    new Ingress(this, 'tickets-ingress', {
      metadata: { name: 'tickets', namespace: NAMESPACE },
      ingressClassName: 'nginx',
      rules: [{ host: 'tickets.example.com', backend: IngressBackend.fromService(service, { portName: 'http' }) }],
      // issued by cert-manager into the tickets-tls Secret
      tls: [{ secretName: 'tickets-tls', hosts: ['tickets.example.com'] }],
    });
    const allow = (id: string, from: TrafficSource, to: kplus.Workload, ports: number[]) =>
      new AllowTraffic(this, id, { from, to, ports, metadata: { name: `allow-${id}`, namespace: NAMESPACE } });
    allow('clients-to-api', TrafficSource.anywhere(), api, [8080]);
    allow('prometheus-to-api', TrafficSource.namespace('monitoring'), api, [9102]);
    allow('api-to-db', TrafficSource.workload(api), db, [5432]);
    allow('api-to-orders', TrafficSource.workload(api), orders.workload, [8081, 8082]);
    allow('api-to-seat-map', TrafficSource.workload(api), seatMap.gatherer, [8080]);
    jobs.forEach(job => allow(`${job.node.id}-to-db`, TrafficSource.workload(job), db, [5432]));
    return service;
  }
}

/**
 * Node agents: a log collector on every Linux node. It reads the node's logs
 * through a hostPath volume as root, so its namespace enforces "privileged";
 * everything in `ticketing` stays "restricted".
 */
export class NodeAgents extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const namespace = 'node-agents';
    const ns = new Namespace(this, 'namespace', { metadata: { name: namespace }, podSecurity: PodSecurityLevel.PRIVILEGED });
    Distillation.suppress(ns, 'DP-FRUGAL-005', 'one collector pod per node, sized by its QoS preset; a quota would only cap the node count');
    const collector = new DaemonSet(this, 'node-log-collector', {
      metadata: { name: 'node-log-collector', namespace },
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      qos: QosPreset.burstable({
        requests: { cpu: kplus.Cpu.millis(50), memory: Size.mebibytes(64) },
        limits: { memory: Size.mebibytes(128) },
      }),
      containers: [{
        name: 'collector',
        image: 'fluent/fluent-bit:2.2.2',
        securityContext: { ensureNonRoot: false, user: 0 },
      }],
    });
    new HostPathVolume(this, 'node-logs', { workload: collector, path: '/var/log', mounts: [{ mountPath: '/var/log' }] });
    const root = 'reads every pod\'s logs under the node\'s /var/log, which only root may read; its namespace enforces privileged';
    for (const rule of ['DP-ATTACK-004', 'DP-ATTACK-012', 'DP-ATTACK-014', 'DP-ATTACK-015']) Distillation.suppress(collector, rule, root);
    Distillation.suppress(collector, 'DP-STARTUP-002', 'fluent-bit restarts itself on a failed output; its HTTP health endpoint is off in this configuration');
    new HelmChart(this, 'helm', { description: 'A log collector on every Linux node; install it into a namespace that enforces the privileged Pod Security level.' });
  }
}

/**
 * Image builds inside the cluster: kaniko builds the API's image from its git tag and pushes it to
 * the registry. kaniko runs as root with a few capabilities, so its namespace enforces "baseline".
 */
export class ImageBuilds extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const namespace = 'builds';
    const ns = new Namespace(this, 'namespace', { metadata: { name: namespace }, podSecurity: PodSecurityLevel.BASELINE });
    Distillation.suppress(ns, 'DP-FRUGAL-005', 'one build at a time, run by the release pipeline, sized by the ImageBuild; nothing else runs here');
    // created outside the app: kubectl create secret docker-registry registry-push --namespace builds ...
    const push = new SecretRef(this, 'registry-push', { name: 'registry-push', keys: ['.dockerconfigjson'] });
    const build = new ImageBuild(this, 'tickets-api-build', {
      metadata: { name: 'tickets-api-1-4-2', namespace },
      context: BuildContext.fromGit({ url: 'https://github.com/cdk8s-patterns/tickets-api.git', revision: 'refs/tags/v1.4.2' }),
      destination: API_IMAGE,
      registryCredentials: push,
    });
    const kaniko = 'kaniko unpacks the base image into its own root filesystem as root, with the capabilities that needs; its namespace enforces baseline';
    for (const rule of ['DP-ATTACK-014', 'DP-ATTACK-015', 'DP-ATTACK-017', 'DP-ATTACK-018']) Distillation.suppress(build, rule, kaniko);
  }
}

if (require.main === module) {
  // synth fails on any distillation finding at warning or above that is not suppressed with a reason
  const app = new PatternsApp({ lint: { failOn: LintSeverity.WARNING } });
  new Ticketing(app, 'ticketing');
  new NodeAgents(app, 'node-agents');
  new ImageBuilds(app, 'builds');
  app.synth();
}
