import { Chart, Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CustomResource, CustomResourceDefinition, CustomResourceScope, Deployment, ListType, Operator, PrinterColumnType, SchemaField,
  VerticalPodAutoscaler, VpaResource, VpaUpdateMode,
} from '../../src';
import { kplus } from '../../src/_plus';
import { acceptsEvery, IMAGE, labels, refusesEvery, Subject, word } from '../harness/props';

const venueSpec = () => SchemaField.object({
  required: ['city', 'capacity'],
  properties: {
    city: SchemaField.string({ minLength: 1, pattern: '^[A-Za-z][A-Za-z -]*$' }),
    capacity: SchemaField.integer({ minimum: 1, maximum: 100000, int32: true }),
    sections: SchemaField.array(
      SchemaField.object({ required: ['id'], properties: { id: SchemaField.string(), seats: SchemaField.integer({ minimum: 0 }) } }),
      { listType: ListType.MAP, listMapKeys: ['id'], maxItems: 4 },
    ),
  },
});
const venues = (chart: Chart, scope?: CustomResourceScope) => new CustomResourceDefinition(chart, 'venues', {
  group: 'tickets.example.com', kind: 'Venue', scope, versions: [{ name: 'v1', spec: venueSpec() }],
});

describe('CustomResource', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      metadata: fc.option(fc.record({ name: word, labels }, { requiredKeys: [] }), { nil: undefined }),
      spec: fc.record({
        city: fc.stringMatching(/^[A-Za-z][A-Za-z -]{0,15}$/),
        capacity: fc.integer({ min: 1, max: 100000 }),
        sections: fc.option(fc.uniqueArray(fc.record({ id: word, seats: fc.nat({ max: 5000 }) }, { requiredKeys: ['id'] }), { selector: s => s.id, maxLength: 4 }), { nil: undefined }),
      }, { requiredKeys: ['city', 'capacity'] }),
    }),
    fields: ['definition', 'version', 'metadata', 'metadata.name', 'spec', 'spec.city', 'spec.capacity', 'spec.sections', 'spec.sections.0', 'spec.sections.0.id', 'spec.sections.0.seats'],
    build: (chart, { definition, ...props }) => new CustomResource(chart, 'opera', { definition: definition ?? venues(chart), ...props }),
  };
  test('accepts every spec the schema allows', () => acceptsEvery(subject));
  // a list item that is not an object cannot carry the map key: it is refused for the item, or (null) for its key
  test("refuses every spec the schema does not allow, naming the field, with the library's error", () => refusesEvery(subject, {
    alsoNamed: { 0: ['sections', 'id'], sections: ['id'] },
  }));
});

describe('CustomResourceDefinition', () => {
  const field = fc.constantFrom(
    () => SchemaField.string({ maxLength: 63 }), () => SchemaField.integer({ minimum: 0 }), () => SchemaField.boolean(),
    () => SchemaField.intOrString(), () => SchemaField.array(SchemaField.string(), { listType: ListType.SET }),
    () => SchemaField.map(SchemaField.string()),
  );
  const subject: Subject<any> = {
    spec: fc.record({
      group: fc.constantFrom('tickets.example.com', 'k8spatterns.io', 'a.b'),
      kind: fc.stringMatching(/^[A-Z][a-z]{1,10}$/),
      shortNames: fc.option(fc.uniqueArray(word, { maxLength: 2 }), { nil: undefined }),
      scope: fc.option(fc.constantFrom(CustomResourceScope.NAMESPACED, CustomResourceScope.CLUSTER), { nil: undefined }),
      versions: fc.uniqueArray(fc.constantFrom('v1', 'v1beta1', 'v2alpha1', 'v2'), { minLength: 1, maxLength: 3 }),
      storage: fc.nat(),
      fields: fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/), field, { minKeys: 1, maxKeys: 4 }),
      column: fc.boolean(),
      metadata: fc.option(fc.record({ labels }), { nil: undefined }),
    }),
    props: (_, { versions, storage, fields, column, ...rest }) => ({
      ...rest,
      versions: versions.map((name: string, i: number) => ({
        name,
        storage: i === storage % versions.length,
        spec: SchemaField.object({ properties: Object.fromEntries(Object.entries<() => SchemaField>(fields).map(([k, f]) => [k, f()])) }),
        printerColumns: column ? [{ name: 'First', type: PrinterColumnType.STRING, jsonPath: `.spec.${Object.keys(fields)[0]}` }] : undefined,
      })),
    }),
    fields: [
      'group', 'kind', 'plural', 'singular', 'shortNames', 'shortNames.0', 'scope', 'versions', 'versions.0', 'versions.0.name', 'versions.0.storage',
      'versions.0.served', 'versions.0.spec', 'versions.0.status', 'versions.0.printerColumns', 'versions.0.printerColumns.0.jsonPath', 'metadata', 'metadata.labels',
    ],
    build: (chart, props) => new CustomResourceDefinition(chart, 'definition', props),
  };
  test('accepts every valid definition', () => acceptsEvery(subject));
  // a second storage version, or none, is a problem of the list
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, {
    alsoNamed: { storage: ['versions'], served: ['versions'], 0: ['versions'], name: ['versions'], kind: ['plural'], printerColumns: ['jsonPath'] },
  }));
});

