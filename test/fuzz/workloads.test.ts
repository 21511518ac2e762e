import { Chart, Cron, Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  BuildContext, CompletionMode, CronJob, DaemonSet, DaemonSetUpdateStrategy, Deployment, ExitCodeOperator, ImageBuild, Job, Namespace, Pod,
  PodConditionStatus, PodFailureAction, PodFailurePolicyRule, PodSecurityLevel, PriorityClass, ReplicaSet, SecretRef, StatefulSet,
} from '../../src';
import { kplus } from '../../src/_plus';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import {
  acceptsEvery, badValue, chartOf, IMAGE, isPlain, labelKey, labels, metadata, pathOf, podOf, POD_FIELDS, POD_NAMES, refusesEvery, strip, Subject,
  withField,
} from '../harness/props';

const seconds = (min: number, max: number) => fc.integer({ min, max }).map(s => Duration.seconds(s));
const level = fc.option(fc.constantFrom(PodSecurityLevel.RESTRICTED, PodSecurityLevel.BASELINE), { nil: undefined });

/** A path writablePaths take: segments of lowercase letters and digits, or of any printable character but '/' (not '.' or '..'). */
const writablePath = fc.oneof(
  fc.constantFrom('/tmp', '/var/run', '/run', '/var/cache/nginx', '/home/app/.cache'),
  fc.array(fc.oneof(
    fc.stringMatching(/^[a-z0-9]{1,8}$/),
    fc.string({ minLength: 1, maxLength: 8 }).filter(segment => !segment.includes('/') && segment !== '.' && segment !== '..'),
  ), { minLength: 1, maxLength: 3 }).map(segments => `/${segments.join('/')}`),
);

/**
 * The pod options every workload takes, as generated: a priority (a
 * PriorityClass of the app, the name of a class made elsewhere, a system
 * class, which needs the `kube-system` namespace, or none), readiness gates
 * and writable paths, each given or not.
 */
const podOptions = fc.record({
  priority: fc.constantFrom('none', 'class', 'name', 'system'),
  value: fc.integer({ min: -(2 ** 31), max: 1_000_000_000 }),
  className: fc.array(dnsLabel, { minLength: 1, maxLength: 2 }).map(parts => parts.join('.')).filter(n => !n.startsWith('system-')),
  systemClass: fc.constantFrom('system-cluster-critical', 'system-node-critical'),
  readinessGates: fc.option(fc.uniqueArray(fc.oneof(labelKey, fc.constant('example.com/load-balancer-ready')), { maxLength: 2 }), { nil: undefined }),
  writablePaths: fc.option(fc.uniqueArray(writablePath, { maxLength: 3 }), { nil: undefined }),
  sizeLimit: fc.option(fc.integer({ min: 1, max: 1024 }).map(m => Size.mebibytes(m)), { nil: undefined }),
});
const POD_OPTION_FIELDS = ['priorityClass', 'priorityClassName', 'readinessGates', 'readinessGates.0', 'writablePaths', 'writablePaths.0', 'writablePathSizeLimit'];

/**
 * What an error may name for a pod option instead: the writable paths a
 * size limit needs; the priority class a system class's namespace needs.
 */
const OPTION_NAMES = { ...POD_NAMES, writablePaths: ['writablePathSizeLimit'], metadata: ['priorityClassName'], namespace: ['priorityClassName'] };

/** The props of the pod options, made in the chart (the PriorityClass), and the metadata they need. */
function withPodOptions(chart: Chart, { options, ...props }: any): any {
  const { priority, value, className, systemClass, readinessGates, writablePaths, sizeLimit } = options;
  return strip({
    ...props,
    priorityClass: priority === 'class' ? new PriorityClass(chart, 'priority', { value }) : undefined,
    priorityClassName: priority === 'name' ? className : priority === 'system' ? systemClass : undefined,
    metadata: priority === 'system' ? { ...props.metadata, namespace: 'kube-system' } : props.metadata,
    readinessGates,
    writablePaths,
    writablePathSizeLimit: writablePaths !== undefined && writablePaths.length > 0 ? sizeLimit : undefined,
  });
}

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
      options: podOptions,
    }, { requiredKeys: ['pod', 'options'] }).map(({ pod, ...props }) => ({ ...props, ...pod })),
    fields: [...POD_FIELDS, ...POD_OPTION_FIELDS, 'replicas', 'revisionHistoryLimit', 'paused', 'minReady', 'progressDeadline', 'strategy'],
    props: withPodOptions,
    build: (chart, props) => new Deployment(chart, 'web', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: OPTION_NAMES }));
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

