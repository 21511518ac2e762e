import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Cron, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as ts from 'typescript';
import { PodSecurityLevel } from '../../src';
import {
  apiObjectsOf, chartsOf, kplus, labelSelectorOf, nodeAffinityTerms, patchesOf, PlusWorkloadInternals, renderChartObjects, startupProbeOf,
  withoutDependencies,
} from '../../src/_plus';
import { podSpecOf } from '../../src/_pod-template';
import { newChart, podSpec, synth } from '../harness';
import { scratchDir } from '../harness/tmp';

/*
 * Contract tests: what this library relies on in cdk8s-plus and cdk8s
 * beyond their public API, all of it reached through src/_plus.ts. When one
 * fails, cdk8s-plus or cdk8s changed: the message says what no longer holds.
 */

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** Fails with a message naming what changed, unless the contract holds. */
function pin(holds: boolean, contract: string): void {
  if (!holds) throw new Error(`cdk8s-plus no longer ${contract}: update src/_plus.ts and what relies on it`);
}

type Workload = kplus.Workload & PlusWorkloadInternals;

/**
 * The cdk8s-plus workloads this library's workloads extend, each with a field of its
 * spec that cdk8s-plus leaves unset (so that an override setting it shows).
 */
const WORKLOADS: ReadonlyArray<{ kind: string; make: (chart: Chart) => Workload; field: string; value: unknown }> = [
  { kind: 'Deployment', make: chart => new kplus.Deployment(chart, 'web'), field: 'revisionHistoryLimit', value: 7 },
  {
    kind: 'StatefulSet',
    make: chart => new kplus.StatefulSet(chart, 'web', { service: new kplus.Service(chart, 'svc', { clusterIP: 'None', ports: [{ port: 80 }] }) }),
    field: 'revisionHistoryLimit',
    value: 7,
  },
  { kind: 'DaemonSet', make: chart => new kplus.DaemonSet(chart, 'web'), field: 'revisionHistoryLimit', value: 7 },
  { kind: 'Job', make: chart => new kplus.Job(chart, 'web'), field: 'suspend', value: true },
  { kind: 'CronJob', make: chart => new kplus.CronJob(chart, 'web', { schedule: Cron.daily() }), field: 'suspend', value: true },
];

/** Every method PlusWorkloadInternals names: a new one must be added here, and so pinned. */
const WORKLOAD_METHODS: { readonly [K in keyof PlusWorkloadInternals]-?: true } = {
  _toKube: true, _toPodSpec: true, _toLabelSelector: true, attachContainer: true,
};

/** A cdk8s-plus workload of that kind with one container. */
function workloadWithContainer(make: (chart: Chart) => Workload): Workload {
  const workload = make(newChart());
  workload.addContainer({ name: 'api', image: IMAGE });
  return workload;
}

describe('PlusWorkloadInternals', () => {
  test('names methods of the cdk8s-plus workloads this library extends', () => {
    for (const { kind, make } of WORKLOADS) {
      const prototype = Object.getPrototypeOf(make(newChart()));
      for (const method of Object.keys(WORKLOAD_METHODS)) {
        pin(typeof prototype[method] === 'function', `has ${kind}.prototype.${method}(), which this library's ${kind} overrides or calls`);
      }
    }
    for (const method of ['_toPodSpec', '_toLabelSelector', 'attachContainer']) {
      pin(typeof (kplus.Workload.prototype as any)[method] === 'function', `has Workload.prototype.${method}(), which this library's ReplicaSet and Pod call`);
    }
  });

  test('addContainer() hands the container it builds to attachContainer()', () => {
    for (const { kind, make } of WORKLOADS) {
      const workload = make(newChart());
      const attach = jest.spyOn(workload, 'attachContainer');
      const container = workload.addContainer({ name: 'api', image: IMAGE });
      pin(attach.mock.calls.length === 1 && attach.mock.calls[0][0] === container && workload.containers.includes(container),
        `hands the container ${kind}.addContainer() builds to attachContainer(), where this library checks every container that joins the pod`);
    }
  });

  test("renders each workload's spec with the workload's _toKube()", () => {
    for (const { kind, make, field, value } of WORKLOADS) {
      const workload = workloadWithContainer(make);
      const render = workload._toKube.bind(workload);
      jest.spyOn(workload, '_toKube').mockImplementation(() => ({ ...render() as object, [field]: value }));
      pin(ApiObject.of(workload).toJson().spec[field] === value,
        `renders a ${kind}'s spec with this._toKube(), which this library's ${kind} overrides to render '${field}' and the other fields cdk8s-plus lacks`);
    }
  });

  test("renders each workload's pod template with the workload's _toPodSpec()", () => {
    for (const { kind, make } of WORKLOADS) {
      const workload = workloadWithContainer(make);
      const render = workload._toPodSpec.bind(workload);
      jest.spyOn(workload, '_toPodSpec').mockImplementation(() => ({ ...render(), hostname: 'pinned' }));
      pin(podSpecOf(ApiObject.of(workload).toJson())?.spec.hostname === 'pinned',
        `renders a ${kind}'s pod template with this._toPodSpec(), which this library's StatefulSet and DaemonSet override and its ReplicaSet and Pod call`);
    }
  });

  test("_toLabelSelector() gives the selector select() builds, as the workload's spec renders it", () => {
    const workload = workloadWithContainer(WORKLOADS[0].make);
    workload.select(kplus.LabelSelector.of({ labels: { tier: 'api' } }));
    const selector = workload._toLabelSelector();
    pin(selector.matchLabels?.tier === 'api', "gives the labels select() adds in Workload._toLabelSelector(), from which this library's ReplicaSet renders its selector");
    expect(ApiObject.of(workload).toJson().spec.selector).toEqual(selector);
  });
});

