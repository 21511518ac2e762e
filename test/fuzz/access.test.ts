import { Chart, Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ClusterRole, ClusterRoleBinding, Deployment, LimitRange, Namespace, PodSecurityLevel, ResourceQuota, Role, RoleBinding, ServiceAccount,
} from '../../src';
import { kplus } from '../../src/_plus';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import {
  acceptsEvery, annotations, badValue, chartOf, IMAGE, labelKey, labels, labelValue, leafOf, metadata, METADATA_FIELDS, NAMESPACE, refusesEvery,
  strip, Subject, withField,
} from '../harness/props';

const LEVELS = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];
const atLeast = (level: PodSecurityLevel) => fc.constantFrom(...LEVELS.slice(LEVELS.indexOf(level)));

describe('Namespace', () => {
  const subject: Subject<any> = {
    spec: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }).chain(level => fc.record({
      metadata: fc.record({ name: dnsLabel, labels, annotations }, { requiredKeys: ['name'] }),
      podSecurity: fc.constant(level),
      podSecurityAudit: atLeast(level ?? PodSecurityLevel.RESTRICTED),
      podSecurityWarn: atLeast(level ?? PodSecurityLevel.RESTRICTED),
      podSecurityVersion: fc.oneof(fc.constant('latest'), fc.integer({ min: 0, max: 40 }).map(n => `v1.${n}`)),
    }, { requiredKeys: ['metadata', 'podSecurity'] })),
    fields: [...METADATA_FIELDS, 'podSecurity', 'podSecurityAudit', 'podSecurityWarn', 'podSecurityVersion'],
    build: (chart, props) => new Namespace(chart, 'ns', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

/** Four amounts in order, each given or not: min <= defaultRequest <= defaultLimit <= max. */
function amounts(amountOf: (n: number) => kplus.Cpu | Size) {
  const values = fc.uniqueArray(fc.integer({ min: 1, max: 4000 }), { minLength: 4, maxLength: 4 }).map(v => [...v].sort((a, b) => a - b));
  return fc.tuple(values, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }))
    .map(([[min, request, limit, max], given]) => {
      const chosen = {
        min: given[0] ? min : undefined,
        defaultRequest: given[1] ? request : undefined,
        defaultLimit: given[2] ? limit : undefined,
        max: given[3] ? max : undefined,
      };
      const effectiveLimit = chosen.defaultLimit ?? chosen.max;
      const effectiveRequest = chosen.defaultRequest ?? effectiveLimit ?? chosen.min;
      const ratio = given[4] && effectiveLimit !== undefined ? Math.ceil(effectiveLimit / effectiveRequest!) + 1 : undefined;
      const amount = (n: number | undefined) => (n === undefined ? undefined : amountOf(n));
      return {
        min: amount(chosen.min),
        defaultRequest: amount(chosen.defaultRequest),
        defaultLimit: amount(chosen.defaultLimit),
        max: amount(chosen.max),
        maxLimitRequestRatio: ratio === undefined ? undefined : String(ratio),
      };
    });
}

describe('LimitRange', () => {
  const FIELDS = ['min', 'defaultRequest', 'defaultLimit', 'max', 'maxLimitRequestRatio'] as const;
  const subject: Subject<any> = {
    spec: fc.record({
      cpu: amounts(n => kplus.Cpu.millis(n)),
      memory: amounts(n => Size.mebibytes(n)),
      metadata: fc.option(metadata, { nil: undefined }),
    }),
    fields: [...METADATA_FIELDS, ...FIELDS, ...FIELDS.flatMap(f => [`${f}.cpu`, `${f}.memory`])],
    props: (_chart, spec) => {
      const props: any = spec.metadata === undefined ? {} : { metadata: spec.metadata };
      for (const field of FIELDS) {
        const value = { cpu: spec.cpu[field], memory: spec.memory[field] };
        if (value.cpu === undefined && value.memory === undefined) continue;
        props[field] = strip(value);
      }
      if (Object.keys(props).filter(k => k !== 'metadata').length === 0) props.max = { cpu: kplus.Cpu.units(1) };
      return props;
    },
    build: (chart, props) => new LimitRange(chart, 'limits', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // An amount given otherwise may break the ratio of limit to request that the defaults must allow.
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: Object.fromEntries(FIELDS.map(f => [f, ['maxLimitRequestRatio']])) }));
});

