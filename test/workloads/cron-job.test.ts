import { Cron, Duration, Size } from 'cdk8s';
import {
  ClaimVolume, CompletionMode, CronJob, ExitCodeOperator, PersistentVolumeClaim, PodFailureAction, PodFailurePolicyRule, Qos, QosClass,
  QosPreset,
} from '../../src';
import { kplus } from '../../src/_plus';
import { find, newChart, podSpec, synth } from '../harness';
import { allContainers, DEFAULT_RESOURCES, HARDENED } from '../harness/fixtures';

const IMAGE = 'ghcr.io/example/report:1.0.0';
const BUSYBOX = 'busybox:1.36';

const FIVE_FIELDS = "must have five fields 'minute hour day-of-month month day-of-week' (the smallest resolution is one minute, so there is no seconds field)";
const FIVE_FIELDS_OR_MACRO = "must be five fields 'minute hour day-of-month month day-of-week' or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly (the smallest resolution is one minute)";
const MONTHS = 'JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, NOV, DEC';
const WEEK_DAYS = 'SUN, MON, TUE, WED, THU, FRI, SAT';

/** A Cron of a raw expression: cdk8s' Cron only joins five fields, so it cannot build `@daily`. */
const rawCron = (expression: string): Cron => Object.assign(new Cron(), { expressionString: expression });

type CronJobProps = ConstructorParameters<typeof CronJob>[2];

/** A chart with one CronJob `report` of that props, synthesized; returns the manifest. */
function cronJobOf(props: Partial<CronJobProps>): any {
  const chart = newChart();
  new CronJob(chart, 'report', { schedule: Cron.daily(), containers: [{ image: IMAGE }], ...props });
  return find(synth(chart), 'CronJob');
}

/** Builds a CronJob `report` of that schedule in a fresh chart. */
const cronJobWith = (schedule: Cron, props: Partial<CronJobProps> = {}) =>
  () => new CronJob(newChart(), 'report', { schedule, ...props });

