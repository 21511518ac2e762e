import * as path from 'path';
import { Chart, Cron } from 'cdk8s';
import {
  CronJob, Deployment, HelmChart, HelmChartProps, HelmDependency, HelmValue, HelmValueProps, HelmValueType, PatternsApp,
  ReplicaSet, Release, Service, StatefulSet,
} from '../../src';
import { kplus } from '../../src/_plus';
import { find } from '../harness';
import { harden } from '../harness/fixtures';
import { helmTemplate, parseAll, writeApp } from '../harness/helm';

const IMAGE = 'nginx:1.25.3';
const CAMEL_KEYS = "must be a dotted path of camelCase keys (each a lowercase letter, then letters and digits) such as 'api.logLevel', which Helm templates and '--set' can address";
const CHART_NAME = "must be a Helm chart name (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 53 characters)";
const LABEL_VALUE = "must be a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)";
const POSTGRES: HelmDependency = { name: 'postgres', version: '~1.2.0', repository: 'https://charts.example.com' };

/** A chart `errs` in a fresh PatternsApp (for that release). */
function errs(releaseName?: string): { app: PatternsApp; chart: Chart } {
  const app = new PatternsApp({ releaseName });
  return { app, chart: new Chart(app, 'errs') };
}

/** Our Deployment `web` (2 replicas), container `web`. */
const web = (chart: Chart, name = 'web', namespace?: string) =>
  new Deployment(chart, name, { metadata: { name, namespace }, containers: [{ name: 'web', image: IMAGE, ports: [{ number: 8080 }] }] });

/** A HelmValue `v` of chart `errs` with those props. */
const value = (props: Partial<HelmValueProps>) => () =>
  new HelmValue(errs().chart, 'v', { name: 'api.logLevel', defaultValue: 'info', description: 'is the log level', ...props });

/** A HelmChart of chart `errs` with those props. */
const helmChart = (props: HelmChartProps) => () => new HelmChart(errs().chart, 'helm', props);

