import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart, Yaml } from 'cdk8s';
import { CustomResource, CustomResourceScope, ImportedCustomResourceDefinitions, PatternsApp } from '../../src';
import { find, newChart, synth } from '../harness';
import { venues } from './fixtures';
import { scratchDir } from '../harness/tmp';

const OPERA = { name: 'opera', capacity: 1800, sections: [{ id: 'stalls', seats: 900 }, { id: 'balcony', seats: 900 }] };

/** Renders an app of one chart `venues` built by `body`; the error message when synth fails. */
function synthError(body: (chart: Chart) => void): string {
  const app = new PatternsApp();
  body(new Chart(app, 'venues'));
  try {
    app.renderFiles();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth passed');
}

const venue = (spec: any) => (chart: Chart) => new CustomResource(chart, 'opera', { definition: venues(chart), metadata: { name: 'opera' }, spec });

describe('CustomResource', () => {
  test('renders an object of the definition, in its storage version', () => {
    const chart = newChart();
    venue(OPERA)(chart);
    const m = find(synth(chart), 'Venue');
    expect(m).toEqual({ apiVersion: 'tickets.example.com/v1', kind: 'Venue', metadata: { name: 'opera' }, spec: OPERA });
  });

  test('fails at synth when the spec misses a required field', () => {
    expect(synthError(venue({ name: 'opera' }))).toBe("venues/opera: 'spec.capacity' is required");
  });

  test('fails at synth when a field has the wrong type', () => {
    expect(synthError(venue({ ...OPERA, capacity: '1800' }))).toBe("venues/opera: 'spec.capacity' must be an integer, got '1800'");
  });

  test('fails at synth when a field is out of range or does not match its pattern', () => {
    expect(synthError(venue({ ...OPERA, capacity: 0, name: 'Opera' }))).toBe([
      "venues/opera: 'spec.capacity' must be at least 1, got 0",
      "venues/opera: 'spec.name' must match the pattern \"^[a-z][a-z-]*$\", got 'Opera'",
    ].join('\n'));
  });

  test('fails at synth when a field is unknown to the schema, suggesting the nearest', () => {
    expect(synthError(venue({ ...OPERA, capacty: 3 }))).toBe("venues/opera: 'spec.capacty' is not a field of the custom resource's schema here, which the API server would drop; did you mean 'capacity'?");
  });

  test('fails at synth when two items of a list map share a key', () => {
    expect(synthError(venue({ ...OPERA, sections: [{ id: 'stalls' }, { id: 'stalls' }] })))
      .toBe("venues/opera: 'spec.sections[1]' must be unique in the list (x-kubernetes-list-type: map), got the same 'id' as item 0");
  });

  test('fails at synth when an object is of a kind no definition of the app or its imports defines', () => {
    expect(synthError(chart => new ApiObject(chart, 'opera', { apiVersion: 'tickets.example.com/v1', kind: 'Venue', metadata: { name: 'opera' } })))
      .toBe("venues/opera: 'kind' must be a kind Kubernetes 1.26 serves or a CustomResourceDefinition of the app defines, got 'Venue' of group 'tickets.example.com'; define it with CustomResourceDefinition, or import the vendor's definition with ImportedCustomResourceDefinitions");
  });

  test('is judged by a definition in another chart of the app', () => {
    const app = new PatternsApp();
    const definitions = venues(new Chart(app, 'crds'));
    new CustomResource(new Chart(app, 'shows'), 'opera', { definition: definitions, spec: { name: 'opera' } });
    expect(() => app.renderFiles()).toThrow("shows/opera: 'spec.capacity' is required");
  });

  test('fails at synth when a raw object asks for a version the definition does not serve', () => {
    expect(synthError(chart => {
      venues(chart);
      new ApiObject(chart, 'opera', { apiVersion: 'tickets.example.com/v2', kind: 'Venue', metadata: { name: 'opera' } });
    })).toBe("venues/opera: 'apiVersion' must be a version the CustomResourceDefinition 'venues.tickets.example.com' serves ('v1'), got 'tickets.example.com/v2'");
  });

  test('fails when a version the definition does not serve is asked for', () => {
    const chart = newChart();
    expect(() => new CustomResource(chart, 'opera', { definition: venues(chart), version: 'v2' }))
      .toThrow("test/opera: 'version' must be a version venues.tickets.example.com serves ('v1'), got 'v2'");
  });

  test('fails when an object of a cluster-scoped kind is given a namespace', () => {
    const chart = newChart();
    const definition = venues(chart, { scope: CustomResourceScope.CLUSTER });
    expect(() => new CustomResource(chart, 'opera', { definition, metadata: { namespace: 'shop' } }))
      .toThrow("test/opera: 'metadata.namespace' must be left out: Venue.tickets.example.com is cluster-scoped, got 'shop'");
  });

  test('fails when the definition is not one (from JavaScript)', () => {
    expect(() => new CustomResource(newChart(), 'opera', { definition: { kind: 'Venue' } as any }))
      .toThrow("test/opera: 'definition' must be a CustomResourceDefinition, or a definition of ImportedCustomResourceDefinitions, got {\"kind\":\"Venue\"}");
  });
});

/** A vendor's definition (cert-manager-like): a Certificate with a required secretName. */
const VENDOR = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'certificates.certs.example.io' },
  spec: {
    group: 'certs.example.io',
    names: { kind: 'Certificate', plural: 'certificates', singular: 'certificate', listKind: 'CertificateList' },
    scope: 'Namespaced',
    versions: [{
      name: 'v1',
      served: true,
      storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['secretName'], properties: { secretName: { type: 'string' }, dnsNames: { type: 'array', items: { type: 'string' } } } } } } },
    }],
  },
};