describe('ResourceQuota', () => {
  const quantity = fc.oneof(fc.integer({ min: 0, max: 64 }).map(String), fc.integer({ min: 1, max: 512 }).map(n => `${n}Gi`), fc.integer({ min: 1, max: 9000 }).map(n => `${n}m`));
  const cpu = fc.oneof(fc.integer({ min: 0, max: 64 }).map(n => kplus.Cpu.units(n)), fc.integer({ min: 1, max: 9000 }).map(n => kplus.Cpu.millis(n)));
  const size = fc.oneof(fc.integer({ min: 0, max: 512 }).map(n => Size.gibibytes(n)), fc.integer({ min: 1, max: 9000 }).map(n => Size.mebibytes(n)));
  const count = fc.integer({ min: 0, max: 1000 });
  const subject: Subject<any> = {
    spec: fc.record({
      metadata,
      requestsCpu: cpu,
      requestsMemory: size,
      limitsCpu: cpu,
      limitsMemory: size,
      requestsStorage: size,
      pods: count,
      services: count,
      persistentVolumeClaims: count,
      configMaps: count,
      secrets: count,
      objectCounts: fc.dictionary(fc.constantFrom('deployments.apps', 'jobs.batch', 'ingresses.networking.k8s.io'), count, { maxKeys: 3 }),
      hard: fc.dictionary(fc.constantFrom('requests.ephemeral-storage', 'limits.ephemeral-storage'), quantity, { maxKeys: 2 }),
    }, { requiredKeys: ['pods'] }),
    fields: [...METADATA_FIELDS, 'requestsCpu', 'requestsMemory', 'limitsCpu', 'limitsMemory', 'requestsStorage', 'pods', 'services',
      'persistentVolumeClaims', 'configMaps', 'secrets', 'objectCounts', ['objectCounts', 'jobs.batch'], 'hard', ['hard', 'requests.ephemeral-storage']],
    build: (chart, props) => new ResourceQuota(chart, 'quota', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

const READ_VERBS = ['get', 'list', 'watch', 'update', 'patch', 'delete'];
const resource = fc.record({
  apiGroup: fc.constantFrom('', 'apps', 'batch', 'networking.k8s.io'),
  resourceType: fc.constantFrom('pods', 'configmaps', 'deployments', 'pods/log', 'secrets'),
  resourceName: dnsLabel,
}, { requiredKeys: ['apiGroup', 'resourceType'] });
const rule = fc.record({ verbs: fc.subarray(READ_VERBS, { minLength: 1 }), resources: fc.array(resource, { minLength: 1, maxLength: 3 }) });
const RULE_FIELDS = ['rules', 'rules.0', 'rules.0.verbs', 'rules.0.verbs.0', 'rules.0.resources', 'rules.0.resources.0',
  'rules.0.resources.0.apiGroup', 'rules.0.resources.0.resourceType', 'rules.0.resources.0.resourceName'];

describe('Role', () => {
  const subject: Subject<any> = {
    spec: fc.record({ metadata, allowWildcards: fc.boolean(), rules: fc.array(rule, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['rules'] }),
    fields: [...METADATA_FIELDS, 'allowWildcards', ...RULE_FIELDS],
    build: (chart, props) => new Role(chart, 'role', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // A resource's name is refused where the rule lists it, among its 'resourceNames'.
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { resourceName: ['resourceNames'] } }));

  test('toReadConfigMap accepts every valid configuration and refuses every invalid option', () => {
    fc.assert(fc.property(dnsLabel, fc.nat(), fc.option(badValue, { nil: undefined }), (configMapName, pick, bad) => {
      const fields = ['configMapName', 'serviceAccount', 'metadata', 'metadata.name'];
      const field = fields[pick % fields.length].split('.');
      const outcome = outcomeOf(a => {
        const chart = chartOf(a);
        const serviceAccount = new ServiceAccount(chart, 'sa', { metadata: { name: 'reader' } });
        const options = { configMapName, serviceAccount, metadata: { name: 'read-config' } };
        Role.toReadConfigMap(chart, 'reader', bad === undefined ? options : withField(options, field, bad));
      });
      if (bad === undefined && !outcome.ok) throw new Error(outcome.message);
      if (!outcome.ok) expect(outcome.message).toContain(leafOf(field));
    }), params());
  });
});

const endpoint = fc.oneof(
  resource.map(r => kplus.ApiResource.custom(r)),
  fc.constantFrom('/healthz', '/metrics', '/version').map(url => kplus.NonApiResource.of(url)),
);

describe('ClusterRole', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata: metadata.map(m => ({ ...m, namespace: undefined })),
      allowWildcards: fc.boolean(),
      rules: fc.array(fc.record({ verbs: fc.subarray(['get'], { minLength: 1 }), endpoints: fc.array(endpoint, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
      aggregationLabels: fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 2 }),
    }, { requiredKeys: ['rules'] }),
    fields: ['metadata', 'metadata.name', 'metadata.labels', 'allowWildcards', 'rules', 'rules.0', 'rules.0.verbs', 'rules.0.endpoints', 'rules.0.endpoints.0', 'aggregationLabels'],
    props: (_chart, spec) => (spec.metadata ? { ...spec, metadata: strip(spec.metadata) } : spec),
    build: (chart, props) => new ClusterRole(chart, 'role', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});


/** Subjects of a binding: ServiceAccounts of the namespace, Users and Groups. */
const subjects = fc.array(fc.record({ kind: fc.constantFrom('sa', 'user', 'group'), name: dnsLabel }), { minLength: 1, maxLength: 3 });

function subjectsOf(chart: Chart, specs: { kind: string; name: string }[]): kplus.ISubject[] {
  return specs.map((s, i) => {
    if (s.kind === 'sa') return new ServiceAccount(chart, `sa-${i}`, { metadata: { name: `${s.name}-${i}`, namespace: NAMESPACE } });
    return s.kind === 'user' ? kplus.User.fromName(chart, `user-${i}`, s.name) : kplus.Group.fromName(chart, `group-${i}`, s.name);
  });
}

describe('RoleBinding', () => {
  const subject: Subject<any> = {
    spec: fc.record({ name: fc.option(dnsLabel, { nil: undefined }), cluster: fc.boolean(), subjects }),
    fields: ['metadata', 'metadata.name', 'metadata.namespace', 'role', 'subjects', 'subjects.0'],
    props: (chart, spec) => ({
      metadata: strip({ name: spec.name, namespace: NAMESPACE }),
      role: spec.cluster ? new ClusterRole(chart, 'role', { rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.PODS] }] })
        : new Role(chart, 'role', { metadata: { namespace: NAMESPACE }, rules: [{ verbs: ['get'], resources: [kplus.ApiResource.PODS] }] }),
      subjects: subjectsOf(chart, spec.subjects),
    }),
    build: (chart, props) => new RoleBinding(chart, 'binding', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // Another namespace for the binding is refused for its Role, which must be in it.
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { namespace: ['role'] } }));
});