describe('HelmValue', () => {
  test.each([
    ['api.log-level', 'log-level'],
    ['Api', 'Api'],
    ['a..b', ''],
    ['api.2nd', '2nd'],
  ])('fails when the name is %p', (name, key) => {
    expect(value({ name })).toThrow(`errs/v: 'name' ${CAMEL_KEYS}; '${key}' is not one, got '${name}'`);
  });

  test('fails when a key of the name holds a line break, shown on one line', () => {
    expect(value({ name: 'api.log\nLevel' })).toThrow(new Error(`errs/v: 'name' ${CAMEL_KEYS}; 'log\\nLevel' is not one, got 'api.log\\nLevel'`));
  });

  test('fails when the name is empty', () => {
    expect(value({ name: '' })).toThrow("errs/v: 'name' must be a dotted path of camelCase keys such as 'api.logLevel', got ''");
  });

  test('fails when the type is not a HelmValueType (from JavaScript)', () => {
    expect(value({ defaultValue: 1, type: 'int' as HelmValueType })).toThrow(new Error(
      "errs/v: 'type' must be one of 'string', 'integer', 'number', 'boolean', 'object', 'array', got 'int'"));
  });

  test('fails when bound to a field of another type, before rendering', () => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'grace', defaultValue: 1, description: 'is the grace' });
    expect(() => v.bindTo(web(chart), '/spec/template/spec/automountServiceAccountToken')).toThrow(new Error(
      "errs/v: 'pointer' must point at a field that takes a value of type 'integer' (that of its 'defaultValue'), got '/spec/template/spec/automountServiceAccountToken', a field of type 'boolean'; bind it to a field of its type"));
  });

  test('fails when the default is not of the declared type', () => {
    expect(value({ defaultValue: '3', type: HelmValueType.INTEGER })).toThrow("errs/v: 'defaultValue' must be of type 'integer', got '3' (string)");
    expect(value({ defaultValue: 1.5, type: HelmValueType.INTEGER })).toThrow("errs/v: 'defaultValue' must be of type 'integer', got 1.5 (number)");
  });

  test('fails when the default is not JSON', () => {
    expect(value({ defaultValue: null })).toThrow("errs/v: 'defaultValue' must be a string, number, boolean, object or array, got null");
    expect(value({ defaultValue: undefined })).toThrow("errs/v: 'defaultValue' must be a string, number, boolean, object or array, got undefined");
  });

  test('fails when the description is empty', () => {
    expect(value({ description: '' })).toThrow("errs/v: 'description' must say what the value sets, got ''");
    expect(value({ description: '  ' })).toThrow("errs/v: 'description' must say what the value sets, got '  '");
  });

  test('fails when bound to the name, namespace, kind or apiVersion', () => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'webName', defaultValue: 'web', description: 'names it' });
    for (const pointer of ['/metadata/name', '/metadata/namespace', '/kind', '/apiVersion']) {
      expect(() => v.bindTo(web(chart, `web${pointer.length}`), pointer))
        .toThrow(new Error(`errs/v: 'pointer' must not point at the name, namespace, kind or apiVersion, which follow the release, got '${pointer}'; bind another field`));
    }
  });

  test.each(['spec/replicas', '/spec//replicas', '/', '', '/spec/replicas/'])('fails when bound to the pointer %p', pointer => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'replicas', defaultValue: 2, description: 'is the number of pods' });
    expect(() => v.bindTo(web(chart), pointer)).toThrow(`errs/v: 'pointer' must be a JSON pointer to a field such as '/spec/replicas', got '${pointer}'`);
  });

  test('fails when bound to something that is not a Kubernetes object', () => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'replicas', defaultValue: 2, description: 'is the number of pods' });
    expect(() => v.bindTo(chart, '/spec/replicas')).toThrow(/^errs\/v: 'target' must be a Kubernetes object \(an ApiObject or a construct whose default child is one\), got Chart 'errs'$/);
  });

  test('fails when asString() is asked of an object or array value', () => {
    expect(() => value({ defaultValue: { a: 1 } })().asString()).toThrow(new Error(
      "errs/v: 'defaultValue' must be a string, integer, number or boolean for asString() to place the value in text, got a value of type 'object'; bind the value to a field with bindTo()"));
    expect(() => value({ defaultValue: [], type: HelmValueType.ARRAY })().asString()).toThrow(new Error(
      "errs/v: 'type' must be a string, integer, number or boolean for asString() to place the value in text, got 'array'; bind the value to a field with bindTo()"));
  });

  test('fails at render when two values of one name have different defaults, naming both', () => {
    const { app, chart } = errs();
    new HelmValue(chart, 'a', { name: 'api.logLevel', defaultValue: 'info', description: 'is the log level' });
    new HelmValue(chart, 'b', { name: 'api.logLevel', defaultValue: 'debug', description: 'is the log level' });
    expect(() => app.renderFiles()).toThrow(new Error("errs/b: 'api.logLevel' must keep the default errs/a gives it ('info'), got default 'debug'; give both the same default or use two values"));
  });

  test('two values of one name and one default are one value, setting every field they are bound to', () => {
    const { app, chart } = errs();
    const a = web(chart, 'a');
    const b = web(chart, 'b');
    new HelmValue(chart, 'va', { name: 'readySeconds', defaultValue: 5, description: 'is how long a pod must be ready' }).bindTo(a, '/spec/minReadySeconds');
    new HelmValue(chart, 'vb', { name: 'readySeconds', defaultValue: 5, description: 'is how long a pod must be ready' }).bindTo(b, '/spec/minReadySeconds');
    new HelmChart(chart, 'helm');
    const dir = path.join(writeApp(app), 'charts', 'errs');
    const rendered = helmTemplate(dir, 'r1', { set: ['readySeconds=9'] });
    expect(find(rendered, 'Deployment', 'r1-a').spec.minReadySeconds).toBe(9);
    expect(find(rendered, 'Deployment', 'r1-b').spec.minReadySeconds).toBe(9);
    expect(parseAll(app.renderFiles()['errs.k8s.yaml']).map(m => m.spec.minReadySeconds)).toEqual([5, 5]);
  });

  test('fails at render when a value would nest under another', () => {
    const { app, chart } = errs();
    new HelmValue(chart, 'a', { name: 'api', defaultValue: 'x', description: 'is the api' });
    new HelmValue(chart, 'b', { name: 'api.port', defaultValue: 80, description: 'is the port' });
    expect(() => app.renderFiles()).toThrow(new Error("errs/b: 'api.port' must not nest under 'api', which errs/a defines as a value, got a value under it; rename one of them"));
  });

  test('fails at render when a generated knob of the chart takes the name with another default', () => {
    const { app, chart } = errs();
    new HelmValue(chart, 'v', { name: 'web.replicas', defaultValue: 5, description: 'is the grace' }).bindTo(web(chart), '/spec/minReadySeconds');
    new HelmChart(chart, 'helm');
    expect(() => app.renderFiles()).toThrow(new Error("errs/web: 'web.replicas' must keep the default errs/v gives it (5), got default 2; give both the same default or use two values"));
  });

  test.each([
    ['ReplicaSet', (c: Chart) => new ReplicaSet(c, 'web', { metadata: { name: 'web' }, replicas: 3, containers: [{ name: 'web', image: IMAGE }] })],
    ['StatefulSet', (c: Chart) => new StatefulSet(c, 'web', { metadata: { name: 'web' }, replicas: 3, containers: [{ name: 'web', image: IMAGE, ports: [{ number: 8080 }] }] })],
  ])('fails when a string value is bound to the replicas of a %s', (_kind, make) => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'scale', defaultValue: '3', description: 'is the number of pods' });
    expect(() => v.bindTo(make(chart), '/spec/replicas')).toThrow(new Error(
      "errs/v: 'pointer' must point at a field that takes a value of type 'string' (that of its 'defaultValue'), got '/spec/replicas', a field of type 'integer'; bind it to a field of its type"));
  });

  test('fails when a number value is bound to an integer field', () => {
    const { chart } = errs();
    const set = new ReplicaSet(chart, 'web', { metadata: { name: 'web' }, replicas: 2, containers: [{ name: 'web', image: IMAGE }] });
    const v = new HelmValue(chart, 'v', { name: 'scale', defaultValue: 1.5, description: 'is the number of pods' });
    expect(() => v.bindTo(set, '/spec/replicas')).toThrow(new Error(
      "errs/v: 'pointer' must point at a field that takes a value of type 'number' (that of its 'defaultValue'), got '/spec/replicas', a field of type 'integer'; bind it to a field of its type"));
  });

  test('fails at render when bound to a list element that does not exist', () => {
    const { app, chart } = errs();
    new HelmValue(chart, 'v', { name: 'image', defaultValue: IMAGE, description: 'is the image' }).bindTo(web(chart), '/spec/template/spec/containers/3/image');
    expect(() => app.renderFiles()).toThrow("errs/v: value 'image' is bound to '/spec/template/spec/containers/3/image' of Deployment 'web', but the list there has no element '3' (it has 1)");
  });

  test('fails when an integer value is bound to a string field', () => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'image', defaultValue: 1, description: 'is the image' });
    expect(() => v.bindTo(web(chart), '/spec/template/spec/containers/0/image')).toThrow(new Error(
      "errs/v: 'pointer' must point at a field that takes a value of type 'integer' (that of its 'defaultValue'), got '/spec/template/spec/containers/0/image', a field of type 'string'; bind it to a field of its type"));
  });

  test('fails when bound through a field that is not an object', () => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'x', defaultValue: 1, description: 'is x' });
    expect(() => v.bindTo(web(chart), '/spec/replicas/x')).toThrow(new Error(
      "errs/v: 'pointer' must point at a field of Deployment apps/v1, got '/spec/replicas/x': 'x' is not a field at '/spec/replicas'"));
  });

  test('fails when the pointer names no field, showing a key with a line break on one line', () => {
    const { chart } = errs();
    const v = new HelmValue(chart, 'v', { name: 'x', defaultValue: 1, description: 'is x' });
    expect(() => v.bindTo(web(chart), '/spec/repli\ncas')).toThrow(new Error(
      "errs/v: 'pointer' must point at a field of Deployment apps/v1, got '/spec/repli\\ncas': 'repli\\ncas' is not a field at '/spec'; did you mean 'replicas'?"));
  });

  test('fails at render when two values are bound to one field', () => {
    const { app, chart } = errs();
    const w = web(chart);
    new HelmValue(chart, 'a', { name: 'a', defaultValue: 1, description: 'is a' }).bindTo(w, '/spec/replicas');
    new HelmValue(chart, 'b', { name: 'b', defaultValue: 1, description: 'is b' }).bindTo(w, '/spec/replicas');
    expect(() => app.renderFiles()).toThrow("errs/b: value 'b' is bound to '/spec/replicas' of Deployment 'web', which another value already sets");
  });

  test('fails at render when two values are bound to one label, showing a key with a line break on one line', () => {
    const { app, chart } = errs();
    const w = web(chart);
    new HelmValue(chart, 'a', { name: 'a', defaultValue: 'x', description: 'is a' }).bindTo(w, '/metadata/labels/a\nb');
    new HelmValue(chart, 'b', { name: 'b', defaultValue: 'x', description: 'is b' }).bindTo(w, '/metadata/labels/a\nb');
    expect(() => app.renderFiles()).toThrow("errs/b: value 'b' is bound to '/metadata/labels/a\\nb' of Deployment 'web', which another value already sets");
  });

  test('fails at render when bound to an object of another chart', () => {
    const app = new PatternsApp();
    const w = web(new Chart(app, 'a'));
    new HelmValue(new Chart(app, 'b'), 'v', { name: 'x', defaultValue: 1, description: 'is x' }).bindTo(w, '/spec/minReadySeconds');
    expect(() => app.renderFiles()).toThrow("b/v: value 'x' is bound to Deployment 'web', which is not in chart 'b'; bind values to objects of their own chart");
  });
});

