import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Adapter, Ambassador, CqrsPod, Deployment, InitContainers, InitStep,
  PatternsApp, QosPreset, Sidecar,
} from './src';

const NAMESPACE = 'ticketing';

/**
 * The course's ticketing system: the reference app of cdk8s-patterns.
 */
export class Ticketing extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: NAMESPACE,
        labels: {
          'venue': 'opera',
          'watch': 'cpu',
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    });

    const api = new Deployment(this, 'tickets-api', {
      metadata: { name: 'tickets-api', namespace: NAMESPACE },
      replicas: 2,
      qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(250), memory: Size.mebibytes(256) }),
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{
        name: 'api',
        image: 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2',
        ports: [{ number: 8080, name: 'http' }],
        readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      }],
    });

    new InitContainers(this, 'api-init', {
      workload: api,
      steps: [
        InitStep.waitFor({ name: 'wait-for-db', host: 'tickets-db', port: 5432 }),
        InitStep.run({
          name: 'migrate-schema',
          image: 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2',
          command: ['/app/tickets-api', 'migrate', '--if-needed'],
        }),
      ],
    });

    new Sidecar(this, 'log-shipper', {
      workload: api,
      image: 'fluent/fluent-bit:2.2.2',
      mountPath: '/var/log/tickets',
    });

    new Ambassador(this, 'db-proxy', {
      workload: api,
      image: 'bitnami/pgbouncer:1.22.1',
      port: 6432,
      remoteEndpoints: ['tickets-db:5432'],
      addressVariable: 'DATABASE_ADDRESS',
    });

    new Adapter(this, 'metrics-exporter', {
      workload: api,
      image: 'prom/statsd-exporter:v0.26.0',
      port: 9102,
    });

    new CqrsPod(this, 'orders', {
      namespace: NAMESPACE,
      command: { image: 'ghcr.io/cdk8s-patterns/orders-command:2.0.1', port: 8081 },
      query: { image: 'ghcr.io/cdk8s-patterns/orders-query:2.0.1', port: 8082 },
    });
  }
}

if (require.main === module) {
  const app = new PatternsApp();
  new Ticketing(app, 'ticketing');
  app.synth();
}
