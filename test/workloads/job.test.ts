import { Duration, Size } from 'cdk8s';
import {
  ClaimVolume, CompletionMode, ExitCodeOperator, Job, PersistentVolumeClaim, PodConditionStatus, PodFailureAction,
  PodFailurePolicyRule, Qos, QosClass, QosPreset,
} from '../../src';
import { kplus } from '../../src/_plus';
import { container, find, newChart, podSpec, synth } from '../harness';
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
      expect(manifest.spec).not.toHaveProperty('completionMode');
      expect(manifest.spec).not.toHaveProperty('podFailurePolicy');
      expect(manifest.spec).not.toHaveProperty('suspend');
      expect(job.completions).toBe(1);
      expect(job.parallelism).toBe(1);
      expect(job.completionMode).toBeUndefined();
      expect(job.suspend).toBe(false);
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

  describe('completion mode, pod failure policy and suspend', () => {
    test('renders an Indexed Job', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', { containers: [{ image: IMAGE }], completions: 5, parallelism: 2, completionMode: CompletionMode.INDEXED });

      // WHEN
      const manifest = find(synth(chart), 'Job');

      // THEN
      expect(manifest.spec).toEqual(expect.objectContaining({ completionMode: 'Indexed', completions: 5, parallelism: 2 }));
      expect(job.completionMode).toBe(CompletionMode.INDEXED);
    });

    test('renders NonIndexed when asked', () => {
      // WHEN
      const manifest = jobOf({ containers: [{ image: IMAGE }], completionMode: CompletionMode.NON_INDEXED });

      // THEN
      expect(manifest.spec.completionMode).toBe('NonIndexed');
    });

    test('gives a container the completion index under a name of its own, from the annotation the Job controller sets', () => {
      // WHEN
      const spec = podSpec([jobOf({
        completions: 3,
        completionMode: CompletionMode.INDEXED,
        containers: [{ image: IMAGE, envVariables: { SHARD: Job.completionIndex() }, args: [`--shard=$(${Job.COMPLETION_INDEX_ENV})`] }],
      })], 'Job');

      // THEN
      expect(Job.COMPLETION_INDEX_ENV).toBe('JOB_COMPLETION_INDEX');
      expect(container(spec, 'main').env).toEqual([
        { name: 'SHARD', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
      ]);
      expect(container(spec, 'main').args).toEqual(['--shard=$(JOB_COMPLETION_INDEX)']);
    });

    test('renders the pod failure policy rules in order', () => {
      // WHEN
      const manifest = jobOf({
        containers: [{ name: 'migrate', image: IMAGE }],
        podFailurePolicy: [
          PodFailurePolicyRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.IN, values: [42, 3], containerName: 'migrate' }),
          PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, [{ type: 'DisruptionTarget' }]),
          PodFailurePolicyRule.onExitCodes(PodFailureAction.COUNT, { operator: ExitCodeOperator.NOT_IN, values: [0] }),
        ],
      });

      // THEN
      expect(manifest.spec.podFailurePolicy).toEqual({
        rules: [
          { action: 'FailJob', onExitCodes: { containerName: 'migrate', operator: 'In', values: [3, 42] } },
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } },
        ],
      });
      expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
    });

    test('accepts a pod failure policy naming an init container added after construction', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', {
        containers: [{ image: IMAGE }],
        podFailurePolicy: [PodFailurePolicyRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.IN, values: [1], containerName: 'wait-for-db' })],
      });

      // WHEN
      job.addInitContainer({ name: 'wait-for-db', image: BUSYBOX });

      // THEN
      expect(find(synth(chart), 'Job').spec.podFailurePolicy.rules[0].onExitCodes.containerName).toBe('wait-for-db');
    });

    test('renders suspend: true for a Job that starts suspended', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', { containers: [{ image: IMAGE }], suspend: true });

      // WHEN
      const manifest = find(synth(chart), 'Job');

      // THEN
      expect(manifest.spec.suspend).toBe(true);
      expect(job.suspend).toBe(true);
    });

    test('fails when completionMode is not a CompletionMode (from JavaScript)', () => {
      expect(() => new Job(newChart(), 'migrate', { completionMode: 'indexed' as CompletionMode })).toThrow(new Error(
        "test/migrate: 'completionMode' must be one of 'NonIndexed', 'Indexed', got 'indexed'"));
    });

    test('fails when an Indexed Job runs more than 100000 pods at once', () => {
      expect(() => new Job(newChart(), 'migrate', { completionMode: CompletionMode.INDEXED, completions: 200_000, parallelism: 100_001 })).toThrow(new Error(
        "test/migrate: 'parallelism' must be at most 100000 for an Indexed Job, got 100001"));
    });

    test("fails when an Indexed Job's name leaves its last pod a hostname longer than 63 characters", () => {
      // GIVEN
      const name = 'm'.repeat(61);

      // THEN
      expect(() => new Job(newChart(), 'migrate', { metadata: { name }, completionMode: CompletionMode.INDEXED, completions: 100 })).toThrow(new Error(
        `test/migrate: 'metadata.name' must leave the pods of an Indexed Job a hostname '<job name>-<index>' that is a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got '${name}', whose last pod would be '${name}-99' (64); shorten the name`));
    });

    test("fails when an Indexed Job's name has a dot, which a hostname cannot", () => {
      expect(() => new Job(newChart(), 'migrate', { metadata: { name: 'db.migrate' }, completionMode: CompletionMode.INDEXED, completions: 2 })).toThrow(new Error(
        "test/migrate: 'metadata.name' must leave the pods of an Indexed Job a hostname '<job name>-<index>' that is a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got 'db.migrate', whose last pod would be 'db.migrate-1' (12); shorten the name"));
    });

    test('accepts a dotted name for a NonIndexed Job', () => {
      // WHEN
      const manifest = jobOf({ metadata: { name: 'db.migrate' }, containers: [{ image: IMAGE }] });

      // THEN
      expect(manifest.metadata.name).toBe('db.migrate');
    });

    test('fails when a pod failure policy is given with restartPolicy OnFailure', () => {
      expect(() => new Job(newChart(), 'migrate', {
        restartPolicy: kplus.RestartPolicy.ON_FAILURE,
        podFailurePolicy: [PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, [{ type: 'DisruptionTarget' }])],
      })).toThrow(new Error(
        "test/migrate: 'restartPolicy' must be 'Never' with a 'podFailurePolicy': with 'OnFailure' the kubelet restarts a failed container in place, so no pod fails for the policy to judge, got 'OnFailure'"));
    });

    test.each([0, 21])('fails when the pod failure policy has %d rules', (count) => {
      // GIVEN
      const rule = PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, [{ type: 'DisruptionTarget', status: PodConditionStatus.TRUE }]);

      // THEN
      expect(() => new Job(newChart(), 'migrate', { podFailurePolicy: Array(count).fill(rule) })).toThrow(new Error(
        `test/migrate: 'podFailurePolicy' must hold 1 to 20 rules, got ${count}; leave it unset for every failure to count against 'backoffLimit'`));
    });

    test('fails when a pod failure policy rule is a plain object (from JavaScript)', () => {
      expect(() => new Job(newChart(), 'migrate', { podFailurePolicy: [{ action: 'FailJob' } as any] })).toThrow(new Error(
        "test/migrate: 'podFailurePolicy[0]' must be a PodFailurePolicyRule such as PodFailurePolicyRule.onExitCodes(...), got {\"action\":\"FailJob\"}"));
    });

    test('fails when a pod failure policy rule names a container the pod lacks', () => {
      // GIVEN
      const chart = newChart();
      new Job(chart, 'migrate', {
        containers: [{ image: IMAGE }],
        initContainers: [{ name: 'setup', image: BUSYBOX }],
        podFailurePolicy: [PodFailurePolicyRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.IN, values: [42], containerName: 'worker' })],
      });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/migrate: 'podFailurePolicy[0].containerName' must name a container or init container of the pod (main, setup), got 'worker'"));
    });

    test('fails when suspend is not a boolean (from JavaScript)', () => {
      expect(() => new Job(newChart(), 'migrate', { suspend: 'yes' as any })).toThrow(new Error(
        "test/migrate: 'suspend' must be a boolean, got 'yes'"));
    });
  });

  describe('claims', () => {
    /** A claim `scratch` of 1Gi with those access modes. */
    const claimOf = (chart: ReturnType<typeof newChart>, accessModes: kplus.PersistentVolumeAccessMode[]) =>
      new PersistentVolumeClaim(chart, 'scratch', { metadata: { name: 'scratch' }, storage: Size.gibibytes(1), accessModes });

    test('fails when pods running at once share a ReadWriteOnce claim, as a Deployment of several replicas would', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', { containers: [{ image: IMAGE }], completions: 5, parallelism: 5 });
      new ClaimVolume(chart, 'scratch-volume', { workload: job, claim: claimOf(chart, [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]), name: 'scratch', mounts: [{ mountPath: '/scratch' }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/migrate: 'volumes[scratch]' must be a ReadWriteMany claim, or a ReadOnlyMany one mounted read-only, when mounted by 5 pods at once (parallelism 5, completions 5), "
        + "got claim 'scratch' with access modes ReadWriteOnce: a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; use a ReadWriteMany claim or run 1 pod at a time ('parallelism' 1)"));
    });

    test('counts the pods at once as parallelism capped by completions', () => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', { containers: [{ image: IMAGE }], completions: 2, parallelism: 5 });
      new ClaimVolume(chart, 'scratch-volume', { workload: job, claim: claimOf(chart, [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]), name: 'scratch', mounts: [{ mountPath: '/scratch' }] });

      // THEN
      expect(() => synth(chart)).toThrow(/when mounted by 2 pods at once \(parallelism 5, completions 2\)/);
    });

    test.each([
      ['a ReadWriteOnce claim, one pod at a time', [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], 1, 1, false],
      ['a ReadWriteOnce claim, parallelism 5 but one completion', [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], 1, 5, false],
      ['a ReadWriteMany claim, 5 pods at once', [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY], 5, 5, false],
      ['a ReadOnlyMany claim mounted read-only, 5 pods at once', [kplus.PersistentVolumeAccessMode.READ_ONLY_MANY], 5, 5, true],
    ])('accepts %s', (_what, accessModes, completions, parallelism, readOnly) => {
      // GIVEN
      const chart = newChart();
      const job = new Job(chart, 'migrate', { containers: [{ image: IMAGE }], completions, parallelism });
      new ClaimVolume(chart, 'scratch-volume', { workload: job, claim: claimOf(chart, accessModes), name: 'scratch', mounts: [{ mountPath: '/scratch', readOnly }] });

      // THEN
      expect(podSpec(synth(chart), 'Job').volumes).toEqual([expect.objectContaining({ name: 'scratch' })]);
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

    test('fails when metadata.generateName is given, which cdk8s would render next to a generated name', () => {
      expect(() => new Job(newChart(), 'migrate', { metadata: { generateName: 'migrate-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/migrate: 'metadata.generateName' must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got 'migrate-'; set 'metadata.name' instead"));
    });

    test('fails when podMetadata.generateName is given, which the Job controller ignores', () => {
      expect(() => new Job(newChart(), 'migrate', { podMetadata: { generateName: 'migrate-' }, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/migrate: 'podMetadata.generateName' must not be given: the controller names every pod after the workload and ignores the template's, got 'migrate-'"));
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
