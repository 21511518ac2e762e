import * as path from 'path';
import { Chart } from 'cdk8s';
import { Deployment, HelmChart, Job, PatternsApp, Service } from '../../src';
import { kplus } from '../../src/_plus';
import { valueLeaves, valueReaders, writeApp } from '../harness/helm';

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
