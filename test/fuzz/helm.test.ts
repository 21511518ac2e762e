import * as fc from 'fast-check';
import { Deployment, HelmChart, HelmValue, HelmValueType, Release, Service } from '../../src';
import { kplus } from '../../src/_plus';
import { dnsLabel, outcomeOf, params } from '../harness/fuzz';
import { acceptsEvery, badValue, chartOf, IMAGE, refusesEvery, Subject, word } from '../harness/props';

const semver = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20), fc.option(fc.nat(9), { nil: undefined }))
  .map(([a, b, c, rc]) => `${a}.${b}.${c}${rc === undefined ? '' : `-rc.${rc}`}`);
const camel = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/);

/** A value of each type, with the field it sets: a whole field, or (strings) text in an env value. */
const value = fc.oneof(
  fc.record({ type: fc.constant(HelmValueType.INTEGER), defaultValue: fc.integer({ min: 0, max: 300 }), pointer: fc.constant('/spec/minReadySeconds') }),
  fc.record({ type: fc.constant(HelmValueType.BOOLEAN), defaultValue: fc.boolean(), pointer: fc.constant('/spec/template/spec/automountServiceAccountToken') }),
  fc.record({ type: fc.constant(HelmValueType.STRING), defaultValue: word, pointer: fc.constant(undefined) }),
).chain(v => fc.record({
  props: fc.record({
    name: fc.tuple(camel, camel).map(([group, key]) => `app.${group}${key.charAt(0).toUpperCase()}${key.slice(1)}`),
    defaultValue: fc.constant(v.defaultValue),
    description: fc.constantFrom('sets the log level', 'is how long a pod must be ready'),
    type: fc.constantFrom(v.type, undefined),
  }),
  pointer: fc.constant(v.pointer),
}));

describe('HelmChart', () => {
  const dependency = fc.record({
    name: fc.constantFrom('postgresql', 'redis'),
    version: fc.constantFrom('~12.1.0', '17.3.2', '>=1.0.0'),
    repository: fc.constantFrom('https://charts.bitnami.com/bitnami', 'oci://registry.example.com/charts', '@bitnami'),
    condition: fc.constantFrom(undefined, 'postgresql.enabled'),
  }, { requiredKeys: ['name', 'version', 'repository'] });
  const subject: Subject<any> = {
    spec: fc.record({
      props: fc.record({
        name: dnsLabel.filter(n => n.length <= 53),
        version: semver,
        appVersion: fc.oneof(semver, word),
        description: fc.constantFrom('The ticketing app.', 'Sells tickets.'),
        kubeVersion: fc.constantFrom('>=1.26.0-0', '>=1.27.0-0 <1.30.0-0'),
        dependencies: fc.uniqueArray(dependency, { maxLength: 2, selector: d => d.name }),
        testService: fc.boolean(),
      }, { requiredKeys: [] }),
      value,
      release: fc.record({ name: dnsLabel }),
    }),
    fields: [
      'props', 'props.name', 'props.version', 'props.appVersion', 'props.description', 'props.kubeVersion', 'props.dependencies', 'props.dependencies.0',
      'props.dependencies.0.name', 'props.dependencies.0.version', 'props.dependencies.0.repository', 'props.dependencies.0.condition',
      'props.dependencies.0.alias', 'props.testService', 'value.props', 'value.props.name', 'value.props.description',
      'value.props.type', 'value.pointer', 'release.name',
    ],
    build: (chart, { props, value: v, release }) => {
      const env = { PEER: kplus.EnvValue.fromValue(`${Release.nameOf(release.name)}:5432`) };
      const web = new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'web', image: IMAGE, portNumber: 8080, envVariables: env }] });
      const service = new Service(chart, 'service', { workload: web, ports: [{ port: 80, targetPort: 8080 }] });
      const helmValue = new HelmValue(chart, 'value', v.props);
      if (v.pointer === undefined) web.containers[0].env.addVariable('SETTING', kplus.EnvValue.fromValue(helmValue.asString()));
      else helmValue.bindTo(web, v.pointer);
      const testService = props?.testService === true ? service : props?.testService === false ? undefined : props?.testService;
      new HelmChart(chart, 'helm', props === undefined || props === null || typeof props !== 'object' ? props : { ...props, testService });
    },
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  // other props of a value are refused for what they lack
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, { alsoNamed: { 'value.props': ['name'] } }));

  // a default of the right type may not fit what it sets (an int32, at least 0, below the progress deadline; text YAML keeps):
  // the value refuses it, or synth does, naming the field it sets
  test("refuses a default its field cannot hold with the library's error", () => {
    fc.assert(fc.property(subject.spec, badValue, (spec, bad) => {
      const v = { ...spec.value, props: { ...spec.value.props, defaultValue: bad } };
      const outcome = outcomeOf(app => subject.build(chartOf(app), { ...spec, value: v }));
      if (!outcome.ok) expect(outcome.message).toMatch(/'(defaultValue|type|pointer)'|'spec\.(minReadySeconds|template\.spec\.automountServiceAccountToken|template\.spec\.containers\[0\]\.env\[\d\]\.value)'|'minReadySeconds'/);
    }), params());
  });
});
