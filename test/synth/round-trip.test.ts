import { ApiObject, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import * as jsYaml from 'js-yaml';
import * as YAML from 'yaml';
import { NodeAgents, Ticketing } from '../../main';
import { PatternsApp } from '../../src';
import { plainManifests } from '../../src/helm/_render';
import { params } from '../harness/fuzz';

/** Each `.k8s.yaml` file read back by `yaml` (YAML 1.2 and 1.1) and by js-yaml, which must agree. */
function readBack(files: { [file: string]: string }): { [file: string]: any[] } {
  const out: { [file: string]: any[] } = {};
  for (const [file, content] of Object.entries(files).filter(([f]) => f.endsWith('.k8s.yaml'))) {
    const viaYaml = YAML.parseAllDocuments(content).map(d => d.toJS());
    const viaYaml11 = YAML.parseAllDocuments(content, { version: '1.1' }).map(d => d.toJS());
    const viaJsYaml = jsYaml.loadAll(content);
    expect(viaYaml11).toEqual(viaYaml);
    expect(viaJsYaml).toEqual(viaYaml);
    out[file] = viaYaml;
  }
  return out;
}

/** What synth renders, as JSON, by file (the objects the validator judged). */
function renderedJson(app: PatternsApp): { [file: string]: any[] } {
  const out: { [file: string]: any[] } = {};
  for (const chart of app.charts) out[`${chart.node.path.replace(/\//g, '-')}.k8s.yaml`] = plainManifests(chart);
  return out;
}

describe('the YAML synth writes', () => {
  test('reads back as exactly the rendered JSON in two independent parsers: the reference app', () => {
    const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
    new Ticketing(app, 'ticketing');
    new NodeAgents(app, 'node-agents');
    const files = app.renderFiles();
    expect(readBack(files)).toEqual(renderedJson(app));
  });

  test('reads back as exactly the rendered JSON whatever strings the app holds, or synth refuses them', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 80 }), { maxKeys: 4 }), fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 3 }), (data, items) => {
      const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
      const chart = new Chart(app, 'awkward');
      const cleanKeys = Object.fromEntries(Object.values(data).map((v, i) => [`k${i}`, v]));
      new ApiObject(chart, 'values', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'values', annotations: { 'example.com/items': JSON.stringify(items) } }, data: cleanKeys });
      new ApiObject(chart, 'items', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'items' }, data: Object.fromEntries(items.map((v, i) => [`i${i}`, v])) });
      let files: { [file: string]: string };
      try {
        files = app.renderFiles();
      } catch (e) {
        expect((e as Error).message).toMatch(/^awkward\/(values|items): '[^']+' /);
        return;
      }
      expect(readBack(files)).toEqual(renderedJson(app));
    }), params());
  });
});

describe('synth output', () => {
  test('is byte-identical run after run', () => {
    const render = () => {
      const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
      new Ticketing(app, 'ticketing');
      new NodeAgents(app, 'node-agents');
      return app.renderFiles();
    };
    const first = render();
    const second = render();
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const file of Object.keys(first)) expect(second[file] === first[file]).toBe(true);
  });
});
