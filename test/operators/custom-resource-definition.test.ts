import { Chart } from 'cdk8s';
import { CustomResourceDefinition, CustomResourceScope, ListType, SchemaField } from '../../src';
import { find, newChart, synth } from '../harness';
import { venues, venueSpec, venueVersion } from './fixtures';

const crd = (chart: Chart) => find(synth(chart), 'CustomResourceDefinition').spec;

describe('CustomResourceDefinition', () => {
  test('is named <plural>.<group>, with the names kubectl uses', () => {
    const chart = newChart();
    venues(chart, { shortNames: ['vn'], categories: ['tickets'] });
    const m = find(synth(chart), 'CustomResourceDefinition');
    expect(m.metadata.name).toBe('venues.tickets.example.com');
    expect(m.spec.names).toEqual({ kind: 'Venue', listKind: 'VenueList', plural: 'venues', singular: 'venue', shortNames: ['vn'], categories: ['tickets'] });
    expect(m.spec.scope).toBe('Namespaced');
  });

  test('builds a structural schema: a typed root requiring a spec with required fields, typed items, list-map keys', () => {
    const chart = newChart();
    venues(chart);
    const root = crd(chart).versions[0].schema.openAPIV3Schema;
    expect(root.type).toBe('object');
    expect(root.required).toEqual(['spec']);
    expect(root.properties.spec.required).toEqual(['name', 'capacity']);
    expect(root.properties.spec.properties.capacity).toEqual({ type: 'integer', format: 'int32', minimum: 1, maximum: 100000 });
    const sections = root.properties.spec.properties.sections;
    expect(sections['x-kubernetes-list-type']).toBe('map');
    expect(sections['x-kubernetes-list-map-keys']).toEqual(['id']);
    expect(sections.items.type).toBe('object');
  });

  test('gives a version with a status the status subresource, and its printer columns', () => {
    const chart = newChart();
    venues(chart);
    const v = crd(chart).versions[0];
    expect(v).toMatchObject({ name: 'v1', served: true, storage: true, subresources: { status: {} } });
    expect(v.additionalPrinterColumns).toEqual([{ name: 'Capacity', type: 'integer', jsonPath: '.spec.capacity' }]);
  });

  test('renders the scale subresource, x-kubernetes-int-or-string and preserve-unknown-fields only where asked', () => {
    const chart = newChart();
    venues(chart, {
      scope: CustomResourceScope.CLUSTER,
      versions: [venueVersion({
        spec: SchemaField.object({
          properties: { replicas: SchemaField.integer(), port: SchemaField.intOrString(), plugin: SchemaField.unstructured() },
        }),
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        printerColumns: [],
      })],
    });
    const v = crd(chart).versions[0];
    expect(v.subresources.scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' });
    const spec = v.schema.openAPIV3Schema.properties.spec;
    expect(spec.properties.port).toEqual({ 'anyOf': [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
    expect(spec.properties.plugin['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(JSON.stringify(spec.properties.replicas)).not.toContain('preserve');
    expect(crd(chart).scope).toBe('Cluster');
  });

  test('serves several versions, one stored, one deprecated with its warning', () => {
    const chart = newChart();
    const d = venues(chart, {
      versions: [
        venueVersion({ name: 'v1beta1', storage: false, deprecated: true, deprecationWarning: 'tickets.example.com/v1beta1 Venue is deprecated; use v1' }),
        venueVersion({ name: 'v1', storage: true }),
      ],
    });
    expect(d.storageVersion).toBe('v1');
    expect(d.apiVersionOf('v1beta1')).toBe('tickets.example.com/v1beta1');
    expect(crd(chart).versions.map((v: any) => [v.name, v.storage, v.deprecated ?? false])).toEqual([['v1beta1', false, true], ['v1', true, false]]);
  });

  test('fails when two versions are storage versions', () => {
    expect(() => venues(newChart(), { versions: [venueVersion({ name: 'v1', storage: true }), venueVersion({ name: 'v2', storage: true })] }))
      .toThrow("test/venues: 'versions' must have exactly one version marked as storage version, got 2 ('v1', 'v2')");
  });

  test('fails when no version is the storage version', () => {
    expect(() => venues(newChart(), { versions: [venueVersion({ name: 'v1' }), venueVersion({ name: 'v2' })] }))
      .toThrow("test/venues: 'versions' must have exactly one version marked as storage version, got 0 (none)");
  });

  test('fails when a printer column points at a field the schema lacks', () => {
    expect(() => venues(newChart(), { versions: [venueVersion({ printerColumns: [{ name: 'Seats', type: 'integer' as any, jsonPath: '.spec.seats' }] })] }))
      .toThrow("test/venues: 'versions[0].printerColumns[0].jsonPath' must point at a field the schema defines, got '.spec.seats'");
  });

  test('fails when a scale path points at a field that is not an integer', () => {
    expect(() => venues(newChart(), { versions: [venueVersion({ scale: { specReplicasPath: '.spec.name', statusReplicasPath: '.status.replicas' } })] }))
      .toThrow("test/venues: 'versions[0].scale.specReplicasPath' must point at a field of type integer, got '.spec.name' of type string");
  });

  test.each([
    ['tickets', "'group' must be a DNS-1123 subdomain with at least one dot (a domain the team owns, e.g. 'tickets.example.com'), got 'tickets'"],
    ['Tickets.example.com', "'group' must be a DNS-1123 subdomain with at least one dot (a domain the team owns, e.g. 'tickets.example.com'), got 'Tickets.example.com'"],
  ])('fails when the group is %s', (group, message) => {
    expect(() => venues(newChart(), { group })).toThrow(`test/venues: ${message}`);
  });

  test.each([
    ['venue_s', "'plural' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter), got 'venue_s'"],
    ['Venues', "'plural' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter), got 'Venues'"],
  ])('fails when the plural is %s', (plural, message) => {
    expect(() => venues(newChart(), { plural })).toThrow(`test/venues: ${message}`);
  });

  test('fails when the kind is not CamelCase', () => {
    expect(() => venues(newChart(), { kind: 'venue' })).toThrow("test/venues: 'kind' must be CamelCase: an uppercase letter, then letters and digits, at most 63 characters, got 'venue'");
  });

  test('fails when the spec is not an object field', () => {
    expect(() => venues(newChart(), { versions: [venueVersion({ spec: SchemaField.string() })] }))
      .toThrow("test/venues: 'versions[0].spec' must be an object field (SchemaField.object() or .unstructured()), got a field of type string");
  });

  test('fails when given a name, which is always <plural>.<group>', () => {
    expect(() => venues(newChart(), { metadata: { name: 'venues' } }))
      .toThrow("test/venues: 'metadata.name' must be left out: a CustomResourceDefinition is named '<plural>.<group>', got 'venues'");
  });

  test('fails when a version name is not a DNS-1035 label', () => {
    expect(() => venues(newChart(), { versions: [venueVersion({ name: 'V1' })] }))
      .toThrow("test/venues: 'versions[0].name' must be a DNS-1035 label such as 'v1' or 'v1beta2', got 'V1'");
  });

  test('fails when a deprecation warning is given to a version that is not deprecated', () => {
    expect(() => venues(newChart(), { versions: [venueVersion({ deprecationWarning: 'old' })] }))
      .toThrow("test/venues: 'versions[0].deprecationWarning' may only be set when deprecated is true");
  });
});

describe('SchemaField', () => {
  test('fails when a minimum is above the maximum', () => {
    expect(() => SchemaField.integer({ minimum: 5, maximum: 1 })).toThrow("SchemaField.integer: 'minimum' must be at most 'maximum' (1), got 5");
  });

  test('fails when a pattern is not a regular expression', () => {
    expect(() => SchemaField.string({ pattern: '([a-z' })).toThrow("SchemaField.string: 'pattern' must be a regular expression, got '([a-z'");
  });

  test('fails when a default is not a value of the field', () => {
    expect(() => SchemaField.integer({ minimum: 1, default: 0 })).toThrow("SchemaField.integer: 'default' must be at least 1, got 0 (the default must be a value of the field)");
    expect(() => SchemaField.string({ enum: ['a', 'b'], default: 'c' })).toThrow("SchemaField.string: 'default' must be one of \"a\", \"b\", got 'c' (the default must be a value of the field)");
  });

  test('fails when required names a field the object lacks', () => {
    expect(() => SchemaField.object({ properties: { a: SchemaField.string() }, required: ['b'] }))
      .toThrow("SchemaField.object: 'required' must name fields of 'properties' (a), got 'b'");
  });

  test('fails when a list-map key is not required (a non-structural list map)', () => {
    expect(() => SchemaField.array(SchemaField.object({ properties: { id: SchemaField.string() } }), { listType: ListType.MAP, listMapKeys: ['id'] }))
      .toThrow("SchemaField.array: 'listMapKeys' must name fields the items require or default, got 'id'; add it to the items' 'required'");
  });

  test('fails when a set holds objects', () => {
    expect(() => SchemaField.array(venueSpec(), { listType: ListType.SET }))
      .toThrow("SchemaField.array: 'listType' must not be ListType.SET for items that are objects or lists: use ListType.MAP with keys, or ListType.ATOMIC");
  });

  test('fails when an enum holds values of another type (from JavaScript)', () => {
    expect(() => SchemaField.string({ enum: ['a', 1 as any] })).toThrow("SchemaField.string: 'enum' must list strings only, got 1");
  });

  test('fails when items are not a SchemaField (from JavaScript)', () => {
    expect(() => SchemaField.array({ type: 'string' } as any)).toThrow("SchemaField.array: 'items' must be a SchemaField (SchemaField.string(), .object(), …), got {\"type\":\"string\"}");
  });
});

void CustomResourceDefinition;