describe('CronJob', () => {
  describe('schedule', () => {
    test.each([
      ["Cron.schedule({ minute: '*/5' })", '*/5 * * * *', Cron.schedule({ minute: '*/5' })],
      ['Cron.daily()', '0 0 * * *', Cron.daily()],
      ["new Cron({ minute: '0', hour: '3', weekDay: 'MON-FRI' })", '0 3 * * MON-FRI', new Cron({ minute: '0', hour: '3', weekDay: 'MON-FRI' })],
    ])('renders %s as %p', (_source, expected, schedule) => {
      // WHEN
      const manifest = cronJobOf({ schedule });

      // THEN
      expect(manifest.apiVersion).toBe('batch/v1');
      expect(manifest.spec.schedule).toBe(expected);
    });

    test.each([
      ['a macro', '@daily'],
      ['another macro', '@hourly'],
      ['month and week day names', '0 3 * JAN MON-FRI'],
      ['lowercase names', '0 3 * jan mon-fri'],
      ['? for day of month', '0 3 ? * MON'],
      ['? for day of week', '0 3 1 * ?'],
      ['lists, ranges and steps', '0,15,30,45 9-17/2 1-15 */3 1-5'],
      ['a start with a step', '5/15 * * * *'],
      ['Sunday as 0', '0 0 * * 0'],
    ])('accepts %s: %p', (_what, expression) => {
      // WHEN
      const manifest = cronJobOf({ schedule: rawCron(expression) });

      // THEN
      expect(manifest.spec.schedule).toBe(expression);
    });

    test.each([
      ['minute 99', Cron.schedule({ minute: '99' }), "minute field '99' holds 99, outside 0-59", '99 * * * *'],
      ['hour 24', Cron.schedule({ minute: '0', hour: '24' }), "hour field '24' holds 24, outside 0-23", '0 24 * * *'],
      ['day of month 0', Cron.schedule({ minute: '0', day: '0' }), "day of month field '0' holds 0, outside 1-31", '0 * 0 * *'],
      ['month 13', Cron.schedule({ minute: '0', month: '13' }), "month field '13' holds 13, outside 1-12", '0 * * 13 *'],
      ['day of week 8', Cron.schedule({ minute: '0', weekDay: '8' }), "day of week field '8' holds 8, outside 0-6", '0 * * * 8'],
      ['a step of 0', Cron.schedule({ minute: '*/0' }), "minute field '*/0' has step '0', which must be a positive integer", '*/0 * * * *'],
      ['a reversed range', Cron.schedule({ minute: '5-1' }), "minute field '5-1' has range '5-1' whose start is after its end", '5-1 * * * *'],
      ['a reversed range of names', Cron.schedule({ minute: '0', month: 'DEC-JAN' }), "month field 'DEC-JAN' has range 'DEC-JAN' whose start is after its end", '0 * * DEC-JAN *'],
      ['a week day name as month', Cron.schedule({ minute: '0', month: 'MON' }), `month field 'MON' holds 'MON', which is not a number or one of ${MONTHS}`, '0 * * MON *'],
      ['a month name as week day', Cron.schedule({ minute: '0', weekDay: 'JAN' }), `day of week field 'JAN' holds 'JAN', which is not a number or one of ${WEEK_DAYS}`, '0 * * * JAN'],
      ['a name as hour', Cron.schedule({ minute: '0', hour: 'MON' }), "hour field 'MON' holds 'MON', which is not a number", '0 MON * * *'],
      ['two steps', Cron.schedule({ minute: '*/5/2' }), "minute field '*/5/2' has more than one step", '*/5/2 * * * *'],
      ['two dashes', Cron.schedule({ minute: '1-2-3' }), "minute field '1-2-3' has range '1-2-3' with more than one '-'", '1-2-3 * * * *'],
    ])('fails when the schedule has %s', (_what, schedule, problem, expression) => {
      expect(cronJobWith(schedule)).toThrow(new Error(
        `test/report: 'schedule' ${problem}, got '${expression}'`));
    });

    test('fails when the schedule has six fields (a seconds field)', () => {
      // GIVEN
      const schedule = new Cron({ minute: '0 0' });

      // THEN
      expect(schedule.expressionString).toBe('0 0 * * * *');
      expect(cronJobWith(schedule)).toThrow(new Error(
        `test/report: 'schedule' ${FIVE_FIELDS}, found 6, got '0 0 * * * *'`));
    });

    test('fails when the schedule has four fields', () => {
      expect(cronJobWith(rawCron('0 3 * *'))).toThrow(new Error(
        `test/report: 'schedule' ${FIVE_FIELDS}, found 4, got '0 3 * *'`));
    });

    test.each(['TZ=Europe/Paris 0 3 * * *', 'CRON_TZ=UTC 0 3 * * *'])('fails when the schedule carries a time zone: %p', (expression) => {
      expect(cronJobWith(rawCron(expression))).toThrow(new Error(
        `test/report: 'schedule' must not carry a time zone: set 'timeZone' instead, got '${expression}'`));
    });

    test.each(['@every 1m', '@reboot'])('fails when the schedule is %p', (expression) => {
      expect(cronJobWith(rawCron(expression))).toThrow(new Error(
        `test/report: 'schedule' ${FIVE_FIELDS_OR_MACRO}, got '${expression}'`));
    });

    test('fails when the schedule has day of week 7 (Kubernetes counts 0-6, Sunday is 0)', () => {
      expect(cronJobWith(rawCron('0 0 * * 7'))).toThrow(new Error(
        "test/report: 'schedule' day of week field '7' holds 7, outside 0-6, got '0 0 * * 7'"));
    });
  });

  describe('job options', () => {
    test('renders timeZone, concurrencyPolicy, retained jobs and startingDeadline', () => {
      // WHEN
      const manifest = cronJobOf({
        schedule: new Cron({ minute: '0', hour: '3', weekDay: 'MON-FRI' }),
        timeZone: 'Europe/Paris',
        concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
        successfulJobsRetained: 1,
        failedJobsRetained: 5,
        startingDeadline: Duration.minutes(2),
      });

      // THEN
      expect(manifest.spec).toEqual(expect.objectContaining({
        schedule: '0 3 * * MON-FRI',
        timeZone: 'Europe/Paris',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 5,
        startingDeadlineSeconds: 120,
      }));
    });

    test('renders the job options and restartPolicy Never in the job template', () => {
      // WHEN
      const manifest = cronJobOf({ backoffLimit: 2, activeDeadline: Duration.minutes(5), ttlAfterFinished: Duration.hours(1) });

      // THEN
      expect(manifest.spec.jobTemplate.spec).toEqual(expect.objectContaining({
        backoffLimit: 2,
        activeDeadlineSeconds: 300,
        ttlSecondsAfterFinished: 3600,
      }));
      expect(manifest.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Never');
    });

    test("renders no startingDeadlineSeconds unless given, Kubernetes' default", () => {
      // WHEN
      const manifest = cronJobOf({});

      // THEN
      expect(manifest.spec).not.toHaveProperty('startingDeadlineSeconds');
    });

    test('renders one completion, one pod at a time, and no completion mode, pod failure policy or suspend in the job template by default', () => {
      // WHEN
      const manifest = cronJobOf({});

      // THEN
      const job = manifest.spec.jobTemplate.spec;
      expect(job).toEqual(expect.objectContaining({ completions: 1, parallelism: 1 }));
      expect(job).not.toHaveProperty('completionMode');
      expect(job).not.toHaveProperty('podFailurePolicy');
      expect(job).not.toHaveProperty('suspend');
      expect(manifest.spec.suspend).toBe(false);
    });

    test('renders completions, parallelism, completion mode, pod failure policy and suspend in the job template', () => {
      // GIVEN
      const chart = newChart();
      const cronJob = new CronJob(chart, 'report', {
        schedule: Cron.daily(),
        containers: [{ name: 'report', image: IMAGE }],
        completions: 4,
        parallelism: 2,
        completionMode: CompletionMode.INDEXED,
        podFailurePolicy: [PodFailurePolicyRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.IN, values: [2], containerName: 'report' })],
        startJobsSuspended: true,
      });

      // WHEN
      const manifest = find(synth(chart), 'CronJob');

      // THEN
      expect(manifest.spec.jobTemplate.spec).toEqual(expect.objectContaining({
        completions: 4,
        parallelism: 2,
        completionMode: 'Indexed',
        podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'report', operator: 'In', values: [2] } }] },
        suspend: true,
      }));
      expect(manifest.spec.suspend).toBe(false);
      expect(cronJob.startJobsSuspended).toBe(true);
    });

    test('accepts a startingDeadline of exactly 10 seconds', () => {
      // WHEN
      const manifest = cronJobOf({ startingDeadline: Duration.seconds(10) });

      // THEN
      expect(manifest.spec.startingDeadlineSeconds).toBe(10);
    });

    test('accepts retaining no jobs', () => {
      // WHEN
      const manifest = cronJobOf({ successfulJobsRetained: 0, failedJobsRetained: 0 });

      // THEN
      expect(manifest.spec.successfulJobsHistoryLimit).toBe(0);
      expect(manifest.spec.failedJobsHistoryLimit).toBe(0);
    });

    test.each(['Mars/Olympus', 'Local', '+01:00', ''])('fails when the time zone is %p', (timeZone) => {
      expect(cronJobWith(Cron.daily(), { timeZone })).toThrow(new Error(
        `test/report: 'timeZone' must be a time zone of the IANA database such as 'Europe/Paris' or 'Etc/UTC', got '${timeZone}'`));
    });

    test('fails when the time zone is in the wrong case (europe/paris)', () => {
      expect(cronJobWith(Cron.daily(), { timeZone: 'europe/paris' })).toThrow(new Error(
        "test/report: 'timeZone' must be a time zone of the IANA database such as 'Europe/Paris' or 'Etc/UTC', got 'europe/paris'"));
    });

    test('fails when startingDeadline is 5 seconds, in the library\'s style', () => {
      expect(cronJobWith(Cron.daily(), { startingDeadline: Duration.seconds(5) })).toThrow(new Error(
        "test/report: 'startingDeadline' must be at least 10 seconds (the CronJob controller checks every 10 seconds, so a shorter deadline may never start a job), got 5 seconds"));
    });

    test('fails when restartPolicy is Always', () => {
      expect(cronJobWith(Cron.daily(), { restartPolicy: kplus.RestartPolicy.ALWAYS })).toThrow(new Error(
        "test/report: 'restartPolicy' must be 'Never' or 'OnFailure' for pods that run to completion, got 'Always'"));
    });

    test('fails when backoffLimit is -1', () => {
      expect(cronJobWith(Cron.daily(), { backoffLimit: -1 })).toThrow(new Error(
        "test/report: 'backoffLimit' must be an integer at least 0, got -1"));
    });

    test('fails when startJobsSuspended is not a boolean (from JavaScript)', () => {
      expect(cronJobWith(Cron.daily(), { startJobsSuspended: 1 as any })).toThrow(new Error(
        "test/report: 'startJobsSuspended' must be a boolean, got 1"));
    });

    test('fails when a pod failure policy is given with restartPolicy OnFailure', () => {
      expect(cronJobWith(Cron.daily(), {
        restartPolicy: kplus.RestartPolicy.ON_FAILURE,
        podFailurePolicy: [PodFailurePolicyRule.onPodConditions(PodFailureAction.IGNORE, [{ type: 'DisruptionTarget' }])],
      })).toThrow(new Error(
        "test/report: 'restartPolicy' must be 'Never' with a 'podFailurePolicy': with 'OnFailure' the kubelet restarts a failed container in place, so no pod fails for the policy to judge, got 'OnFailure'"));
    });

    test("fails when an Indexed CronJob's name leaves the last pod of its Jobs a hostname longer than 63 characters", () => {
      // GIVEN
      const name = 'r'.repeat(52);

      // THEN
      expect(cronJobWith(Cron.daily(), { metadata: { name }, completionMode: CompletionMode.INDEXED, completions: 100 })).toThrow(new Error(
        `test/report: 'metadata.name' must leave the pods of an Indexed Job a hostname '<job name>-<index>' that is a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters), got '${name}', whose last pod would be '${name}-xxxxxxxx-99' (64)`
        + ' (xxxxxxxx: the scheduled minute the CronJob controller appends to name a Job); shorten the name'));
    });

    test('fails when its Jobs run several pods at once that share a ReadWriteOnce claim', () => {
      // GIVEN
      const chart = newChart();
      const cronJob = new CronJob(chart, 'report', { schedule: Cron.daily(), containers: [{ image: IMAGE }], completions: 3, parallelism: 3 });
      const claim = new PersistentVolumeClaim(chart, 'scratch', { metadata: { name: 'scratch' }, storage: Size.gibibytes(1) });
      new ClaimVolume(chart, 'scratch-volume', { workload: cronJob, claim, name: 'scratch', mounts: [{ mountPath: '/scratch' }] });

      // THEN
      expect(() => synth(chart)).toThrow(new Error(
        "test/report: 'volumes[scratch]' must be a ReadWriteMany claim, or a ReadOnlyMany one mounted read-only, when mounted by 3 pods at once (parallelism 3, completions 3), "
        + "got claim 'scratch' with access modes ReadWriteOnce: a ReadWriteOnce volume attaches to one node at a time, so pods on other nodes never start; use a ReadWriteMany claim or run 1 pod at a time ('parallelism' 1)"));
    });

    test('fails when metadata.generateName is given, which cdk8s would render next to a generated name', () => {
      expect(cronJobWith(Cron.daily(), { metadata: { generateName: 'report-' } })).toThrow(new Error(
        "test/report: 'metadata.generateName' must not be given: cdk8s always renders a name (the chart generates one when 'metadata.name' is unset), next to which the API server ignores generateName, got 'report-'; set 'metadata.name' instead"));
    });

    test.each(['successfulJobsRetained', 'failedJobsRetained'])('fails when %s is -1', (field) => {
      expect(cronJobWith(Cron.daily(), { [field]: -1 })).toThrow(new Error(
        `test/report: '${field}' must be an integer at least 0, got -1`));
    });
  });

  describe('pod policy', () => {
    test('hardens containers given in props, added with addContainer and init containers, in the job template', () => {
      // GIVEN
      const chart = newChart();
      const cronJob = new CronJob(chart, 'report', {
        schedule: Cron.daily(),
        containers: [{ image: IMAGE }],
        initContainers: [{ name: 'setup', image: BUSYBOX }],
      });

      // WHEN
      cronJob.addContainer({ name: 'sidecar', image: BUSYBOX });
      cronJob.addInitContainer({ name: 'warmup', image: BUSYBOX });
      const manifest = find(synth(chart), 'CronJob');
      const spec = manifest.spec.jobTemplate.spec.template.spec;

      // THEN
      expect(podSpec([manifest], 'CronJob')).toBe(spec);
      expect(allContainers(spec).map((c: any) => c.name)).toEqual(['main', 'sidecar', 'setup', 'warmup']);
      for (const c of allContainers(spec)) {
        expect(c.securityContext).toEqual(HARDENED);
      }
    });

    test('sets the RuntimeDefault seccomp profile on the pod of the job template', () => {
      // WHEN
      const manifest = cronJobOf({});

      // THEN
      expect(manifest.spec.jobTemplate.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    });

    test('gives every container the default QoS resources', () => {
      // GIVEN
      const chart = newChart();
      const cronJob = new CronJob(chart, 'report', {
        schedule: Cron.daily(),
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      const spec = find(synth(chart), 'CronJob').spec.jobTemplate.spec.template.spec;

      // THEN
      expect(allContainers(spec)).toHaveLength(2);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual(DEFAULT_RESOURCES);
      }
      expect(cronJob.qos.qosClass).toBe(QosClass.BURSTABLE);
    });

    test('a Guaranteed preset gives every container, init containers included, requests equal to limits', () => {
      // GIVEN
      const qos = QosPreset.guaranteed({ cpu: kplus.Cpu.millis(200), memory: Size.mebibytes(128) });
      const chart = newChart();
      const cronJob = new CronJob(chart, 'report', {
        schedule: Cron.daily(),
        qos,
        containers: [{ image: IMAGE }],
        initContainers: [{ image: BUSYBOX }],
      });

      // WHEN
      cronJob.addContainer({ name: 'sidecar', image: BUSYBOX });
      const spec = find(synth(chart), 'CronJob').spec.jobTemplate.spec.template.spec;

      // THEN
      expect(allContainers(spec)).toHaveLength(3);
      for (const c of allContainers(spec)) {
        expect(c.resources).toEqual({
          requests: { cpu: '200m', memory: '128Mi' },
          limits: { cpu: '200m', memory: '128Mi' },
        });
      }
      expect(cronJob.qos).toBe(qos);
      expect(Qos.classOf(spec)).toBe(QosClass.GUARANTEED);
    });
  });

  describe('validation', () => {
    test('fails when two containers have the same name', () => {
      expect(cronJobWith(Cron.daily(), { containers: [{ image: IMAGE }, { image: BUSYBOX }] })).toThrow(new Error(
        "test/report: 'name' must be unique within the pod, got 'main' which is already used (containers: main); give each container its own name"));
    });

    test('fails when the schedule is a string, not a Cron (from JavaScript)', () => {
      expect(() => new CronJob(newChart(), 'report', { schedule: '0 3 * * *' as any, containers: [{ image: IMAGE }] })).toThrow(new Error(
        "test/report: 'schedule' must be a Cron such as Cron.daily() or Cron.schedule({ minute: '0', hour: '3' }), got '0 3 * * *'"));
    });

    test('fails when the name is longer than 52 characters', () => {
      expect(() => new CronJob(newChart(), 'report', { metadata: { name: 'r'.repeat(53) }, schedule: Cron.daily(), containers: [{ image: IMAGE }] })).toThrow(new Error(
        `test/report: 'metadata.name' must be at most 52 characters (the CronJob controller appends 11 to name its Jobs), got '${'r'.repeat(53)}' (53)`));
    });

    test("fails when ttlAfterFinished is given with a retention count, in the library's style", () => {
      expect(() => new CronJob(newChart(), 'report', {
        schedule: Cron.daily(), ttlAfterFinished: Duration.hours(1), successfulJobsRetained: 1, containers: [{ image: IMAGE }],
      })).toThrow(new Error(
        "test/report: 'ttlAfterFinished' must not be given with 'successfulJobsRetained' or 'failedJobsRetained': it would delete the Jobs those keep; choose one, got both"));
    });

    test('fails when there are no containers at all', () => {
      // GIVEN
      const chart = newChart();
      new CronJob(chart, 'report', { schedule: Cron.daily() });

      // THEN
      expect(() => synth(chart)).toThrow(new Error("test/report: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()"));
    });
  });

  test('the rendered manifests pass the harness (Kubernetes 1.26 schema and Pod Security restricted)', () => {
    // GIVEN
    const chart = newChart();
    const cronJob = new CronJob(chart, 'report', {
      metadata: { name: 'nightly-report', namespace: 'reports' },
      schedule: new Cron({ minute: '0', hour: '3', weekDay: 'MON-FRI' }),
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      successfulJobsRetained: 1,
      failedJobsRetained: 3,
      startingDeadline: Duration.minutes(5),
      backoffLimit: 2,
      activeDeadline: Duration.hours(1),
      containers: [{ image: IMAGE, command: ['report', '--yesterday'] }],
    });
    cronJob.addInitContainer({ name: 'setup', image: BUSYBOX });

    // THEN
    expect(() => synth(chart)).not.toThrow();
  });

  test('matches the snapshot of a representative CronJob', () => {
    // GIVEN
    const chart = newChart();
    const cronJob = new CronJob(chart, 'report', {
      metadata: { name: 'nightly-report' },
      schedule: new Cron({ minute: '0', hour: '3', weekDay: 'MON-FRI' }),
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID,
      successfulJobsRetained: 1,
      failedJobsRetained: 3,
      startingDeadline: Duration.minutes(5),
      backoffLimit: 2,
      activeDeadline: Duration.hours(1),
      securityContext: { user: 10001, group: 10001 },
      containers: [{ name: 'report', image: IMAGE, command: ['report', '--yesterday'] }],
    });
    cronJob.addInitContainer({ name: 'wait', image: BUSYBOX, command: ['sh', '-c', 'sleep 1'] });

    // WHEN
    const manifests = synth(chart);

    // THEN
    expect(manifests).toMatchSnapshot();
  });
});
