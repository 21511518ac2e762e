import { Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { CronJob, DaemonSet, DaemonSetUpdateStrategy, Deployment, Job, PodSecurityLevel, ReplicaSet, StatefulSet } from '../../src';
import { dnsLabel } from '../harness/fuzz';
import { acceptsEvery, isPlain, labels, metadata, podOf, POD_FIELDS, POD_NAMES, refusesEvery, Subject } from '../harness/props';

const seconds = (min: number, max: number) => fc.integer({ min, max }).map(s => Duration.seconds(s));
const level = fc.option(fc.constantFrom(PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE), { nil: undefined });

describe('Deployment', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(),
      metadata,
      replicas: fc.integer({ min: 0, max: 5 }),
      revisionHistoryLimit: fc.integer({ min: 1, max: 20 }),
      paused: fc.boolean(),
      minReady: seconds(0, 30),
      progressDeadline: seconds(60, 900),
      strategy: fc.constantFrom(kplus.DeploymentStrategy.rollingUpdate(), kplus.DeploymentStrategy.recreate()),
      podSecurityLevel: level,
    }, { requiredKeys: ['pod'] }).map(({ pod, ...props }) => ({ ...props, ...pod })),
    fields: [...POD_FIELDS, 'replicas', 'revisionHistoryLimit', 'paused', 'minReady', 'progressDeadline', 'strategy'],
    build: (chart, props) => new Deployment(chart, 'web', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

describe('StatefulSet', () => {
  const claim = fc.record({
    mountPath: fc.constantFrom('/data', '/var/lib/db', '/srv/files'),
    storage: fc.integer({ min: 1, max: 100 }).map(g => Size.gibibytes(g)),
    accessModes: fc.option(fc.constant([kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]), { nil: undefined }),
    storageClassName: fc.option(dnsLabel, { nil: undefined }),
  }, { requiredKeys: ['mountPath', 'storage'] });
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(true),
      metadata,
      replicas: fc.integer({ min: 0, max: 5 }),
      revisionHistoryLimit: fc.integer({ min: 1, max: 20 }),
      minReady: seconds(0, 30),
      podManagementPolicy: fc.constantFrom(kplus.PodManagementPolicy.ORDERED_READY, kplus.PodManagementPolicy.PARALLEL),
      volumeClaimTemplates: fc.uniqueArray(claim, { maxLength: 2, selector: c => c.mountPath })
        .map(claims => claims.map((c, i) => ({ name: `data-${i}`, ...c }))),
      podSecurityLevel: level,
    }, { requiredKeys: ['pod'] }).map(({ pod, ...props }) => ({ ...props, ...pod })),
    fields: [
      ...POD_FIELDS, 'replicas', 'revisionHistoryLimit', 'minReady', 'podManagementPolicy', 'volumeClaimTemplates', 'volumeClaimTemplates.0',
      'volumeClaimTemplates.0.name', 'volumeClaimTemplates.0.mountPath', 'volumeClaimTemplates.0.storage', 'volumeClaimTemplates.0.accessModes',
      'volumeClaimTemplates.0.storageClassName', 'volumeClaimTemplates.0.container',
    ],
    build: (chart, props) => new StatefulSet(chart, 'db', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

const ON_DELETE = 'onDelete';

describe('DaemonSet', () => {
  const percentOrAbsolute = fc.oneof(
    fc.integer({ min: 0, max: 5 }).map(n => kplus.PercentOrAbsolute.absolute(n)),
    fc.integer({ min: 0, max: 100 }).map(n => kplus.PercentOrAbsolute.percent(n)),
  );
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(),
      metadata,
      nodeSelector: labels,
      minReadySeconds: fc.integer({ min: 0, max: 60 }),
      revisionHistoryLimit: fc.integer({ min: 1, max: 20 }),
      // a surge only with maxUnavailable 0, and never both 0
      updateStrategy: fc.oneof(
        fc.constant(undefined),
        fc.constant(ON_DELETE),
        fc.record({ maxUnavailable: percentOrAbsolute.filter(p => !p.isZero()) }),
        fc.record({ maxUnavailable: fc.constant(kplus.PercentOrAbsolute.absolute(0)), maxSurge: percentOrAbsolute.filter(p => !p.isZero()) }),
      ),
    }, { requiredKeys: ['pod'] }).map(({ pod, ...props }) => ({ ...props, ...pod })),
    fields: [
      ...POD_FIELDS, 'nodeSelector', 'nodeSelector.role', 'minReadySeconds', 'revisionHistoryLimit', 'updateStrategy',
      'updateStrategy.maxUnavailable', 'updateStrategy.maxSurge',
    ],
    build: (chart, { updateStrategy, ...props }) => new DaemonSet(chart, 'agent', {
      ...props,
      // the options of a rolling update, or (a wrong value) the prop itself
      updateStrategy: updateStrategy === ON_DELETE ? DaemonSetUpdateStrategy.onDelete()
        : isPlain(updateStrategy) ? DaemonSetUpdateStrategy.rollingUpdate(updateStrategy) : updateStrategy,
    }),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

describe('ReplicaSet', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(),
      metadata,
      replicas: fc.integer({ min: 0, max: 5 }),
      minReadySeconds: fc.integer({ min: 0, max: 60 }),
    }, { requiredKeys: ['pod'] }).map(({ pod, ...props }) => ({ ...props, ...pod })),
    fields: [...POD_FIELDS, 'replicas', 'minReadySeconds'],
    build: (chart, props) => new ReplicaSet(chart, 'rs', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

const JOB_FIELDS = ['backoffLimit', 'activeDeadline', 'ttlAfterFinished', 'restartPolicy'];
const jobProps = {
  backoffLimit: fc.integer({ min: 0, max: 10 }),
  activeDeadline: seconds(1, 3600),
  ttlAfterFinished: seconds(0, 3600),
  restartPolicy: fc.constantFrom(kplus.RestartPolicy.NEVER, kplus.RestartPolicy.ON_FAILURE),
};

describe('Job', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(),
      metadata,
      completions: fc.integer({ min: 1, max: 5 }),
      parallelism: fc.integer({ min: 1, max: 5 }),
      ...jobProps,
    }, { requiredKeys: ['pod'] }).map(({ pod, ...props }) => ({ ...props, ...pod })),
    fields: [...POD_FIELDS, ...JOB_FIELDS, 'completions', 'parallelism'],
    build: (chart, props) => new Job(chart, 'migrate', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});

