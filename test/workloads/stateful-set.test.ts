import { Size } from 'cdk8s';
import { Qos, QosClass, QosPreset, Service, ServiceType, StatefulSet } from '../../src';
import { k8s, kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';
import { allContainers, DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const IMAGE = 'postgres:16.1';
const BUSYBOX = 'busybox:1.36';

const DNS_LABEL = "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";

/** The one container most tests give: a database listening on 5432. */
const DB = { image: IMAGE, ports: [{ number: 5432, name: 'pg' }] };

type StatefulSetProps = ConstructorParameters<typeof StatefulSet>[2];

/** A StatefulSet `db` named `db` with the database container, in that chart. */
function newDbIn(chart: ReturnType<typeof newChart>, props: Partial<StatefulSetProps> = {}): StatefulSet {
  return new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB], ...props });
}

/** A StatefulSet `db` named `db` with the database container, in a fresh chart. */
function newDb(props: Partial<StatefulSetProps> = {}): StatefulSet {
  return newDbIn(newChart(), props);
}

describe('StatefulSet', () => {
  describe('governing Service', () => {
    test('creates a headless Service named like the StatefulSet, in its namespace, and points serviceName at it', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', {
        metadata: { name: 'orders-db', namespace: 'data', labels: { app: 'orders-db' } },
        containers: [DB],
      });

      // WHEN
      const manifests = synth(chart);
      const service = find(manifests, 'Service');
      const statefulSet = find(manifests, 'StatefulSet');

      // THEN
      expect(service.apiVersion).toBe('v1');
      expect(service.metadata).toEqual({ name: 'orders-db', namespace: 'data', labels: { app: 'orders-db' } });
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec.selector).toEqual(statefulSet.spec.selector.matchLabels);
      expect(service.spec.ports).toEqual([{ name: 'pg', port: 5432, targetPort: 5432 }]);
      expect(statefulSet.metadata).toEqual({ name: 'orders-db', namespace: 'data', labels: { app: 'orders-db' } });
      expect(statefulSet.spec.serviceName).toBe('orders-db');
    });

    test('lists the ports of containers added later with addContainer', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB] });

      // WHEN
      db.addContainer({
        name: 'exporter',
        image: BUSYBOX,
        ports: [{ number: 9187, name: 'metrics' }, { number: 9187, name: 'metrics-udp', protocol: kplus.Protocol.UDP }],
      });
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.ports).toEqual([
        { name: 'pg', port: 5432, targetPort: 5432 },
        { name: 'metrics', port: 9187, targetPort: 9187 },
        { name: 'metrics-udp', port: 9187, targetPort: 9187, protocol: 'UDP' },
      ]);
    });

    test('uses a Service given in props and creates none', () => {
      // GIVEN
      const chart = newChart();
      const service = new kplus.Service(chart, 'peers', {
        metadata: { name: 'db-peers' },
        clusterIP: 'None',
        ports: [{ port: 5432, name: 'pg' }],
      });
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, service, containers: [DB] });

      // WHEN
      db.addContainer({ name: 'exporter', image: BUSYBOX, ports: [{ number: 9187, name: 'metrics' }] });
      const manifests = synth(chart);

      // THEN
      expect(manifests.filter(m => m.kind === 'Service')).toHaveLength(1);
      const rendered = find(manifests, 'Service', 'db-peers');
      expect(rendered.spec.ports).toEqual([{ name: 'pg', port: 5432 }]);
      expect(rendered.spec.selector).toEqual(find(manifests, 'StatefulSet').spec.selector.matchLabels);
      expect(find(manifests, 'StatefulSet').spec.serviceName).toBe('db-peers');
      expect(db.service).toBe(service);
    });

    test('a Service given in props spares the containers from exposing a port', () => {
      // GIVEN
      const chart = newChart();
      const service = new kplus.Service(chart, 'peers', { metadata: { name: 'db-peers' }, clusterIP: 'None', ports: [{ port: 5432 }] });
      new StatefulSet(chart, 'db', { metadata: { name: 'db' }, service, containers: [{ image: IMAGE }] });

      // WHEN
      const statefulSet = find(synth(chart), 'StatefulSet');

      // THEN
      expect(statefulSet.spec.serviceName).toBe('db-peers');
    });

    test('creates a named governing Service when the StatefulSet has no metadata.name', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { containers: [DB] });

      // WHEN
      const manifests = synth(chart);

      // THEN
      const service = find(manifests, 'Service');
      expect(service.metadata.name).toMatch(/^test-db-service-[0-9a-f]{8}$/);
      expect(find(manifests, 'StatefulSet').spec.serviceName).toBe(service.metadata.name);
    });

    test("names the governing Service serviceName, so that the StatefulSet's name need only be a DNS-1123 label", () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { metadata: { name: '2024-orders', namespace: 'data' }, serviceName: 'orders-peers', containers: [DB] });

      // WHEN
      const manifests = synth(chart);

      // THEN
      expect(find(manifests, 'Service').metadata).toEqual({ name: 'orders-peers', namespace: 'data' });
      expect(find(manifests, 'StatefulSet').metadata.name).toBe('2024-orders');
      expect(find(manifests, 'StatefulSet').spec.serviceName).toBe('orders-peers');
    });

    test('names the governing Service serviceName when the StatefulSet has no metadata.name', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { serviceName: 'db', containers: [DB] });

      // WHEN
      const manifests = synth(chart);

      // THEN
      expect(find(manifests, 'Service').metadata.name).toBe('db');
      expect(find(manifests, 'StatefulSet').spec.serviceName).toBe('db');
    });

    test('creates a headless Service without ports when no container declares one, which Kubernetes accepts', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [{ image: IMAGE }] });

      // WHEN
      const manifests = synth(chart);
      const service = find(manifests, 'Service');

      // THEN
      expect(service.spec).toEqual({ clusterIP: 'None', type: 'ClusterIP', selector: find(manifests, 'StatefulSet').spec.selector.matchLabels });
      expect(find(manifests, 'StatefulSet').spec.serviceName).toBe('db');
    });

    test('lists the ports of containers added after a port-less start', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [{ image: IMAGE }] });

      // WHEN
      db.addContainer({ name: 'exporter', image: BUSYBOX, ports: [{ number: 9187, name: 'metrics' }] });

      // THEN
      expect(find(synth(chart), 'Service').spec.ports).toEqual([{ name: 'metrics', port: 9187, targetPort: 9187 }]);
    });

    test('accepts a ClusterIP Service beside the governing headless one', () => {
      // GIVEN
      const chart = newChart();
      const db = newDbIn(chart);

      // WHEN
      new Service(chart, 'rw', { workload: db, metadata: { name: 'db-rw' }, ports: [{ port: 5432, targetPortName: 'pg' }] });

      // THEN
      expect(synth(chart).filter(m => m.kind === 'Service').map(m => m.metadata.name)).toEqual(['db', 'db-rw']);
    });

    test('fails when a second headless Service selects its pods: a StatefulSet has one governing Service', () => {
      // GIVEN
      const chart = newChart();
      const db = newDbIn(chart);

      // WHEN
      new Service(chart, 'peers', { workload: db, type: ServiceType.HEADLESS, metadata: { name: 'db-peers' }, ports: [{ port: 5432, name: 'pg' }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/db: 'service' must be the only headless Service of the StatefulSet's pods, its governing Service 'db', got also Service 'db-peers' (test/peers): "
        + "a StatefulSet has one governing Service, which gives each pod its DNS name; give the other Service a cluster IP, or pass it as 'service'"));
    });

    test('fails when a second headless Service selects its pods by one of their labels, whatever built it', () => {
      // GIVEN
      const chart = newChart();
      newDbIn(chart, { podMetadata: { labels: { app: 'db' } } });

      // WHEN
      new k8s.KubeService(chart, 'raw', { metadata: { name: 'db-raw' }, spec: { clusterIp: 'None', selector: { app: 'db' } } });

      // THEN
      expect(() => synth(chart)).toThrow(/^test\/db: 'service' must be the only headless Service of the StatefulSet's pods, its governing Service 'db', got also Service 'db-raw' \(test\/raw\)/);
    });

    test('accepts a headless Service of other pods or of another namespace', () => {
      // GIVEN
      const chart = newChart();
      newDbIn(chart, { podMetadata: { labels: { app: 'db' } } });

      // WHEN
      new k8s.KubeService(chart, 'other-pods', { metadata: { name: 'cache' }, spec: { clusterIp: 'None', selector: { app: 'cache' } } });
      new k8s.KubeService(chart, 'other-namespace', { metadata: { name: 'db-peers', namespace: 'elsewhere' }, spec: { clusterIp: 'None', selector: { app: 'db' } } });

      // THEN
      expect(synth(chart).filter(m => m.kind === 'Service')).toHaveLength(3);
    });

    test('names unnamed ports <protocol>-<number> on the governing Service, which must name each of several ports', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [{ image: IMAGE, portNumber: 5432 }, { name: 'exporter', image: BUSYBOX, portNumber: 9187 }] });

      // WHEN
      const service = find(synth(chart), 'Service');

      // THEN
      expect(service.spec.ports).toEqual([
        { name: 'tcp-5432', port: 5432, targetPort: 5432 },
        { name: 'tcp-9187', port: 9187, targetPort: 9187 },
      ]);
    });

    test('lists the ports of containers attached with attachContainer', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB] });

      // WHEN
      db.attachContainer(new kplus.Container({
        name: 'exporter',
        image: BUSYBOX,
        ports: [{ number: 9187, name: 'metrics' }],
        resources: {},
        securityContext: { capabilities: { drop: ['ALL' as kplus.Capability] } },
      }));

      // THEN
      expect(find(synth(chart), 'Service').spec.ports).toContainEqual({ name: 'metrics', port: 9187, targetPort: 9187 });
    });
  });

  describe('volumeClaimTemplates', () => {
    test('renders a claim template given in props and mounts it into the first container', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        containers: [DB, { name: 'exporter', image: BUSYBOX }],
        volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(10), storageClassName: 'fast-ssd' }],
      });

      // WHEN
      const manifest = find(synth(chart), 'StatefulSet');
      const spec = podSpec([manifest], 'StatefulSet');

      // THEN
      expect(manifest.spec.volumeClaimTemplates).toEqual([{
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'fast-ssd',
          resources: { requests: { storage: '10Gi' } },
        },
      }]);
      expect(container(spec, 'main').volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/postgresql/data' }]);
      expect(container(spec, 'exporter')).not.toHaveProperty('volumeMounts');
    });

    test('mounts a claim template added after construction into the container it names', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB] });
      db.addContainer({ name: 'exporter', image: BUSYBOX });

      // WHEN
      db.addVolumeClaimTemplate({
        name: 'metrics',
        mountPath: '/metrics',
        storage: Size.mebibytes(512),
        container: 'exporter',
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
      });
      const manifest = find(synth(chart), 'StatefulSet');
      const spec = podSpec([manifest], 'StatefulSet');

      // THEN
      expect(manifest.spec.volumeClaimTemplates).toEqual([{
        metadata: { name: 'metrics' },
        spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '512Mi' } } },
      }]);
      expect(container(spec, 'exporter').volumeMounts).toEqual([{ name: 'metrics', mountPath: '/metrics' }]);
      expect(container(spec, 'main')).not.toHaveProperty('volumeMounts');
      expect(db.volumeClaimTemplates.map(c => c.name)).toEqual(['metrics']);
    });

    test('keeps the volume mounts a container already has and adds the claim after them', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB] });
      db.containers[0].mount('/tmp', kplus.Volume.fromEmptyDir(db, 'tmp', 'tmp'));

      // WHEN
      db.addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) });
      const spec = podSpec(synth(chart), 'StatefulSet');

      // THEN
      expect(container(spec, 'main').volumeMounts).toEqual([
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'data', mountPath: '/data' },
      ]);
    });

    test('lets two containers mount their own claims at the same path', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB, { name: 'replica', image: IMAGE }] });

      // WHEN
      db.addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) });
      db.addVolumeClaimTemplate({ name: 'replica-data', mountPath: '/data', storage: Size.gibibytes(1), container: 'replica' });
      const spec = podSpec(synth(chart), 'StatefulSet');

      // THEN
      expect(container(spec, 'main').volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
      expect(container(spec, 'replica').volumeMounts).toEqual([{ name: 'replica-data', mountPath: '/data' }]);
    });

    test('renders no volumeClaimTemplates when there are none', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB] });

      // WHEN
      const manifest = find(synth(chart), 'StatefulSet');

      // THEN
      expect(manifest.spec).not.toHaveProperty('volumeClaimTemplates');
      expect(db.volumeClaimTemplates).toEqual([]);
    });

    test('fails when a claim name is not a DNS-1123 label', () => {
      expect(() => newDb().addVolumeClaimTemplate({ name: 'Data_1', mountPath: '/data', storage: Size.gibibytes(1) })).toThrow(new Error(
        `test/db: 'volumeClaimTemplates[].name' ${DNS_LABEL}, got 'Data_1'`));
    });

    test('fails when a claim name is used twice', () => {
      // GIVEN
      const db = newDb({ volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }] });

      // THEN
      expect(() => db.addVolumeClaimTemplate({ name: 'data', mountPath: '/other', storage: Size.gibibytes(1) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].name' must be unique among the claim templates, got 'data' twice"));
    });

    test('fails when a claim name is the name of a pod volume', () => {
      // GIVEN
      const db = newDb();
      db.addVolume(kplus.Volume.fromEmptyDir(db, 'scratch', 'data'));

      // THEN
      expect(() => db.addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].name' must differ from the pod's volumes, got 'data' which is already a volume"));
    });

    test.each(['var/lib/data', '/var/../etc'])('fails when the mountPath is %p', (mountPath) => {
      expect(() => newDb().addVolumeClaimTemplate({ name: 'data', mountPath, storage: Size.gibibytes(1) })).toThrow(new Error(
        `test/db: 'volumeClaimTemplates[data].mountPath' must be an absolute path without '..', got '${mountPath}'`));
    });

    test('fails when the mountPath is already a claim mount point in that container', () => {
      // GIVEN
      const db = newDb({ volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }] });

      // THEN
      expect(() => db.addVolumeClaimTemplate({ name: 'wal', mountPath: '/data', storage: Size.gibibytes(1) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[wal].mountPath' must not be mounted twice in container 'main', got '/data' which is already a mount point there"));
    });

    test('fails when the mountPath is already a volume mount point in that container', () => {
      // GIVEN
      const db = newDb();
      db.containers[0].mount('/data', kplus.Volume.fromEmptyDir(db, 'scratch', 'scratch'));

      // THEN
      expect(() => db.addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].mountPath' must not be mounted twice in container 'main', got '/data' which is already a mount point there"));
    });

    test('fails when the claim names an unknown container', () => {
      expect(() => newDb().addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(1), container: 'nope' })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].container' must name a container of the StatefulSet (main), got 'nope'"));
    });

    test('fails when a claim is added before any container', () => {
      // GIVEN
      const db = new StatefulSet(newChart(), 'db', { metadata: { name: 'db' } });

      // THEN
      expect(() => db.addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].container' must name a container of the StatefulSet (none), got none; the StatefulSet has no 'containers' yet: add them first"));
    });

    test('fails when claims are given in props without containers', () => {
      expect(() => new StatefulSet(newChart(), 'db', {
        volumeClaimTemplates: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(1) }],
      })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].container' must name a container of the StatefulSet (none), got none; the StatefulSet has no 'containers' yet: add them first"));
    });

    test('fails when the storage is NaN', () => {
      expect(() => newDb().addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(NaN) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].storage' must be a positive size such as Size.gibibytes(10), got 'NaNGi'"));
    });

    test('fails when the storage is zero', () => {
      expect(() => newDb().addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.gibibytes(0) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].storage' must be a positive size such as Size.gibibytes(10), got '0Gi'"));
    });

    test('fails when the storage is not a whole number of kibibytes, as for a PersistentVolumeClaim', () => {
      expect(() => newDb().addVolumeClaimTemplate({ name: 'data', mountPath: '/data', storage: Size.kibibytes(0.5) })).toThrow(new Error(
        "test/db: 'volumeClaimTemplates[data].storage' must be a whole number of kibibytes such as Size.gibibytes(10) or Size.mebibytes(500), got '0.5Ki'"));
    });
  });

  describe('spec', () => {
    test('renders OrderedReady pod management, a rolling update of partition 0 and 10 revisions by default', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB] });

      // WHEN
      const manifest = find(synth(chart), 'StatefulSet');

      // THEN
      expect(manifest.apiVersion).toBe('apps/v1');
      expect(manifest.spec.replicas).toBe(1);
      expect(manifest.spec.podManagementPolicy).toBe('OrderedReady');
      expect(manifest.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      expect(manifest.spec.revisionHistoryLimit).toBe(10);
      expect(manifest.spec.template.metadata.labels).toEqual(expect.objectContaining(manifest.spec.selector.matchLabels));
    });

    test('renders Parallel pod management and a partitioned rolling update', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        containers: [DB],
        replicas: 5,
        podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
        strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
        revisionHistoryLimit: 3,
      });

      // WHEN
      const manifest = find(synth(chart), 'StatefulSet');

      // THEN
      expect(manifest.spec.replicas).toBe(5);
      expect(manifest.spec.podManagementPolicy).toBe('Parallel');
      expect(manifest.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
      expect(manifest.spec.revisionHistoryLimit).toBe(3);
    });

    test.each([0, 1.5])('fails when revisionHistoryLimit is %d', (limit) => {
      expect(() => new StatefulSet(newChart(), 'db', { revisionHistoryLimit: limit })).toThrow(new Error(
        `test/db: 'revisionHistoryLimit' must be an integer at least 1, got ${limit}`));
    });

    test('fails when replicas is negative', () => {
      expect(() => new StatefulSet(newChart(), 'db', { replicas: -1 })).toThrow(new Error(
        "test/db: 'replicas' must be an integer at least 0, got -1"));
    });
  });

  describe('pod policy', () => {
    test('hardens containers given in props, added with addContainer and init containers', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        containers: [DB],
        initContainers: [{ name: 'setup', image: BUSYBOX }],
      });

      // WHEN
      db.addContainer({ name: 'exporter', image: BUSYBOX });
      db.addInitContainer({ name: 'warmup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'StatefulSet');

      // THEN
      expect(allContainers(spec)).toHaveLength(4);
      for (const c of allContainers(spec)) {
        expect(c.securityContext).toEqual(HARDENED);
      }
    });

    test('sets the RuntimeDefault seccomp profile on the pod', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [DB] });

      // WHEN
      const spec = podSpec(synth(chart), 'StatefulSet');

      // THEN
      expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    });

    test('gives every container the default QoS resources', () => {
      // GIVEN
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        containers: [DB],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      const spec = podSpec(synth(chart), 'StatefulSet');

      // THEN
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual(DEFAULT_RESOURCES);
      }
      expect(db.qos.qosClass).toBe(QosClass.BURSTABLE);
    });

    test('a Guaranteed preset gives every container, init containers included, requests equal to limits', () => {
      // GIVEN
      const qos = QosPreset.guaranteed({ cpu: kplus.Cpu.units(1), memory: Size.gibibytes(2) });
      const chart = newChart();
      const db = new StatefulSet(chart, 'db', {
        metadata: { name: 'db' },
        qos,
        containers: [DB],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      db.addContainer({ name: 'exporter', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'StatefulSet');

      // THEN
      expect(allContainers(spec)).toHaveLength(3);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual({
          requests: { cpu: '1', memory: '2048Mi' },
          limits: { cpu: '1', memory: '2048Mi' },
        });
      }
      expect(db.qos).toBe(qos);
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });
  });

  describe('validation', () => {
    test('fails when two containers name a port alike, which the governing Service would list twice', () => {
      expect(() => new StatefulSet(newChart(), 'db', {
        containers: [DB, { name: 'exporter', image: BUSYBOX, ports: [{ number: 9187, name: 'pg' }] }],
      })).toThrow(new Error(
        "test/db: 'containers[exporter].ports[0].name' must be unique among the pod's ports, which the governing headless Service lists together, got 'pg' twice; name each port of the pod differently"));
    });

    test('fails when the name is not a DNS-1035 label, as the governing Service takes it', () => {
      expect(() => new StatefulSet(newChart(), 'db', { metadata: { name: 'db.main' }, containers: [DB] })).toThrow(new Error(
        "test/db: 'metadata.name' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit): it names the governing headless Service too, got 'db.main'; or name the Service with 'serviceName'"));
    });

    test.each([
      ['serviceName', { serviceName: 'db' }],
      ['service', { service: new kplus.Service(newChart(), 'peers', { clusterIP: 'None', ports: [{ port: 5432 }] }) }],
    ])('fails when the name has a dot though %s names the Service, as the pods take it as their hostname', (_what, props) => {
      expect(() => newDb({ metadata: { name: 'db.main' }, ...props })).toThrow(new Error(
        "test/db: 'metadata.name' must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit): the controller names each pod '<name>-<ordinal>' and makes that its hostname, got 'db.main'"));
    });

    test.each(['Db', 'db.peers', '1db', 'd'.repeat(64)])('fails when serviceName is %p, not a DNS-1035 label', (serviceName) => {
      expect(() => newDb({ serviceName })).toThrow(new Error(
        `test/db: 'serviceName' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters), got '${serviceName}'`));
    });

    test('fails when serviceName is given with a Service of its own', () => {
      // GIVEN
      const chart = newChart();
      const service = new kplus.Service(chart, 'peers', { metadata: { name: 'db-peers' }, clusterIP: 'None', ports: [{ port: 5432 }] });

      // THEN
      expect(() => newDbIn(chart, { service, serviceName: 'db' })).toThrow(new Error(
        "test/db: 'serviceName' must not be given with 'service', which names itself, got 'db'"));
    });

    test('fails when metadata.generateName is given, which cdk8s would render next to a generated name', () => {
      expect(() => new StatefulSet(newChart(), 'db', { metadata: { generateName: 'db-' }, containers: [DB] })).toThrow(new Error(
        "test/db: 'metadata.generateName' must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got 'db-'; set 'metadata.name' instead"));
    });

    test('fails when podMetadata.generateName is given, which the StatefulSet controller ignores', () => {
      expect(() => newDb({ podMetadata: { generateName: 'db-' } })).toThrow(new Error(
        "test/db: 'podMetadata.generateName' must not be given: the controller names every pod after the workload and ignores the template's, got 'db-'"));
    });

    test('fails when the name is longer than 52 characters', () => {
      expect(() => new StatefulSet(newChart(), 'db', { metadata: { name: 'd'.repeat(53) }, containers: [DB] })).toThrow(new Error(
        `test/db: 'metadata.name' must be at most 52 characters (the controller labels each pod with '<name>-<revision hash>', a label value of at most 63), got '${'d'.repeat(53)}' (53)`));
    });

    test('fails when there are no containers at all', () => {
      // GIVEN
      const chart = newChart();
      new StatefulSet(chart, 'db', { metadata: { name: 'db' } });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/db: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()"));
    });

    test('fails when two containers have the same name', () => {
      expect(() => new StatefulSet(newChart(), 'db', { containers: [DB, { image: BUSYBOX }] })).toThrow(new Error(
        "test/db: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name"));
    });
  });

  test('the rendered manifests pass the harness (Kubernetes 1.26 schema and Pod Security restricted)', () => {
    // GIVEN
    const chart = newChart();
    const db = new StatefulSet(chart, 'db', {
      metadata: { name: 'orders-db', namespace: 'data' },
      replicas: 3,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }),
      containers: [DB],
      initContainers: [{ name: 'setup', image: BUSYBOX }],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(10) }],
    });
    db.addContainer({ name: 'exporter', image: BUSYBOX, ports: [{ number: 9187, name: 'metrics' }] });
    db.addVolumeClaimTemplate({ name: 'wal', mountPath: '/wal', storage: Size.gibibytes(2), storageClassName: 'fast-ssd' });

    // THEN
    expect(() => synth(chart)).not.toThrow();
  });

  test('matches the snapshot of a representative StatefulSet', () => {
    // GIVEN
    const chart = newChart();
    const db = new StatefulSet(chart, 'db', {
      metadata: { name: 'orders-db', namespace: 'data' },
      replicas: 3,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
      securityContext: { user: 999, group: 999 },
      containers: [{
        name: 'postgres',
        image: IMAGE,
        ports: [{ number: 5432, name: 'pg' }],
        readiness: kplus.Probe.fromTcpSocket({ port: 5432 }),
      }],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(10), storageClassName: 'fast-ssd' }],
    });
    db.addContainer({ name: 'exporter', image: 'prometheuscommunity/postgres-exporter:v0.15.0', ports: [{ number: 9187, name: 'metrics' }] });

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
  });
});
