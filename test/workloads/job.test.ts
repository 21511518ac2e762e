import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Job, Qos, QosClass, QosPreset } from '../../src';
import { find, newChart, podSpec, synth } from '../harness';
import { allContainers, DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const IMAGE = 'ghcr.io/example/migrate:1.0.0';
const BUSYBOX = 'busybox:1.36';

/** A chart with one Job `migrate` of that props, synthesized; returns the manifest. */
function jobOf(props: ConstructorParameters<typeof Job>[2]): any {
  const chart = newChart();
  new Job(chart, 'migrate', props);
  return find(synth(chart), 'Job');
}

describe('Job', () => {
  describe('spec', () => {
    test('renders a batch/v1 Job of one completion, one pod at a time and restartPolicy Never by default', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', { containers: [{ image: IMAGE }] });

      // WHEN
      const manifest = find(synth(chart), 'Job');

      // THEN
      expect(manifest.apiVersion).toBe('batch/v1');
      expect(manifest.spec.completions).toBe(1);
      expect(manifest.spec.parallelism).toBe(1);
      expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
      expect(manifest.spec).not.toHaveProperty('backoffLimit');
      expect(manifest.spec).not.toHaveProperty('activeDeadlineSeconds');
      expect(manifest.spec).not.toHaveProperty('ttlSecondsAfterFinished');
      expect(job.completions).toBe(1);
      expect(job.parallelism).toBe(1);
    });

    test('renders completions, parallelism, backoffLimit, activeDeadline, ttlAfterFinished and restartPolicy when given', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', {
        containers: [{ image: IMAGE }],
        completions: 5,
        parallelism: 2,
        backoffLimit: 3,
        activeDeadline: Duration.minutes(10),
        ttlAfterFinished: Duration.hours(1),
        restartPolicy: kplus.RestartPolicy.ON_FAILURE,
      });

      // WHEN
      const manifest = find(synth(chart), 'Job');

      // THEN
      expect(manifest.spec).toEqual(expect.objectContaining({
        completions: 5,
        parallelism: 2,
        backoffLimit: 3,
        activeDeadlineSeconds: 600,
        ttlSecondsAfterFinished: 3600,
      }));
      expect(manifest.spec.template.spec.restartPolicy).toBe('OnFailure');
      expect(job.completions).toBe(5);
      expect(job.parallelism).toBe(2);
    });

    test('accepts backoffLimit 0 and ttlAfterFinished 0 (delete as soon as finished)', () => {
      // WHEN
      const manifest = jobOf({ containers: [{ image: IMAGE }], backoffLimit: 0, ttlAfterFinished: Duration.seconds(0) });

      // THEN
      expect(manifest.spec.backoffLimit).toBe(0);
      expect(manifest.spec.ttlSecondsAfterFinished).toBe(0);
    });

    test('renders containers and init containers added after construction', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate');

      // WHEN
      job.addInitContainer({ name: 'wait-for-db', image: BUSYBOX });
      job.addContainer({ image: IMAGE });
      const spec = podSpec(synth(chart), 'Job');

      // THEN
      expect(spec.containers.map((c: any) => c.name)).toEqual(['main']);
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db']);
    });
  });

  describe('pod policy', () => {
    test('hardens containers given in props, added with addContainer and init containers', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', {
        containers: [{ image: IMAGE }],
        initContainers: [{ name: 'setup', image: BUSYBOX }],
      });

      // WHEN
      job.addContainer({ name: 'sidecar', image: BUSYBOX });
      job.addInitContainer({ name: 'warmup', image: BUSYBOX });
      const spec = podSpec(synth(chart), 'Job');

      // THEN
      expect(allContainers(spec)).toHaveLength(4);
      for (const c of allContainers(spec)) {
        expect(c.securityContext).toEqual(HARDENED);
      }
    });

    test('sets the RuntimeDefault seccomp profile on the pod', () => {
      // WHEN
      const manifest = jobOf({ containers: [{ image: IMAGE }] });

      // THEN
      expect(manifest.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    });

    test('gives every container the default QoS resources', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', {
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      const spec = podSpec(synth(chart), 'Job');

      // THEN
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual(DEFAULT_RESOURCES);
      }
      expect(job.qos.qosClass).toBe(QosClass.BURSTABLE);
    });

    test('a Guaranteed preset gives every container, init containers included, requests equal to limits', () => {
      // GIVEN
      const qos = QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(512) });
      const chart = newChart();
      const job = new Job(chart, 'migrate', {
        qos,
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      const spec = podSpec(synth(chart), 'Job');

      // THEN
      expect(allContainers(spec)).toHaveLength(2);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual({
          requests: { cpu: '500m', memory: '512Mi' },
          limits: { cpu: '500m', memory: '512Mi' },
        });
      }
      expect(job.qos).toBe(qos);
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });
  });

  describe('validation', () => {
    test.each([0, 1.5])('fails when completions is %d', (completions) => {
      expect(() => new Job(newChart(), 'migrate', { completions })).toThrow(new Error(
        `test/migrate: 'completions' must be an integer at least 1, got ${completions}`));
    });

    test.each([0, -1])('fails when parallelism is %d', (parallelism) => {
      expect(() => new Job(newChart(), 'migrate', { parallelism })).toThrow(new Error(
        `test/migrate: 'parallelism' must be an integer at least 1, got ${parallelism}`));
    });

    test('fails when backoffLimit is -1', () => {
      expect(() => new Job(newChart(), 'migrate', { backoffLimit: -1 })).toThrow(new Error(
        "test/migrate: 'backoffLimit' must be an integer at least 0, got -1"));
    });

    test('fails when restartPolicy is Always', () => {
      expect(() => new Job(newChart(), 'migrate', { restartPolicy: kplus.RestartPolicy.ALWAYS })).toThrow(new Error(
        "test/migrate: 'restartPolicy' must be 'Never' or 'OnFailure' for pods that run to completion, got 'Always'"));
    });

    test('fails when activeDeadline is 0 seconds', () => {
      expect(() => new Job(newChart(), 'migrate', { activeDeadline: Duration.seconds(0) })).toThrow(new Error(
        "test/migrate: 'activeDeadline' must be a whole number of seconds, at least 1, got 0 seconds"));
    });

    test('fails when activeDeadline is not a whole number of seconds, in the library\'s style', () => {
      expect(() => new Job(newChart(), 'migrate', { activeDeadline: Duration.millis(1500) })).toThrow(new Error(
        "test/migrate: 'activeDeadline' must be a whole number of seconds, at least 1, got 1.5 seconds"));
    });

    test('fails when two containers have the same name', () => {
      expect(() => new Job(newChart(), 'migrate', { containers: [{ image: IMAGE }, { image: BUSYBOX }] })).toThrow(new Error(
        "test/migrate: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name"));
    });

    test('fails when ttlAfterFinished is not a whole number of seconds', () => {
      expect(() => new Job(newChart(), 'migrate', { ttlAfterFinished: Duration.millis(1500), containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/migrate: 'ttlAfterFinished' must be a whole number of seconds, at least 0, got 1.5 seconds"));
    });

    test('fails when there are no containers at all', () => {
      // GIVEN
      const chart = newChart();
      new Job(chart, 'migrate');

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/migrate: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()"));
    });
  });

  test('the rendered manifests pass the harness (Kubernetes 1.26 schema and Pod Security restricted)', () => {
    // GIVEN
    const chart = newChart();
    const job = new Job(chart, 'migrate', {
      metadata: { name: 'migrate', namespace: 'shop' },
      completions: 3,
      parallelism: 3,
      backoffLimit: 2,
      activeDeadline: Duration.minutes(15),
      ttlAfterFinished: Duration.days(1),
      restartPolicy: kplus.RestartPolicy.ON_FAILURE,
      containers: [{ image: IMAGE, command: ['migrate', 'up'] }],
    });
    job.addInitContainer({ name: 'wait-for-db', image: BUSYBOX });

    // THEN
    expect(() => synth(chart)).not.toThrow();
  });

  test('matches the snapshot of a representative Job', () => {
    // GIVEN
    const chart = newChart();
    const job = new Job(chart, 'migrate', {
      metadata: { name: 'migrate' },
      completions: 4,
      parallelism: 2,
      backoffLimit: 3,
      activeDeadline: Duration.minutes(10),
      ttlAfterFinished: Duration.hours(1),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'migrate', image: IMAGE, command: ['migrate', 'up'] }],
    });
    job.addInitContainer({ name: 'wait-for-db', image: BUSYBOX, command: ['sh', '-c', 'until nc -z db 5432; do sleep 1; done'] });

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
  });
});