describe('CronJob', () => {
  const schedule = fc.oneof(
    fc.constantFrom(Cron.daily(), Cron.hourly(), Cron.weekly(), Cron.everyMinute()),
    fc.record({ minute: fc.integer({ min: 0, max: 59 }), hour: fc.integer({ min: 0, max: 23 }) })
      .map(({ minute, hour }) => Cron.schedule({ minute: String(minute), hour: String(hour) })),
  );
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(),
      metadata,
      schedule,
      timeZone: fc.constantFrom('Europe/Paris', 'Etc/UTC', 'America/New_York'),
      concurrencyPolicy: fc.constantFrom(kplus.ConcurrencyPolicy.ALLOW, kplus.ConcurrencyPolicy.FORBID, kplus.ConcurrencyPolicy.REPLACE),
      startingDeadline: seconds(10, 600),
      suspend: fc.boolean(),
      retained: fc.record({
        successfulJobsRetained: fc.integer({ min: 0, max: 5 }),
        failedJobsRetained: fc.integer({ min: 0, max: 5 }),
      }, { requiredKeys: [] }),
      ...jobProps,
    }, { requiredKeys: ['pod', 'schedule'] }).map(({ pod, retained, ttlAfterFinished, ...props }) => ({
      ...props,
      ...pod,
      // cdk8s-plus refuses a ttl with a retention count
      ...(retained && Object.keys(retained).length > 0 ? retained : { ttlAfterFinished }),
    })),
    fields: [...POD_FIELDS, ...JOB_FIELDS, 'schedule', 'timeZone', 'concurrencyPolicy', 'startingDeadline', 'suspend', 'successfulJobsRetained', 'failedJobsRetained'],
    build: (chart, props) => new CronJob(chart, 'report', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: POD_NAMES }));
});
