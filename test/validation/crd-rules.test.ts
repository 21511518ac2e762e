import * as fc from 'fast-check';
import { ManifestValidator } from '../../src';
import { LINE_BREAK, params } from '../harness/fuzz';

/*
 * The API server's rules for CustomResourceDefinitions beyond their OpenAPI
 * schema (k8s.io/apiextensions-apiserver: validation.go's
 * ValidateCustomResourceDefinition and schema/validation.go's
 * ValidateStructural), run by the one validator on any CRD manifest: the
 * app's, a vendor's imported one, one the lint command reads.
 */

const SCHEMA = () => ({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer', minimum: 1 },
        ports: { 'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'items': { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } } },
        target: { 'x-kubernetes-int-or-string': true, 'anyOf': [{ type: 'integer' }, { type: 'string' }] },
        extra: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
  },
});

const CRD = () => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [{
      name: 'v1',
      served: true,
      storage: true,
      schema: { openAPIV3Schema: SCHEMA() },
      subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
      additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
    }],
  },
});

const V = 'spec.versions[0]';
const S = `${V}.schema.openAPIV3Schema`;
const problems = (change: (crd: any) => void) => {
  const crd = CRD();
  change(crd);
  return ManifestValidator.validate(crd).map(p => `${p.path}: ${p.reason}`);
};

describe('CustomResourceDefinition rules of the API server', () => {
  test('pass on a structural definition', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  test.each<[string, (crd: any) => void, string]>([
    ['ValidateCustomResourceDefinition: the name is <plural>.<group>', c => (c.metadata.name = 'widgets'), "metadata.name: must be '<plural>.<group>' ('widgets.example.com'), got 'widgets'"],
    ['ValidateCustomResourceDefinitionSpec: a group with a dot', c => (c.spec.group = 'example'), "spec.group: must be a DNS-1123 subdomain with at least one dot (a domain the team owns, e.g. 'tickets.example.com'), got 'example'"],
    ['ValidateCustomResourceDefinitionNames: a DNS-1035 plural', c => (c.spec.names.plural = 'wid_gets'), "spec.names.plural: must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter), got 'wid_gets'"],
    ['ValidateCustomResourceDefinitionNames: listKind differs from kind', c => (c.spec.names.listKind = 'Widget'), "spec.names.listKind: must differ from the kind, got 'Widget'"],
    ['exactly one storage version', c => c.spec.versions.push({ ...c.spec.versions[0], name: 'v2' }), 'spec.versions: must have exactly one version marked as storage version, got 2 (\'v1\', \'v2\')'],
    ['unique version names', c => c.spec.versions.push({ ...c.spec.versions[0], storage: false }), 'spec.versions[1].name: must be unique among the versions, got \'v1\' twice'],
    ['a served version has a schema', c => delete c.spec.versions[0].schema, `${S}: is required for a served version: without a schema, the API server prunes every field`],
    ['ValidateStructural: the root is an object', c => (c.spec.versions[0].schema.openAPIV3Schema.type = 'array'), `${S}.type: must be 'object' at the root, got "array"`],
    ['ValidateStructural: every field has a type', c => delete c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.type, `${S}.properties.spec.properties.size.type: is required in a structural schema (every field has a type)`],
    ['ValidateStructural: arrays have items', c => delete c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.ports.items, `${S}.properties.spec.properties.ports.items: is required for an array: a structural schema gives the type of its items`],
    ['ValidateStructural: int-or-string has no type', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.target.type = 'string'), `${S}.properties.spec.properties.target.type: must be left out with x-kubernetes-int-or-string, got 'string'`],
    ['ValidateStructural: properties and additionalProperties are exclusive', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.additionalProperties = { type: 'string' }), `${S}.properties.spec.additionalProperties: must not be set with 'properties' (they are mutually exclusive)`],
    ['ValidateStructural: no $ref', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.$ref = '#/x'), `${S}.properties.spec.properties.size.$ref: must not be set in a structural schema`],
    ['v1: uniqueItems is refused', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.ports.uniqueItems = true), `${S}.properties.spec.properties.ports.uniqueItems: must not be true (apiextensions.k8s.io/v1 refuses it); use x-kubernetes-list-type: set`],
    ['ValidateStructural: metadata restricts name and generateName only', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.metadata = { type: 'object', properties: { labels: { type: 'object' } } }), `${S}.properties.metadata: may only be 'type: object' with restrictions of 'name' and 'generateName': the API server owns the rest of metadata`],
    ['list-map keys are required or defaulted', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.ports.items.required = []), `${S}.properties.spec.properties.ports.x-kubernetes-list-map-keys: must name fields the items require or default, got 'name'`],
    ['preserve-unknown-fields is true or unset', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.extra['x-kubernetes-preserve-unknown-fields'] = false), `${S}.properties.spec.properties.extra.x-kubernetes-preserve-unknown-fields: must be true or left out`],
    ['a valid pattern', c => (c.spec.versions[0].schema.openAPIV3Schema.properties.status.properties.selector.pattern = '(['), `${S}.properties.status.properties.selector.pattern: must be a valid regular expression, got "(["`],
    ['ranges in order', c => Object.assign(c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size, { minimum: 5, maximum: 1 }), `${S}.properties.spec.properties.size.minimum: must be at most 'maximum' (1), got 5`],
    ['printer columns: a known type', c => (c.spec.versions[0].additionalPrinterColumns[0].type = 'int'), `${V}.additionalPrinterColumns[0].type: must be one of integer, number, string, boolean, date, got "int"`],
    ['printer columns: a path in the schema', c => (c.spec.versions[0].additionalPrinterColumns[0].jsonPath = '.spec.sizes'), `${V}.additionalPrinterColumns[0].jsonPath: must point at a field the schema defines, got '.spec.sizes'`],
    ['scale: specReplicasPath under .spec', c => (c.spec.versions[0].subresources.scale.specReplicasPath = '.status.replicas'), `${V}.subresources.scale.specReplicasPath: must be a simple JSON path under .spec., got ".status.replicas"`],
    ['scale: the label selector is a string', c => (c.spec.versions[0].subresources.scale.labelSelectorPath = '.status.replicas'), `${V}.subresources.scale.labelSelectorPath: must point at a field of type string, got '.status.replicas' of type integer`],
  ])('refuse a definition that breaks %s', (_, change, problem) => {
    expect(problems(change)).toContain(problem);
  });
});