const ACTIONS = [PodFailureAction.FAIL_JOB, PodFailureAction.IGNORE, PodFailureAction.COUNT];

/** A pod failure policy rule: exit codes (of any container, or of `app`), or pod conditions. */
const podFailureRule = fc.oneof(
  fc.record({
    action: fc.constantFrom(...ACTIONS),
    operator: fc.constantFrom(ExitCodeOperator.IN, ExitCodeOperator.NOT_IN),
    codes: fc.uniqueArray(
      fc.oneof(fc.integer({ min: 1, max: 255 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).filter(c => c !== 0)),
      { minLength: 1, maxLength: 4 },
    ),
    withZero: fc.boolean(),
    containerName: fc.constantFrom(undefined, 'app'),
  }).map(({ action, operator, codes, withZero, containerName }) => PodFailurePolicyRule.onExitCodes(action, strip({
    operator,
    // 0, a success, only for NotIn
    values: operator === ExitCodeOperator.NOT_IN && withZero ? [...codes, 0] : codes,
    containerName,
  }))),
  fc.record({
    action: fc.constantFrom(...ACTIONS),
    conditions: fc.array(fc.record({
      type: fc.oneof(fc.constant('DisruptionTarget'), labelKey),
      status: fc.constantFrom(PodConditionStatus.TRUE, PodConditionStatus.FALSE, PodConditionStatus.UNKNOWN),
    }, { requiredKeys: ['type'] }), { minLength: 1, maxLength: 3 }),
  }).map(({ action, conditions }) => PodFailurePolicyRule.onPodConditions(action, conditions)),
);

const JOB_FIELDS = ['backoffLimit', 'activeDeadline', 'ttlAfterFinished', 'restartPolicy', 'completionMode', 'podFailurePolicy', 'podFailurePolicy.0'];
const jobProps = {
  backoffLimit: fc.integer({ min: 0, max: 10 }),
  activeDeadline: seconds(1, 3600),
  ttlAfterFinished: seconds(0, 3600),
  restartPolicy: fc.constantFrom(kplus.RestartPolicy.NEVER, kplus.RestartPolicy.ON_FAILURE),
  completionMode: fc.constantFrom(CompletionMode.NON_INDEXED, CompletionMode.INDEXED),
  podFailurePolicy: fc.array(podFailureRule, { minLength: 1, maxLength: 3 }),
};

/** Job props as generated: a pod failure policy only with restartPolicy Never, which it requires. */
const withFailurePolicy = <T extends { podFailurePolicy?: unknown; restartPolicy?: kplus.RestartPolicy }>(props: T): T =>
  (props.podFailurePolicy !== undefined && props.restartPolicy === kplus.RestartPolicy.ON_FAILURE
    ? { ...props, restartPolicy: kplus.RestartPolicy.NEVER }
    : props);

/** What an error may name for a container's name instead: a rule of the pod failure policy that names the container (`app`). */
const JOB_NAMES = { ...OPTION_NAMES, name: ['podFailurePolicy'] };

describe('Job', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(),
      metadata,
      completions: fc.integer({ min: 1, max: 5 }),
      parallelism: fc.integer({ min: 1, max: 5 }),
      suspend: fc.boolean(),
      ...jobProps,
      options: podOptions,
    }, { requiredKeys: ['pod', 'options'] }).map(({ pod, ...props }) => withFailurePolicy({ ...props, ...pod })),
    fields: [...POD_FIELDS, ...POD_OPTION_FIELDS, ...JOB_FIELDS, 'completions', 'parallelism', 'suspend'],
    props: withPodOptions,
    build: (chart, props) => new Job(chart, 'migrate', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: JOB_NAMES }));
});

