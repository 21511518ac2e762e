import { Chart, Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Adapter, Ambassador, CqrsPod, CronJob, DaemonSet, Deployment, DisruptionBudget, HealthChecks, HealthProbe,
  HorizontalPodAutoscaler, HostPathVolume, PodDisruptionBudget,
  InitContainers, InitStep, Job, PatternsApp, Placement, PlacementRule, PodSecurityLevel, QosPreset, Sidecar,
  StatefulSet,
} from './src';

const NAMESPACE = 'ticketing';
const API_IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';
const POSTGRES_IMAGE = 'postgres:16.1';
const DB_HOST = 'tickets-db-0.tickets-db';

/**
 * The course's ticketing system: the reference app of cdk8s-patterns.
 */
export class Ticketing extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: NAMESPACE,
        labels: { 'venue': 'opera', 'watch': 'cpu', 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    });
    this.database();
    this.api();
    this.orders();
    this.batch();
  }

  /** PostgreSQL with a sticky identity: one claim per replica, Guaranteed QoS, a headless Service. */
  private database(): void {
    // created outside the app: kubectl create secret generic db-password --from-literal=password=...
    const password = kplus.Secret.fromSecretName(this, 'db-password', 'db-password');
    const db = new StatefulSet(this, 'tickets-db', {
      metadata: { name: 'tickets-db', namespace: NAMESPACE },
      replicas: 1,
      qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(1024) }),
      securityContext: { user: 999, group: 999, fsGroup: 999 },
      containers: [{
        name: 'postgres',
        image: POSTGRES_IMAGE,
        ports: [{ number: 5432, name: 'postgres' }],
        envVariables: {
          POSTGRES_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: password, key: 'password' }),
          PGDATA: kplus.EnvValue.fromValue('/var/lib/postgresql/data/pgdata'),
        },
      }],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(10) }],
    });
    const run = kplus.Volume.fromEmptyDir(this, 'db-run', 'run', { sizeLimit: Size.mebibytes(16) });
    db.containers[0].mount('/var/run/postgresql', run);
    new HealthChecks(this, 'db-health', {
      workload: db,
      startup: HealthProbe.exec(['pg_isready', '-U', 'postgres']),
      readiness: HealthProbe.exec(['pg_isready', '-U', 'postgres']),
      liveness: HealthProbe.tcp(5432),
    });
  }

  /**
   * The API: init steps, a log shipper, a database ambassador and a metrics adapter, Guaranteed QoS,
   * 2-10 replicas on CPU, spread across nodes and zones, at most one unavailable during drains.
   */
  private api(): Deployment {
    const api = new Deployment(this, 'tickets-api', {
      metadata: { name: 'tickets-api', namespace: NAMESPACE },
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

  /** Orders: the command and query models in one pod, a Service each. */
  private orders(): void {
    new CqrsPod(this, 'orders', {
      namespace: NAMESPACE,
      command: { image: 'ghcr.io/cdk8s-patterns/orders-command:2.0.1', port: 8081 },
      query: { image: 'ghcr.io/cdk8s-patterns/orders-query:2.0.1', port: 8082 },
    });
  }

  /** Run-to-completion work: a one-off migration and a seat release every five minutes. */
  private batch(): void {
    new Job(this, 'db-migrate', {
      metadata: { name: 'db-migrate', namespace: NAMESPACE },
      backoffLimit: 3,
      activeDeadline: Duration.minutes(10),
      ttlAfterFinished: Duration.hours(1),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'migrate', image: API_IMAGE, command: ['/app/tickets-api', 'migrate'] }],
    });
    new CronJob(this, 'seat-release', {
      metadata: { name: 'seat-release', namespace: NAMESPACE },
      schedule: Cron.schedule({ minute: '*/5' }),
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.minutes(2),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'release', image: API_IMAGE, command: ['/app/tickets-api', 'release-expired-holds'] }],
    });
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
    new kplus.Namespace(this, 'namespace', {
      metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });
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
  }
}

if (require.main === module) {
  const app = new PatternsApp();
  new Ticketing(app, 'ticketing');
  new NodeAgents(app, 'node-agents');
  app.synth();
}