describe('Operator', () => {
  const subject: Subject<any> = {
    spec: fc.record({
      replicas: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      namespaced: fc.option(fc.boolean(), { nil: undefined }),
      permissions: fc.option(fc.array(fc.record({
        verbs: fc.uniqueArray(fc.constantFrom('get', 'list', 'watch', 'create', 'update', 'patch', 'delete'), { minLength: 1, maxLength: 3 }),
        resources: fc.constantFrom([kplus.ApiResource.CONFIG_MAPS], [kplus.ApiResource.PODS, kplus.ApiResource.SERVICES]),
      }), { maxLength: 2 }), { nil: undefined }),
      metadata: fc.record({ name: fc.constantFrom('venue-operator', 'controller') }),
    }),
    fields: ['definitions', 'definitions.0', 'container', 'container.image', 'replicas', 'namespaced', 'permissions', 'permissions.0', 'permissions.0.verbs', 'permissions.0.resources', 'metadata', 'metadata.name'],
    props: (chart, spec) => ({ ...spec, definitions: [venues(chart)], container: { image: IMAGE } }),
    build: (chart, props) => new Operator(chart, 'operator', props),
  };
  test('accepts every valid operator', () => acceptsEvery(subject));
  // a resource that is not one is refused for its part (resourceType, apiGroup)
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject, {
    alsoNamed: { resources: ['resourceType', 'apiGroup', 'resourceName'], definitions: ['namespaced'], 0: ['resourceType', 'apiGroup', 'verbs', 'resources'] },
  }));
});

describe('VerticalPodAutoscaler', () => {
  const bounds = fc.option(fc.record({
    cpu: fc.integer({ min: 10, max: 4000 }).map(m => kplus.Cpu.millis(m)),
    memory: fc.integer({ min: 16, max: 8192 }).map(m => Size.mebibytes(m)),
  }, { requiredKeys: [] }), { nil: undefined });
  const subject: Subject<any> = {
    spec: fc.record({
      updateMode: fc.option(fc.constantFrom(...Object.values(VpaUpdateMode)), { nil: undefined }),
      controlledResources: fc.option(fc.uniqueArray(fc.constantFrom(VpaResource.CPU, VpaResource.MEMORY), { minLength: 1 }), { nil: undefined }),
      minAllowed: bounds,
      maxAllowed: bounds,
      metadata: fc.option(fc.record({ name: fc.constantFrom('api-vpa', 'vpa'), labels }, { requiredKeys: [] }), { nil: undefined }),
    }),
    fields: ['target', 'updateMode', 'controlledResources', 'controlledResources.0', 'minAllowed', 'minAllowed.cpu', 'minAllowed.memory', 'maxAllowed', 'maxAllowed.memory', 'metadata', 'metadata.name'],
    build: (chart, { target, ...props }) => new VerticalPodAutoscaler(chart, 'vpa', {
      target: target ?? new Deployment(chart, 'api', { metadata: { name: 'api' }, containers: [{ name: 'api', image: IMAGE }] }), ...props,
    }),
  };
  test('accepts every valid configuration', () => acceptsEvery(subject));
  test("refuses every invalid prop with the library's error", () => refusesEvery(subject));
});