describe('PodFailurePolicyRule', () => {
  const VALID: { [factory: string]: () => unknown[] } = {
    onExitCodes: () => [PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.IN, values: [1, 42], containerName: 'app' }],
    onPodConditions: () => [PodFailureAction.IGNORE, [{ type: 'DisruptionTarget', status: PodConditionStatus.TRUE }]],
  };
  /** Paths into the arguments of each factory, and what an error names for each: options given as a wrong object, a field it lacks. */
  const FIELDS: { [factory: string]: [string, string[]][] } = {
    onExitCodes: [
      ['0', ['action']], ['1', ['options', 'operator', 'values', 'containerName']], ['1.operator', ['operator']], ['1.values', ['values']],
      ['1.values.0', ['values']], ['1.containerName', ['containerName']],
    ],
    onPodConditions: [
      ['0', ['action']], ['1', ['conditions']], ['1.0', ['conditions[0]']], ['1.0.type', ['conditions[0].type']], ['1.0.status', ['conditions[0].status']],
    ],
  };

  test("refuses every invalid argument with the library's error", () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(VALID)), fc.nat(), badValue, (factory, pick, bad) => {
      const [path, names] = FIELDS[factory][pick % FIELDS[factory].length];
      const outcome = outcomeOf(app => {
        const rule = (PodFailurePolicyRule as any)[factory](...withField(VALID[factory](), pathOf(path), bad));
        new Job(chartOf(app), 'migrate', { containers: [{ name: 'app', image: IMAGE }], podFailurePolicy: [rule] });
      });
      if (!outcome.ok) expect(outcome.message).toMatch(new RegExp(`(${names.map(n => n.replace(/[[\]]/g, '\\$&')).join('|')})['.[]`));
    }), params());
  });
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
      startJobsSuspended: fc.boolean(),
      completions: fc.integer({ min: 1, max: 5 }),
      parallelism: fc.integer({ min: 1, max: 5 }),
      options: podOptions,
      retained: fc.record({
        successfulJobsRetained: fc.integer({ min: 0, max: 5 }),
        failedJobsRetained: fc.integer({ min: 0, max: 5 }),
      }, { requiredKeys: [] }),
      ...jobProps,
    }, { requiredKeys: ['pod', 'schedule', 'options'] }).map(({ pod, retained, ttlAfterFinished, ...props }) => withFailurePolicy({
      ...props,
      ...pod,
      // cdk8s-plus refuses a ttl with a retention count
      ...(retained && Object.keys(retained).length > 0 ? retained : { ttlAfterFinished }),
    })),
    fields: [
      ...POD_FIELDS, ...POD_OPTION_FIELDS, ...JOB_FIELDS, 'schedule', 'timeZone', 'concurrencyPolicy', 'startingDeadline', 'suspend', 'startJobsSuspended',
      'successfulJobsRetained', 'failedJobsRetained', 'completions', 'parallelism',
    ],
    props: withPodOptions,
    build: (chart, props) => new CronJob(chart, 'report', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: JOB_NAMES }));
});

describe('Pod', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      pod: podOf(),
      metadata,
      restartPolicy: fc.constantFrom(kplus.RestartPolicy.ALWAYS, kplus.RestartPolicy.NEVER, kplus.RestartPolicy.ON_FAILURE),
      podSecurityLevel: level,
      automountServiceAccountToken: fc.boolean(),
      options: podOptions,
    }, { requiredKeys: ['pod', 'options'] }).map(({ pod, ...props }) => ({ ...props, ...pod })),
    fields: [...POD_FIELDS, ...POD_OPTION_FIELDS, 'restartPolicy', 'automountServiceAccountToken', 'podMetadata', 'spread', 'isolate'],
    props: withPodOptions,
    build: (chart, props) => new Pod(chart, 'debug', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: OPTION_NAMES }));
});