describe('ClusterRoleBinding', () => {
  const subject: Subject<any> = {
    spec: fc.record({ name: fc.option(dnsLabel, { nil: undefined }), subjects }),
    fields: ['metadata', 'metadata.name', 'role', 'subjects', 'subjects.0'],
    props: (chart, spec) => ({
      metadata: strip({ name: spec.name }),
      role: new ClusterRole(chart, 'role', { rules: [{ verbs: ['get'], endpoints: [kplus.ApiResource.NODES] }] }),
      subjects: subjectsOf(chart, spec.subjects),
    }),
    build: (chart, props) => new ClusterRoleBinding(chart, 'binding', props),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});

describe('ServiceAccount', () => {
  const subject: Subject<any> = {
    spec: fc.record({ metadata, automountToken: fc.boolean(), used: fc.boolean() }, { requiredKeys: ['used'] }),
    fields: ['metadata', 'metadata.name', 'metadata.labels', 'metadata.annotations', 'automountToken', 'secrets', 'secrets.0'],
    props: (chart, { used, ...props }) => ({ ...props, used, secrets: [kplus.Secret.fromSecretName(chart, 'token', 'api-token')] }),
    build: (chart, { used, ...props }) => {
      const account = new ServiceAccount(chart, 'identity', props);
      if (used) new Deployment(chart, 'api', { metadata: { name: 'api' }, serviceAccount: account, automountServiceAccountToken: props.automountToken === true, containers: [{ name: 'api', image: IMAGE }] });
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});
