import { ApiObject, Chart, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { ImageBuilds, NodeAgents, Ticketing } from '../main';
import { Deployment, ImmutableConfigMap, LintSeverity, PatternsApp } from '../src';
import { kplus } from '../src/_plus';
import { _fastPathDocuments, stringifyManifests } from '../src/_yaml-writer';
import { LIBRARY_ERROR_LINE, params } from './harness/fuzz';
import { scratchDir } from './harness/tmp';
import { hostileString, manifest, NUMBER_WORDS, SPECIAL_WORDS, tree } from './harness/yaml-arbitraries';


function expectSameAsCdk8s(docs: any[]): void {
  expect(stringifyManifests(docs)).toBe(Yaml.stringify(...docs));
}

class Quantity {
  public readonly amount = 1;
}

/** Values the fast path must not write itself; each comes fresh per use. */
const ODDITIES: Array<() => unknown> = [
  () => new Quantity(),
  () => new Date(Date.UTC(2001, 11, 14)),
  () => new Map([['a', 1]]),
  () => new Set(['a']),
  () => new String('yes'),
  () => new Number(1),
  () => Object.create({ inherited: 1 }),
  () => ({ toJSON: () => 'yes' }),
  () => undefined,
  () => [1, undefined],
  () => [1, , 3], // eslint-disable-line no-sparse-arrays
  () => NaN,
  () => -Infinity,
  () => BigInt(12),
  () => '<<',
  () => ({ '<<': 'x' }),
  () => ({ ['k'.repeat(1030)]: 1 }),
  () => Buffer.from('hi'),
  () => ({ a: 1, *[Symbol.iterator]() { yield 'x'; } }),
  () => ({ value: 'yes', [Symbol.for('yaml.node.type')]: Symbol.for('yaml.scalar') }),
];

/** Puts `value` under `key` in the `at`-th object (in a walk of `doc`) where it fits. */
function plant(doc: any, at: number, key: string, value: unknown): void {
  const objects: any[] = [];
  const walk = (x: any) => {
    if (x === null || typeof x !== 'object' || objects.includes(x)) return;
    objects.push(x);
    for (const child of Object.values(x)) walk(child);
  };
  walk(doc);
  const target = objects[at % objects.length];
  if (Array.isArray(target)) target.push(value);
  else target[key] = value;
}

/** Builds a `Deployment` like the library renders. */
function deployment(name: string): any {
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'shop' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'prod', labels: { ...labels }, annotations: { 'patterns.io/owner': 'team-a@example.com' } },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { ...labels } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...labels }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'app',
            image: 'registry.example.com/shop/cart:1.4.2@sha256:0123456789abcdef',
            args: ['--listen=:8080', '--log-level', 'info'],
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [{ name: 'MODE', value: 'on' }, { name: 'RATIO', value: '0.5' }, { name: 'EMPTY', value: '' }],
            resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: 1, memory: '1Gi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
          tolerations: [],
        },
      },
    },
  };
}

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'cart', labels: { app: 'cart' } },
  spec: { type: 'ClusterIP', selector: { app: 'cart' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
};

const plainConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cart-config' },
  data: { 'LOG_LEVEL': 'info', 'config.json': '{"a": 1, "b": [true]}', 'URL': 'https://example.com:8443/x?y=1#z', 'TIMEOUT': '30s' },
};

const scriptConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'scripts' },
  data: {
    'start.sh': '#!/bin/sh\nset -eu\n\nif [ -n "$DEBUG" ]; then\n  set -x\nfi\nexec /app --port 8080\n',
    'kept.txt': 'line\n\n\n',
    'indented.txt': '  indented first\nsecond',
    'no-newline.txt': 'a\nb',
  },
};