describe('HelmChart', () => {
  test.each(['Tickets', 'tickets_api', '-tickets', 'tickets-', 'a'.repeat(54)])('fails when the name is %p', name => {
    expect(helmChart({ name })).toThrow(`errs/helm: 'name' ${CHART_NAME}, got '${name}'`);
  });

  test('fails when the name is not a string (from JavaScript)', () => {
    expect(helmChart({ name: 5 as any })).toThrow(new Error(`errs/helm: 'name' ${CHART_NAME}, got 5`));
  });

  test('fails when dependencies is not a list (from JavaScript)', () => {
    expect(helmChart({ dependencies: POSTGRES as any })).toThrow(new Error(
      'errs/helm: \'dependencies\' must be an array, got {"name":"postgres","version":"~1.2.0","repository":"https://charts.example.com"}'));
  });

  test('fails when testService is not a construct (from JavaScript)', () => {
    expect(helmChart({ testService: 'web' as any })).toThrow(new Error("errs/helm: 'testService' must be a Service construct of the chart, got 'web'"));
  });

  test('takes a name of 53 characters, and the chart id by default', () => {
    expect(helmChart({ name: 'a'.repeat(53) })().name).toBe('a'.repeat(53));
    expect(helmChart({})().name).toBe('errs');
  });

  test.each(['1.0', 'v1.0.0', '01.0.0', '1.0.0.0', ''])('fails when the version is %p', version => {
    expect(helmChart({ version })).toThrow(`errs/helm: 'version' must be a SemVer 2 version such as '1.4.2' or '2.0.0-rc.1', got '${version}'`);
  });

  test.each(['1.0 beta', '-1.0', 'a'.repeat(64)])('fails when the appVersion is %p', appVersion => {
    expect(helmChart({ appVersion })).toThrow(`errs/helm: 'appVersion' ${LABEL_VALUE}, got '${appVersion}'`);
  });

  test('fails when the appVersion is empty', () => {
    expect(helmChart({ appVersion: '' })).toThrow("errs/helm: 'appVersion' must not be empty");
  });

  test('fails when the kubeVersion is not a range', () => {
    expect(helmChart({ kubeVersion: 'latest' })).toThrow("errs/helm: 'kubeVersion' must be a SemVer range such as '>=1.26.0-0', got 'latest'");
  });

  test('fails when a chart gets a second HelmChart', () => {
    const { chart } = errs();
    new HelmChart(chart, 'helm');
    expect(() => new HelmChart(chart, 'again')).toThrow(new Error("errs/again: 'scope' must be the only HelmChart of chart 'errs', got a second one: it already has 'errs/helm'"));
  });

  test.each([
    ['name', { ...POSTGRES, name: 'Postgres' }, "must be a Helm chart name, got 'Postgres'"],
    ['version', { ...POSTGRES, version: 'latest' }, "must be a SemVer version or range such as '12.1.0' or '~12.1.0', got 'latest'"],
    ['repository', { ...POSTGRES, repository: 'charts.example.com' }, "must be a repository URL (https://, oci:// or file://) or an '@alias' of a repository, got 'charts.example.com'"],
    ['condition', { ...POSTGRES, condition: 'postgres-enabled' }, `${CAMEL_KEYS}; 'postgres-enabled' is not one, got 'postgres-enabled'`],
    ['alias', { ...POSTGRES, alias: 'orders-db' }, "must be a camelCase key such as 'ordersDb', got 'orders-db'"],
  ])('fails when a dependency has a bad %s', (field, dependency, problem) => {
    expect(helmChart({ dependencies: [POSTGRES, dependency] })).toThrow(`errs/helm: 'dependencies[1].${field}' ${problem}`);
  });

  test('fails when a dependency is listed twice, unless one has an alias', () => {
    expect(helmChart({ dependencies: [POSTGRES, POSTGRES] })).toThrow(new Error("errs/helm: 'dependencies' must not list a chart twice under one key, got 'postgres' twice; give one an alias"));
    expect(helmChart({ dependencies: [POSTGRES, { ...POSTGRES, alias: 'ordersDb' }] })().dependencies).toHaveLength(2);
  });

  test("fails when a dependency takes Helm's 'global' key, by name or alias", () => {
    const message = "errs/helm: 'dependencies[0]' must not take the values key 'global', which Helm shares with every subchart, got 'global'; give it another alias";
    expect(helmChart({ dependencies: [{ ...POSTGRES, alias: 'global' }] })).toThrow(new Error(message));
    expect(helmChart({ dependencies: [{ ...POSTGRES, name: 'global' }] })).toThrow(new Error(message));
  });

  test('fails at render when a dependency would share the values key of a workload', () => {
    const { app, chart } = errs();
    web(chart);
    new HelmChart(chart, 'helm', { dependencies: [{ ...POSTGRES, name: 'web' }] });
    expect(() => app.renderFiles()).toThrow(new Error("errs/helm: 'dependencies[0]' must not take a values key of the chart's own values, got 'web'; give it an alias"));
  });

  test('fails at render when two charts have Helm charts of one name', () => {
    const app = new PatternsApp();
    for (const id of ['a', 'b']) {
      const chart = new Chart(app, id);
      web(chart, `web-${id}`);
      new HelmChart(chart, 'helm', { name: 'shop' });
    }
    expect(() => app.renderFiles()).toThrow(new Error("b: 'name' must give the chart a file of its own, got 'shop', whose Helm chart would go to 'charts/shop', which chart 'a' already writes; give one of them another name"));
  });

  test.each(['helm.sh/chart', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'app.kubernetes.io/version'])('fails at render when an object sets the helper\'s label %s', label => {
    const { app, chart } = errs();
    new Deployment(chart, 'web', { metadata: { name: 'web', labels: { [label]: 'mine' } }, containers: [{ name: 'web', image: IMAGE }] });
    // plain manifests keep it
    expect(() => plainOnly(label)).not.toThrow();
    new HelmChart(chart, 'helm');
    expect(() => app.renderFiles()).toThrow(new Error(`errs/web: 'metadata.labels[${label}]' must be left to the Helm chart's labels helper, got 'mine'; remove it from the Deployment`));
  });
});

