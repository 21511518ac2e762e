import * as fc from 'fast-check';
import { ImageBuilds, NodeAgents, Ticketing } from '../../main';
import { PatternsApp } from '../../src';
import { marker } from '../../src/_markers';
import { _documentTemplate, _fastTemplate, writeTemplate, WriterContext } from '../../src/helm/_template-writer';
import { Form } from '../../src/helm/_values';
import { params } from '../harness/fuzz';
import { PATTERN_CHARTS } from '../harness/helm';
import { hostileString, manifest } from '../harness/yaml-arbitraries';

/** What every chart of the suite asked the template writer for, as [context, manifest]. */
const mockWritten: Array<[WriterContext, any]> = [];
jest.mock('../../src/helm/_template-writer', () => {
  const actual = jest.requireActual('../../src/helm/_template-writer');
  return {
    ...actual,
    writeTemplate: (ctx: any, m: any, ...rest: any[]) => {
      mockWritten.push([ctx, m]);
      return actual.writeTemplate(ctx, m, ...rest);
    },
  };
});

const CTX: WriterContext = {
  chart: 'web',
  hashedNames: new Map([['settings', 'web.hashedName.settings'], ['creds', 'web.hashedSecretName.creds']]),
  integers: new Set(['replicas', 'port']),
  guards: new Map([['port', '(has .Values.type (list "NodePort" "LoadBalancer"))']]),
};

/** The same template from both writers, or undefined when the fast path leaves it to yaml; throws what yaml throws. */
function bothWriters(ctx: WriterContext, m: any): string | undefined {
  const slow = _documentTemplate(ctx, m);
  const fast = _fastTemplate(ctx, m);
  if (fast !== undefined) expect(fast).toBe(slow);
  return fast;
}

const VALUE_PATHS = ['replicas', 'port', 'image', 'app.name', 'if', 'with-dash', '0'];

/** A marker of any type; values of every form, optional or not. */
const aMarker: fc.Arbitrary<string> = fc.oneof(
  fc.oneof(fc.constantFrom('web', 'db-0'), hostileString).map(n => marker('name', n)),
  fc.constant(marker('release')),
  fc.constant(marker('namespace')),
  fc.constantFrom('settings', 'creds').map(n => marker('hashed', n)),
  fc.tuple(fc.constantFrom(...Object.values(Form)), fc.constantFrom(...VALUE_PATHS), fc.boolean())
    .map(([form, path, optional]) => marker('value', `${form}|${path}${optional ? '|optional' : ''}`)),
);

/** Text with markers in it, or a marker alone. */
const marked = fc.oneof(aMarker, fc.array(fc.oneof(aMarker, hostileString), { minLength: 1, maxLength: 4 }).map(parts => parts.join('')));

/** Replaces about one string in three of a JSON value with marked text, and adds a few of the app's own `{{`. */
function markStrings(value: any, picks: string[]): any {
  let i = 0;
  const next = () => picks[i++ % picks.length];
  const walk = (v: any): any => {
    if (typeof v === 'string') return i % 3 === 0 ? next() : `${v}${i++ % 5 === 0 ? '{{ .Values.x }}' : ''}`;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

describe('writeTemplate', () => {
  test("every template of the reference app's and each pattern's Helm chart is what the yaml Document API writes, all from the fast path", () => {
    mockWritten.length = 0;
    const reference = new PatternsApp({ outdir: '/nonexistent-never-written' });
    new Ticketing(reference, 'ticketing');
    new ImageBuilds(reference, 'image-builds');
    new NodeAgents(reference, 'node-agents');
    reference.renderFiles();
    for (const p of PATTERN_CHARTS) {
      const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
      p.build(app);
      app.renderFiles();
    }
    expect(mockWritten.length).toBeGreaterThan(50);
    for (const [ctx, m] of mockWritten) expect(bothWriters(ctx, m)).toBeDefined();
  });

  test('writes what the yaml Document API writes for manifests with markers, optional fields, labels and hostile strings', () => {
    let fast = 0;
    fc.assert(fc.property(manifest, fc.array(marked, { minLength: 1, maxLength: 6 }), (m, picks) => {
      const doc = markStrings(m, picks);
      let threw: unknown;
      try {
        _documentTemplate(CTX, doc);
      } catch (e) {
        threw = e;
      }
      // an optional value outside a map is an internal error either way
      if (threw !== undefined) return void expect(() => writeTemplate(CTX, doc)).toThrow(/internal: an optional field outside a map/);
      if (bothWriters(CTX, doc) !== undefined) fast++;
    }), params());
    expect(fast).toBeGreaterThan(0);
  });

  test('writes the labels helper where the labels were, then the own labels, the instance label left to the helper', () => {
    const m = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: marker('name', 'settings'), labels: { 'app.kubernetes.io/instance': marker('release'), 'tier': marker('value', 'string|app.name') }, annotations: { a: 'b' } },
      data: { key: 'x' },
    };
    const text = bothWriters(CTX, m);
    expect(text).toBe([
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-settings',
      '  labels:',
      '    {{- include "web.labels" . | nindent 4 }}',
      '    tier: {{ .Values.app.name | toString | quote }}',
      '  annotations:',
      '    a: b',
      'data:',
      '  key: x',
      '',
    ].join('\n'));
  });

  test('wraps an optional field in with … end, at its map’s indentation, and shows an integer as one', () => {
    const m = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80, nodePort: marker('value', 'scalar|port|optional') }] } };
    expect(bothWriters(CTX, m)).toContain([
      '    - port: 80',
      '      {{- with (and (has .Values.type (list "NodePort" "LoadBalancer")) .Values.port) }}',
      '      nodePort: {{ int64 . }}',
      '      {{- end }}',
    ].join('\n'));
  });

  test('escapes the app’s own {{ in keys and values', () => {
    const m = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', annotations: { '{{ k }}': '{{ v }}' } }, data: { script: 'echo {{\nexit 0\n' } };
    const text = bothWriters(CTX, m)!;
    expect(text).toContain('"{{ "{{" }} k }}": "{{ "{{" }} v }}"');
    expect(text).toContain('script: |\n    echo {{ "{{" }}\n    exit 0\n');
  });

  test.each([
    ['-0, which yaml 2.9 writes as -0', { spec: { replicas: -0 } }],
    ['a multi-line string of whitespace only, which yaml 2.9 writes as a block', { data: { blank: ' \n ' } }],
    ['a key over 1024 characters once its {{ are escaped', { data: { ['{{'.repeat(400)]: 'x' } }],
    ['an optional field among the labels', { metadata: { name: 'web', labels: { tier: marker('value', 'string|app.name|optional') } } }],
  ])('leaves to yaml %s', (_what, extra: any) => {
    const m = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' }, ...extra };
    expect(_fastTemplate(CTX, m)).toBeUndefined();
  });
});