describe('PlusServiceInternals', () => {
  test("renders a Service's spec with the Service's _toKube()", () => {
    const service = new kplus.Service(newChart(), 'svc', { clusterIP: 'None', ports: [{ port: 80 }] });
    const render = service._toKube.bind(service);
    jest.spyOn(service, '_toKube').mockImplementation(() => ({ ...render(), publishNotReadyAddresses: true }));
    pin(ApiObject.of(service).toJson().spec.publishNotReadyAddresses === true,
      "renders a Service's spec with this._toKube(), which the StatefulSet's governing Service overrides to render without ports");
  });

  test("a StatefulSet hands itself to its Service's select()", () => {
    const chart = newChart();
    const service = new kplus.Service(chart, 'svc', { clusterIP: 'None', ports: [{ port: 80 }] });
    const select = jest.spyOn(service, 'select');
    const db = new kplus.StatefulSet(chart, 'db', { service, containers: [{ image: IMAGE }] });
    pin(select.mock.calls.some(([selector]) => selector === db),
      "hands a StatefulSet to its Service's select(), from which the governing Service learns the pods it selects");
  });
});

describe('labelSelectorOf', () => {
  test('gives the labels and expressions of a cdk8s-plus label selector', () => {
    const selector = kplus.LabelSelector.of({ labels: { app: 'web' }, expressions: [kplus.LabelExpression.in('tier', ['api'])] });
    expect(labelSelectorOf(selector)).toEqual({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['api'] }] });
  });
});

describe('startupProbeOf', () => {
  test('gives the TCP startup probe cdk8s-plus adds for portNumber', () => {
    const container = new kplus.Container({ image: IMAGE, portNumber: 8080 });
    const probe = startupProbeOf(container);
    expect(probe?.tcpSocket?.port.value).toBe(8080);
    expect(probe).toEqual(container._toKube().startupProbe);
  });

  test("gives a container's startup probe, as its manifest renders it", () => {
    const container = new kplus.Container({ image: IMAGE, startup: kplus.Probe.fromHttpGet('/started', { failureThreshold: 12 }) });
    const probe = startupProbeOf(container);
    expect(probe?.failureThreshold).toBe(12);
    expect(probe).toEqual(container._toKube().startupProbe);
  });

  test('gives none for a container without a startup probe', () => {
    expect(startupProbeOf(new kplus.Container({ image: IMAGE }))).toBeUndefined();
  });

  test('fails when cdk8s-plus keeps the probe elsewhere', () => {
    expect(() => startupProbeOf({} as kplus.Container)).toThrow(new Error(
      "cdk8s-plus no longer keeps a container's startup probe in Container._startup: update startupProbeOf in src/_plus.ts"));
  });
});

describe('patchesOf', () => {
  test('reads the operations cdk8s keeps for addJsonPatch', () => {
    const raw = new ApiObject(newChart(), 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } });
    raw.addJsonPatch(JsonPatch.add('/data', { a: 'b' }), JsonPatch.remove('/x'), JsonPatch.move('/a', '/b'));
    expect(patchesOf(raw)).toEqual([
      { op: 'add', path: '/data', value: { a: 'b' } },
      { op: 'remove', path: '/x' },
      { op: 'move', from: '/a', path: '/b' },
    ]);
  });
});