describe('stringifyManifests', () => {
  test('writes what cdk8s writes for any JSON document', () => {
    fc.assert(fc.property(fc.jsonValue(), doc => expectSameAsCdk8s([doc])), params());
  });

  test('writes what cdk8s writes for lists of JSON documents with undefined among them', () => {
    const doc = fc.oneof({ weight: 4, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.constant(undefined) });
    fc.assert(fc.property(fc.array(doc, { maxLength: 6 }), docs => expectSameAsCdk8s(docs)), params());
  });

  test('writes what cdk8s writes for manifests made of hostile strings and numbers', () => {
    fc.assert(fc.property(fc.array(manifest, { minLength: 1, maxLength: 3 }), docs => expectSameAsCdk8s(docs)), params());
  });

  test('writes what cdk8s writes for nested maps and lists of hostile scalars', () => {
    fc.assert(fc.property(fc.array(tree, { minLength: 1, maxLength: 3 }), docs => expectSameAsCdk8s(docs)), params());
  });

  test('writes what cdk8s writes for manifests with shared references, class instances and undefined fields', () => {
    const planting = fc.tuple(fc.nat(), fc.nat(ODDITIES.length), fc.nat(), fc.boolean());
    fc.assert(fc.property(manifest, fc.array(planting, { minLength: 1, maxLength: 3 }), (doc, plantings) => {
      plantings.forEach(([at, oddity, second, share], i) => {
        const value = oddity === ODDITIES.length ? { shared: [i] } : ODDITIES[oddity]();
        plant(doc, at, `odd${i}`, value);
        if (share) plant(doc, second, `again${i}`, value);
      });
      expectSameAsCdk8s([doc, deployment('next')]);
    }), params());
  });

  test('writes what cdk8s writes for a realistic deployment, service and config maps', () => {
    expectSameAsCdk8s([deployment('cart'), service, plainConfigMap, scriptConfigMap]);
  });

  test('writes a multi-line script as cdk8s does, as a literal block', () => {
    const out = stringifyManifests([scriptConfigMap]);
    expect(out).toBe(Yaml.stringify(scriptConfigMap));
    expect(out).toContain('start.sh: |\n    #!/bin/sh\n    set -eu\n\n    if [ -n "$DEBUG" ]; then\n');
  });

  test('takes the fast path for ordinary manifests', () => {
    const docs = [deployment('cart'), service, plainConfigMap, scriptConfigMap];
    expect(_fastPathDocuments(docs)).toBe(docs.length);
  });

  test('quotes every YAML 1.1 look-alike as a value, as cdk8s does', () => {
    const words = [...SPECIAL_WORDS, ...NUMBER_WORDS];
    const doc = { data: Object.fromEntries(words.map((w, i) => [`k${i}`, w])), list: words };
    expectSameAsCdk8s([doc]);
    expect(stringifyManifests([{ a: 'yes', b: 'Off', c: '0777', d: '190:20:30', e: '2001-12-14', f: '~' }]))
      .toBe('a: "yes"\nb: "Off"\nc: "0777"\nd: "190:20:30"\ne: "2001-12-14"\nf: "~"\n');
  });

  test('quotes every YAML 1.1 look-alike as a key, as cdk8s does', () => {
    const words = [...SPECIAL_WORDS, ...NUMBER_WORDS].filter(w => w !== '<<');
    const doc = Object.fromEntries(words.map(w => [w, { [w]: w }]));
    expectSameAsCdk8s([doc]);
    expect(_fastPathDocuments([doc])).toBe(1);
  });

  test('writes nothing for an empty document list', () => {
    expect(stringifyManifests([])).toBe('');
    expect(Yaml.stringify()).toBe('');
  });

  test('writes an empty line for an undefined document, as cdk8s does', () => {
    expectSameAsCdk8s([undefined]);
    expectSameAsCdk8s([undefined, service, undefined, undefined]);
    expect(stringifyManifests([undefined, { a: 1 }])).toBe('\n---\na: 1\n');
  });

  test('falls back for a document with a repeated object', () => {
    const shared = { app: 'cart' };
    const doc = { metadata: { labels: shared }, spec: { selector: { matchLabels: shared } } };
    expect(stringifyManifests([doc])).toBe(Yaml.stringify(doc));
    expect(stringifyManifests([doc])).toContain('&a1');
    expect(_fastPathDocuments([doc, service])).toBe(1);
  });

  test('falls back for a document that contains itself', () => {
    const doc: any = { name: 'loop', spec: {} };
    doc.spec.parent = doc;
    expectSameAsCdk8s([doc]);
    expect(_fastPathDocuments([doc])).toBe(0);
  });

  test('does not mistake the same object in two documents for a repeated one', () => {
    const labels = { app: 'cart' };
    const docs = [{ metadata: { labels } }, { metadata: { labels } }];
    expectSameAsCdk8s(docs);
    expect(_fastPathDocuments(docs)).toBe(2);
  });

  test('falls back for a document with anything but plain JSON data', () => {
    for (const make of ODDITIES) {
      const doc = { kind: 'Thing', spec: { odd: make() } };
      expect(stringifyManifests([doc, service])).toBe(Yaml.stringify(doc, service));
      expect(_fastPathDocuments([doc, service])).toBe(1);
    }
  });

  test('falls back for a document that is not a map or a list', () => {
    const docs = ['text', 'yes', 'a\nb', '--- x', 0, -0, 1.5, true, null];
    expectSameAsCdk8s(docs);
    expect(_fastPathDocuments(docs)).toBe(0);
  });

  test('writes a null-prototype object as a map', () => {
    const doc = Object.assign(Object.create(null), { kind: 'ConfigMap', data: Object.assign(Object.create(null), { a: 'b' }) });
    expectSameAsCdk8s([doc]);
    expect(_fastPathDocuments([doc])).toBe(1);
  });

  test('writes numbers as cdk8s does', () => {
    const doc = { list: [0, -0, 1, -1, 0.1, 1.5e300, 1e21, 5e-7, 1e-7, 2 ** 53, 123456789012345680000, Number.MIN_VALUE, -Number.MAX_VALUE] };
    expectSameAsCdk8s([doc]);
    expect(_fastPathDocuments([doc])).toBe(1);
  });

  test('writes empty maps and lists inline, as cdk8s does', () => {
    const doc = { a: {}, b: [], c: [{}, [], [[]], { d: {} }] };
    expectSameAsCdk8s([doc, {}, []]);
    expect(stringifyManifests([doc])).toBe('a: {}\nb: []\nc:\n  - {}\n  - []\n  - - []\n  - d: {}\n');
  });

  test('quotes document markers in top-level keys only, as cdk8s does', () => {
    const doc = { '--- a': { '--- b': '--- c', '... d': ['... e'] }, '... f': 1 };
    expectSameAsCdk8s([doc]);
    expect(_fastPathDocuments([doc])).toBe(1);
  });
});