describe('CustomResourceDefinition problems', () => {
  /** Where a definition holds a string its rules quote back. */
  const STRING_FIELDS: [string, (crd: any, text: string) => void][] = [
    ['a printer column path', (c, t) => (c.spec.versions[0].additionalPrinterColumns[0].jsonPath = t)],
    ['a printer column type', (c, t) => (c.spec.versions[0].additionalPrinterColumns[0].type = t)],
    ['a printer column format', (c, t) => (c.spec.versions[0].additionalPrinterColumns[0].format = t)],
    ['a scale path', (c, t) => (c.spec.versions[0].subresources.scale.specReplicasPath = t)],
    ['a pattern', (c, t) => (c.spec.versions[0].schema.openAPIV3Schema.properties.status.properties.selector.pattern = `(${t}`)],
    ['a schema type', (c, t) => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.type = t)],
    ['the group', (c, t) => (c.spec.group = t)],
    ['the plural', (c, t) => (c.spec.names.plural = t)],
    ['the kind', (c, t) => (c.spec.names.kind = t)],
    ['a property name', (c, t) => (c.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties[t] = { type: 'nothing' })],
  ];

  test('quote a value with a line separator escaped, on one line', () => {
    expect(problems(c => (c.spec.versions[0].additionalPrinterColumns[0].jsonPath = 'a\u2028b')))
      .toContain(`${V}.additionalPrinterColumns[0].jsonPath: must be a simple JSON path such as '.spec.replicas', got "a\\u2028b"`);
  });

  test('stay one line each, whatever a string they quote holds', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '.', ' ', '"', '\n', '\r', '\t', '\u0085', '\u2028', '\u2029', '\u0000', '\ud800'), minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.constantFrom(...STRING_FIELDS), text, ([, put], t) => {
      const found = problems(c => put(c, t));
      expect(found.length).toBeGreaterThan(0);
      for (const line of found) expect(line).not.toMatch(LINE_BREAK);
    }), params());
  });
});