describe('ImageBuild', () => {
  /** Where the build context comes from: a git revision (full reference or commit, sub-directory, credentials) or a ConfigMap. */
  const context = fc.oneof(
    fc.record({
      kind: fc.constant('git'),
      url: fc.constantFrom('https://github.com/example/api.git', 'https://gitlab.example.com/team/api'),
      revision: fc.oneof(fc.constantFrom('refs/heads/main', 'refs/tags/v1.4.0'), fc.stringMatching(/^[0-9a-f]{40}$/)),
      subPath: fc.option(fc.constantFrom('api', 'services/api'), { nil: undefined }),
      credentials: fc.boolean(),
    }, { requiredKeys: ['kind', 'url', 'revision'] }),
    fc.record({ kind: fc.constant('configMap'), copyImage: fc.option(fc.constantFrom('busybox:1.36.1'), { nil: undefined }) }),
  );
  const subject: Subject<any> = {
    spec: fc.record({
      context,
      destination: fc.tuple(fc.constantFrom('registry.example.com', 'ghcr.io', 'localhost:5000'), dnsLabel, fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,9}$/))
        .filter(([, , tag]) => tag !== 'latest')
        .map(([host, repo, tag]) => `${host}/team/${repo}:${tag}`),
      dockerfile: fc.option(fc.constantFrom('Dockerfile', 'build/Dockerfile.prod'), { nil: undefined }),
      buildArgs: fc.option(fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), fc.stringMatching(/^[a-z0-9.]{1,8}$/), { maxKeys: 2 }), { nil: undefined }),
      registryCredentials: fc.boolean(),
      builderImage: fc.constantFrom(undefined, 'gcr.io/kaniko-project/executor:v1.23.2', `gcr.io/kaniko-project/executor@sha256:${'b'.repeat(64)}`),
      metadata: fc.record({ name: dnsLabel.filter(n => n.length <= 40), labels }, { requiredKeys: [] }),
      backoffLimit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      activeDeadline: fc.option(seconds(60, 7200), { nil: undefined }),
      ttlAfterFinished: fc.option(seconds(0, 86400 * 7), { nil: undefined }),
    }, { requiredKeys: ['context', 'destination'] }),
    fields: [
      'context', 'destination', 'dockerfile', 'buildArgs', 'buildArgs.VERSION', 'registryCredentials', 'builderImage', 'metadata', 'metadata.name',
      'metadata.namespace', 'metadata.labels', 'backoffLimit', 'activeDeadline', 'ttlAfterFinished', 'qos',
    ],
    props: (chart, { context: c, registryCredentials, metadata: m, ...rest }) => {
      new Namespace(chart, 'builds', { metadata: { name: 'builds' }, podSecurity: PodSecurityLevel.BASELINE });
      const secret = (name: string, keys: string[]) => new SecretRef(chart, name, { name, keys });
      const built = c.kind === 'git'
        ? BuildContext.fromGit({ url: c.url, revision: c.revision, subPath: c.subPath, credentials: c.credentials ? secret('git-auth', ['username', 'password']) : undefined })
        : BuildContext.fromConfigMap(new kplus.ConfigMap(chart, 'context', { metadata: { name: 'context', namespace: 'builds' }, data: { Dockerfile: 'FROM scratch\n' } }), { copyImage: c.copyImage });
      return {
        ...rest,
        context: built,
        registryCredentials: registryCredentials ? secret('registry-push', ['.dockerconfigjson']) : undefined,
        metadata: { ...m, namespace: 'builds' },
      };
    },
    build: (chart, props) => new ImageBuild(chart, 'build', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // another namespace (e.g. one from Release.nameOf, or the chart's when metadata is replaced) is refused for the ConfigMap context,
  // which must be in the Job's
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { ...POD_NAMES, namespace: ['context'], metadata: ['context'] } }));
});