/** The documents of a manifest file, read as cdk8s reads YAML (1.1). */
function documentsOf(text: string): any[] {
  return parseAllDocuments(text, { version: '1.1' }).map(d => d.toJS());
}

/**
 * Each `.k8s.yaml` file PatternsApp renders is byte for byte what cdk8s'
 * `Yaml.stringify` writes for the objects the file holds; with `fast`, every
 * document was written by the fast path, not by the fallback to cdk8s.
 * Returns the documents.
 */
function expectCdk8sYaml(app: PatternsApp, fast: boolean): any[] {
  const files = Object.entries(app.renderFiles()).filter(([file]) => file.endsWith('.k8s.yaml'));
  expect(files.length).toBeGreaterThan(0);
  return files.flatMap(([, text]) => {
    const docs = documentsOf(text);
    expect(text).toBe(Yaml.stringify(...docs));
    if (fast) expect(_fastPathDocuments(docs)).toBe(docs.length);
    return docs;
  });
}

describe("PatternsApp's manifests", () => {
  test("the reference app's files are what cdk8s' Yaml.stringify writes, byte for byte", () => {
    // GIVEN
    const app = new PatternsApp({ outdir: scratchDir('reference'), lint: { failOn: LintSeverity.WARNING } });
    new Ticketing(app, 'ticketing');
    new NodeAgents(app, 'node-agents');
    new ImageBuilds(app, 'builds');

    // THEN
    expect(expectCdk8sYaml(app, true).length).toBeGreaterThan(40);
  });

  test("an app whose config, environment, commands and annotations hold hostile strings is written as cdk8s' Yaml.stringify writes it", () => {
    fc.assert(fc.property(fc.array(hostileString, { minLength: 6, maxLength: 6 }), texts => {
      // GIVEN
      const app = new PatternsApp({ outdir: scratchDir('hostile') });
      const chart = new Chart(app, 'shop');
      const config = new ImmutableConfigMap(chart, 'config', { metadata: { name: 'settings' }, data: { 'app.properties': texts[0], 'motd': texts[1] } });
      new Deployment(chart, 'web', {
        metadata: { name: 'web', annotations: { 'example.com/note': texts[2] } },
        containers: [{ name: 'api', image: 'ghcr.io/cdk8s-patterns/tickets-api:1.4.2', command: [texts[3]], args: [texts[4]], envVariables: { NOTE: kplus.EnvValue.fromValue(texts[2]) } }],
      });
      new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' }, data: { [`k${texts.length}`]: texts[5] } });
      expect(config.name).toMatch(/^settings-/);

      // THEN: the library refuses what YAML readers would misread; everything else is written as cdk8s writes it
      let docs: any[];
      try {
        docs = expectCdk8sYaml(app, false);
      } catch (e) {
        const message = (e as Error).message;
        if (message.split('\n').every(line => LIBRARY_ERROR_LINE.test(line))) return fc.pre(false);
        throw e;
      }
      expect(docs.find(d => d.metadata.name === 'raw').data.k6).toBe(texts[5]);
    }), params());
  });
});
