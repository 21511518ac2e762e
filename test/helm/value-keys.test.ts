import * as path from 'path';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Deployment, HelmChart, Job, PatternsApp, Service, ServiceType } from '../../src';
import { k8s, kplus } from '../../src/_plus';
import { helmTemplate, valueLeaves, valueReaders, writeApp } from '../harness/helm';

const IMAGE = 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2';

/** Adds one object named `web` to the chart; the Service fronts the Deployment added before it. */
const ADD: { [object: string]: (chart: Chart, deployment?: Deployment) => Deployment | void } = {
  deployment: chart => new Deployment(chart, 'web-deployment', {
    metadata: { name: 'web' },
    containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  }),
  job: chart => void new Job(chart, 'web-job', { metadata: { name: 'web' }, containers: [{ name: 'migrate', image: IMAGE, command: ['/app/tickets-api', 'migrate'] }] }),
  configMap: chart => void new kplus.ConfigMap(chart, 'web-config', { metadata: { name: 'web' }, data: { LOG_LEVEL: 'info' } }),
  service: (chart, deployment) => void new Service(chart, 'web-service', {
    metadata: { name: 'web' },
    workload: deployment!,
    ports: [{ port: 80, name: 'http', targetPortName: 'http' }],
  }),
};

/** The chart's values keys, and the objects (`Kind/name`) each one sets, with the objects added in that order. */
function valuesOf(order: string[]): { keys: string[]; objects: { [key: string]: string[] } } {
  const app = new PatternsApp();
  const chart = new Chart(app, 'web');
  let deployment: Deployment | undefined;
  for (const object of order) deployment = ADD[object](chart, deployment) ?? deployment;
  new HelmChart(chart, 'helm');
  const dir = path.join(writeApp(app), 'charts', 'web');
  const readers = valueReaders(dir);
  const keys = valueLeaves(dir).map(l => l.path).sort();
  return { keys, objects: Object.fromEntries(keys.map(k => [k, readers.get(k)!.map(r => r.object).sort()])) };
}

describe('HelmChart values keys', () => {
  // a Deployment, a Job, a ConfigMap and a Service, all named `web`
  const first = ['deployment', 'service', 'job', 'configMap'];
  const second = ['configMap', 'job', 'deployment', 'service'];

  test('are the same whichever order the objects that share a name are added in', () => {
    expect(valuesOf(second).keys).toEqual(valuesOf(first).keys);
  });

  test('each set the same objects whichever order the objects that share a name are added in', () => {
    const objects = valuesOf(first).objects;
    expect(Object.values(objects).flat()).toEqual(expect.arrayContaining(['Deployment/web', 'Job/web', 'ConfigMap/web', 'Service/web']));
    expect(valuesOf(second).objects).toEqual(objects);
  });
});

describe('HelmChart values keys, declared by the constructs', () => {
  const WEB = { containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080 }] }] };
  const chartOf = (build: (chart: Chart) => void) => {
    const app = new PatternsApp();
    const chart = new Chart(app, 'shop');
    build(chart);
    new HelmChart(chart, 'helm');
    return path.join(writeApp(app), 'charts', 'shop');
  };

  test('come from the construct path when cdk8s names the object, the same whichever chart id', () => {
    const dir = chartOf(chart => new Deployment(new Construct(chart, 'store'), 'WebApi', WEB));
    expect(valueLeaves(dir).map(l => l.path)).toContain('storeWebApi.replicas');
  });

  test('put a Service under the workload its construct names, and a Service that only selects the pods under its own key', () => {
    const dir = chartOf(chart => {
      const web = new Deployment(chart, 'web', { ...WEB, metadata: { name: 'web' } });
      new Service(chart, 'web-service', { workload: web, metadata: { name: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
      // a raw Service picking the same pods: the chart does not guess that it belongs to the Deployment
      new k8s.KubeService(chart, 'raw', {
        metadata: { name: 'raw' },
        spec: { selector: web.matchLabels, ports: [{ port: 81, targetPort: k8s.IntOrString.fromNumber(8080) }] },
      });
    });
    const keys = valueLeaves(dir).map(l => l.path);
    expect(keys).toEqual(expect.arrayContaining(['web.service.type', 'web.service.ports.port80.port']));
    expect(keys.filter(k => k.includes('port81'))).toEqual(['raw.ports.port81.port']);
    expect(keys.some(k => k.startsWith('web.services.'))).toBe(false);
  });

  test('render a NodePort Service whose port has no name, its node port a value left out for ClusterIP', () => {
    const dir = chartOf(chart => {
      const web = new Deployment(chart, 'web', { ...WEB, metadata: { name: 'web' } });
      new Service(chart, 'web-service', { workload: web, type: ServiceType.NODE_PORT, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] });
    });
    const ports = (set: string[]) => helmTemplate(dir, 'r', { set }).find(m => m.kind === 'Service').spec.ports;
    expect(ports([])).toEqual([{ nodePort: 30080, port: 80, protocol: 'TCP', targetPort: 8080 }]);
    expect(ports(['web.service.type=ClusterIP'])).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });
});

describe('Deployment.exposeViaService', () => {
  test("puts the cdk8s-plus Service's values under the Deployment's key", () => {
    const app = new PatternsApp();
    const chart = new Chart(app, 'shop');
    new Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ name: 'app', image: IMAGE, ports: [{ number: 8080 }] }] })
      .exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new HelmChart(chart, 'helm');
    const keys = valueLeaves(path.join(writeApp(app), 'charts', 'shop')).map(l => l.path);
    expect(keys).toEqual(expect.arrayContaining(['web.service.type', 'web.service.ports.port80.port']));
  });
});