/** Renders a chart whose Deployment has that label, without a HelmChart. */
function plainOnly(label: string): void {
  const { app, chart } = errs('r1');
  new Deployment(chart, 'web', { metadata: { name: 'web', labels: { [label]: 'mine' } }, containers: [{ name: 'web', image: IMAGE }] });
  app.renderFiles();
}

describe('releases', () => {
  const RULE = (first: string, max: number) => `must start with ${first}, hold only lowercase letters, digits and '-', end with a letter or digit, and be at most ${max} characters so that every object's '<release>-<name>' stays a valid name`;

  test.each(['Alpha', '-a', 'a-', 'a_b', 'a.b', ''])('fails when the releaseName is %p', release => {
    const { app, chart } = errs(release);
    web(chart);
    expect(() => app.renderFiles()).toThrow(`errs: 'releaseName' ${RULE('a lowercase letter or digit', 53)}, got '${release}'`);
  });

  test('fails when the releaseName has a line break, shown on one line', () => {
    const { app, chart } = errs('a\nb');
    web(chart);
    expect(() => app.renderFiles()).toThrow(`errs: 'releaseName' ${RULE('a lowercase letter or digit', 53)}, got 'a\\nb'`);
  });

  test('fails when the releaseName would make a name too long', () => {
    const { app, chart } = errs('abcdefghijkl');
    new CronJob(chart, 'report', { metadata: { name: 'r'.repeat(40) }, schedule: Cron.daily(), containers: [{ name: 'report', image: IMAGE }] });
    expect(() => app.renderFiles()).toThrow(`errs: 'releaseName' ${RULE('a lowercase letter or digit', 11)}, got 'abcdefghijkl'`);
  });

  test('fails when the releaseName starts with a digit and the chart has a Service', () => {
    const { app, chart } = errs('1a');
    new Service(chart, 'service', { workload: web(chart), ports: [{ port: 80, targetPort: 8080 }] });
    expect(() => app.renderFiles()).toThrow(`errs: 'releaseName' ${RULE('a lowercase letter', 53)}, got '1a'`);
  });

  test('takes a releaseName starting with a digit when the chart has no Service', () => {
    const { app, chart } = errs('1a');
    web(chart);
    expect(parseAll(app.renderFiles()['errs.k8s.yaml'])[0].metadata.name).toBe('1a-web');
  });

  test('the chart refuses the same release names when Helm renders it', () => {
    const { app, chart } = errs();
    new Service(chart, 'service', { workload: web(chart, 'w'.repeat(40)), ports: [{ port: 80, targetPort: 8080 }] });
    new HelmChart(chart, 'helm');
    const dir = path.join(writeApp(app), 'charts', 'errs');
    expect(() => helmTemplate(dir, '1a')).toThrow(/release name "1a" must start with a lowercase letter, hold only lowercase letters, digits and '-', and be at most 22 characters, so that every object's name fits/);
    expect(() => helmTemplate(dir, 'a'.repeat(23))).toThrow(/must start with a lowercase letter, .* be at most 22 characters/);
    expect(helmTemplate(dir, 'a'.repeat(22)).map(m => m.metadata.name)).toContain(`${'a'.repeat(22)}-${'w'.repeat(40)}`);
  });

  test('fails when a chart\'s objects live in two namespaces and it is rendered for a release or as a Helm chart', () => {
    const twoNamespaces = (release?: string, helm = false) => {
      const { app, chart } = errs(release);
      web(chart, 'a', 'one');
      web(chart, 'b', 'two');
      if (helm) new HelmChart(chart, 'helm');
      return () => app.renderFiles();
    };
    const message = "errs: 'metadata.namespace' must be one namespace for every object of the chart (a release installs into one), got 'one', 'two'; split the chart, one per namespace";
    expect(twoNamespaces()).not.toThrow();
    expect(twoNamespaces('r1')).toThrow(message);
    expect(twoNamespaces(undefined, true)).toThrow(message);
  });

  test('fails when a pod template sets the instance label itself', () => {
    const { app, chart } = errs('r1');
    new Deployment(chart, 'web', { metadata: { name: 'web' }, podMetadata: { labels: { 'app.kubernetes.io/instance': 'mine' } }, containers: [{ name: 'web', image: IMAGE }] });
    expect(() => app.renderFiles()).toThrow(new Error("errs: 'spec.template.metadata.labels[app.kubernetes.io/instance]' must be left to the release, which sets it to the release name, got 'mine' on Deployment 'web'; remove it"));
  });

  test('labels a bare Pod once for a release', () => {
    const { app, chart } = errs('r1');
    harden(new kplus.Pod(chart, 'pod', {
      metadata: { name: 'pod' },
      securityContext: { ensureNonRoot: true },
      containers: [{ name: 'web', image: IMAGE, securityContext: { ensureNonRoot: true, capabilities: { drop: ['ALL' as kplus.Capability] } } }],
    }));
    const pod = find(parseAll(app.renderFiles()['errs.k8s.yaml']), 'Pod', 'r1-pod');
    expect(pod.metadata.labels['app.kubernetes.io/instance']).toBe('r1');
  });

  test('fails when an object sets the instance label itself', () => {
    const { app, chart } = errs('r1');
    new Deployment(chart, 'web', { metadata: { name: 'web', labels: { 'app.kubernetes.io/instance': 'mine' } }, containers: [{ name: 'web', image: IMAGE }] });
    expect(() => app.renderFiles()).toThrow(new Error("errs: 'metadata.labels[app.kubernetes.io/instance]' must be left to the release, which sets it to the release name, got 'mine' on Deployment 'web'; remove it"));
  });
});

describe('Release', () => {
  test('fails when nameOf is given something else than a name (from JavaScript)', () => {
    expect(() => Release.nameOf(5 as any)).toThrow(new Error(
      "Release.nameOf: 'name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 5"));
    expect(() => Release.nameOf('Tickets DB')).toThrow(new Error(
      "Release.nameOf: 'name' must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got 'Tickets DB'"));
  });
});

describe('Release.nameOf', () => {
  test('fails when given a name that already depends on the release', () => {
    expect(() => Release.nameOf(Release.nameOf('db'))).toThrow("Release.nameOf: 'name' must be the plain name of an object of the app, got a string that already depends on the release (from Release.nameOf() or HelmValue.asString()); pass the name itself");
  });
});