describe('apiObjectsOf', () => {
  test('lists the objects of a chart in the order chart.toJson() renders them', () => {
    const chart = newChart();
    const configMap = (scope: Chart, name: string) => new ApiObject(scope, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const first = configMap(chart, 'first');
    const second = configMap(chart, 'second');
    first.addDependency(second);
    configMap(new Chart(chart, 'nested'), 'nested');
    const names = apiObjectsOf(chart).map(o => o.name);
    expect(names).toEqual(['second', 'first']);
    pin(JSON.stringify(chart.toJson().map(m => m.metadata.name)) === JSON.stringify(names),
      "renders a chart's objects in dependency order, each in its closest chart, as apiObjectsOf lists them for pairing each object with its manifest");
  });
});

describe('renderChartObjects', () => {
  /** An app of charts whose ids sort as cdk8s' graph sorts paths (integer-like first), each with objects at several depths. */
  function edgelessApp(): App {
    const app = new App({ outdir: scratchDir('edgeless') });
    for (const id of ['web', '10', 'db', '2', '1x']) {
      const chart = new Chart(app, id);
      new kplus.Deployment(chart, 'api', { containers: [{ name: 'api', image: IMAGE, portNumber: 8080, securityContext: { ensureNonRoot: false } }] }).exposeViaService();
      new ApiObject(new Construct(chart, '3'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
      new ApiObject(chart, '0', { apiVersion: 'v1', kind: 'ConfigMap' });
    }
    return app;
  }

  test('renders each chart of an app without dependencies as chart.toJson() does, in the order of app.charts', () => {
    // GIVEN
    const app = edgelessApp();
    expect(withoutDependencies(app)).toBe(true);

    // WHEN
    const charts = chartsOf(app, true);
    const rendered = charts.map(chart => renderChartObjects(chart, true));

    // THEN
    expect(charts.map(c => c.node.id)).toEqual(['2', '10', 'web', 'db', '1x']);
    pin(JSON.stringify(charts.map(c => c.node.path)) === JSON.stringify(app.charts.map(c => c.node.path)),
      'orders the charts of an app without dependencies by path as an object orders its keys, as chartsOf does');
    rendered.forEach((r, i) => {
      expect(r.objects.map(o => o.node.path)).toEqual(apiObjectsOf(charts[i]).map(o => o.node.path));
      pin(JSON.stringify(r.manifests) === JSON.stringify(charts[i].toJson()),
        "renders a chart without dependencies as its objects' toJson() in path order, as renderChartObjects does");
    });
  });

  test('an app with a dependency or a nested chart renders through chart.toJson()', () => {
    // GIVEN
    const withDependency = edgelessApp();
    const [first, second] = withDependency.node.findAll().filter(ApiObject.isApiObject);
    first.addDependency(second);
    const nested = edgelessApp();
    new Chart(nested.charts[0], 'inner');

    // THEN
    expect(withoutDependencies(withDependency)).toBe(false);
    expect(withoutDependencies(nested)).toBe(false);
    const chart = Chart.of(first);
    expect(renderChartObjects(chart, false).manifests.map(m => m.metadata.name)).toEqual(chart.toJson().map(m => m.metadata.name));
  });
});

describe('nodeAffinityTerms', () => {
  test('holds the terms attract() adds, and renders what is pushed there, a Lazy resolved at synth', () => {
    // GIVEN
    const chart = newChart();
    const web = new kplus.Deployment(chart, 'web', {
      metadata: { name: 'web' },
      containers: [{ name: 'api', image: IMAGE }],
    });
    web.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.exists('disktype')), { weight: 10 });
    const terms = nodeAffinityTerms(web.scheduling);
    expect(terms.preferred).toEqual([{ weight: 10, preference: { matchExpressions: [{ key: 'disktype', operator: 'Exists', values: undefined }] } }]);
    const fields: unknown[] = [];

    // WHEN
    terms.required.push(Lazy.any({ produce: () => ({ matchFields: fields }) }));
    terms.preferred.push({ weight: 20, preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] } });
    fields.push({ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] });

    // THEN (a plain cdk8s-plus pod: only the placement matters here)
    const manifests = synth(chart, { podSecurityLevel: PodSecurityLevel.PRIVILEGED });
    const nodeAffinity = podSpec(manifests, 'Deployment', 'web').affinity.nodeAffinity;
    expect(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }] }],
    });
    expect(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[1]).toEqual({
      weight: 20, preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
    });
  });

  test('fails when cdk8s-plus keeps the terms elsewhere', () => {
    expect(() => nodeAffinityTerms({})).toThrow(new Error(
      'cdk8s-plus no longer keeps node affinity terms in PodScheduling._nodeAffinityRequired and _nodeAffinityPreferred: update nodeAffinityTerms in src/_plus.ts'));
  });
});

/** The modules a TypeScript file imports: import and export declarations, `import x = require()`, `require()` and `import()`. */
function importedModules(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const modules: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      modules.push(node.moduleSpecifier.text);
    } else if (ts.isExternalModuleReference(node) && ts.isStringLiteral(node.expression)) {
      modules.push(node.expression.text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
      && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      modules.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return modules;
}

/** The TypeScript files under a folder of the repository, as paths from its root. */
function typeScriptFiles(root: string, folder: string): string[] {
  return fs.readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap(entry => {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(root, relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

describe('src/_plus.ts', () => {
  test('is the only file in src/ and test/ that imports cdk8s-plus-27', () => {
    const root = path.join(__dirname, '..', '..');
    const plusLine = /^cdk8s-plus-\d+(\/|$)/;
    const importers = [...typeScriptFiles(root, 'src'), ...typeScriptFiles(root, 'test')]
      .filter(file => file !== 'src/_plus.ts' && importedModules(path.join(root, file)).some(m => plusLine.test(m)));
    // import { k8s, kplus } from '<path to>/src/_plus' instead
    expect(importers).toEqual([]);
  });
});