describe('ImportedCustomResourceDefinitions', () => {
  const write = (docs: any[]) => {
    const file = path.join(scratchDir('crds'), 'crds.yaml');
    fs.writeFileSync(file, Yaml.stringify(...docs));
    return file;
  };

  test('lets the app create objects of a vendor kind, validated by the vendor schema, and writes no definition', () => {
    const app = new PatternsApp();
    const chart = new Chart(app, 'certs');
    const certs = new ImportedCustomResourceDefinitions(chart, 'cert-manager', { file: write([VENDOR]) });
    expect(certs.kinds).toEqual(['Certificate.certs.example.io']);
    new CustomResource(chart, 'api-cert', { definition: certs.definition('Certificate'), metadata: { name: 'api' }, spec: { secretName: 'api-tls', dnsNames: ['tickets.example.com'] } });
    const out = app.renderFiles()['certs.k8s.yaml'];
    expect(out).toContain('kind: Certificate');
    expect(out).not.toContain('CustomResourceDefinition');
  });

  test('fails at synth when an object of a vendor kind misses a field the vendor requires', () => {
    const app = new PatternsApp();
    const chart = new Chart(app, 'certs');
    const certs = new ImportedCustomResourceDefinitions(chart, 'cert-manager', { file: write([VENDOR]) });
    new CustomResource(chart, 'api-cert', { definition: certs.definition('Certificate'), spec: { dnsNames: ['tickets.example.com'] } });
    expect(() => app.renderFiles()).toThrow("certs/api-cert: 'spec.secretName' is required");
  });

  test('fails when the file holds a definition that is not structural', () => {
    const broken = structuredClone(VENDOR);
    (broken.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties as any).dnsNames = { type: 'array' };
    expect(() => new ImportedCustomResourceDefinitions(newChart(), 'vendor', { file: write([broken]) }))
      .toThrow("test/vendor: 'file' must hold definitions the API server accepts, got 'certificates.certs.example.io' whose 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.dnsNames.items' is required for an array: a structural schema gives the type of its items");
  });

  test('fails when the file holds other kinds', () => {
    expect(() => new ImportedCustomResourceDefinitions(newChart(), 'vendor', { file: write([VENDOR, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]) }))
      .toThrow("test/vendor: 'file' must hold apiextensions.k8s.io/v1 CustomResourceDefinitions only, got 'v1 ConfigMap' as document 2 of");
  });

  test('fails when asked for a version the vendor does not serve, naming the import', () => {
    const certs = new ImportedCustomResourceDefinitions(newChart(), 'vendor', { file: write([VENDOR]) });
    expect(() => certs.definition('Certificate').apiVersionOf('v2')).toThrow("test/vendor: 'version' must be a version certificates.certs.example.io serves ('v1'), got 'v2'");
  });

  test('fails when asked for a kind the file does not define', () => {
    const certs = new ImportedCustomResourceDefinitions(newChart(), 'vendor', { file: write([VENDOR]) });
    expect(() => certs.definition('Issuer')).toThrow("test/vendor: 'kind' must be a kind the file defines (Certificate.certs.example.io), got 'Issuer'");
  });
});
