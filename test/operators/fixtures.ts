import { Chart } from 'cdk8s';
import { CustomResourceDefinition, CustomResourceDefinitionProps, CustomResourceVersion, ListType, PrinterColumnType, SchemaField } from '../../src';

/** The spec of a Venue: a name, a capacity, sections keyed by id. */
export const venueSpec = () => SchemaField.object({
  required: ['name', 'capacity'],
  properties: {
    name: SchemaField.string({ description: 'what the box office calls it', pattern: '^[a-z][a-z-]*$' }),
    capacity: SchemaField.integer({ minimum: 1, maximum: 100000, int32: true }),
    sections: SchemaField.array(
      SchemaField.object({ required: ['id'], properties: { id: SchemaField.string(), seats: SchemaField.integer({ minimum: 0 }) } }),
      { listType: ListType.MAP, listMapKeys: ['id'] },
    ),
  },
});

export const venueVersion = (overrides: Partial<CustomResourceVersion> = {}): CustomResourceVersion => ({
  name: 'v1',
  spec: venueSpec(),
  status: SchemaField.object({ properties: { ready: SchemaField.boolean(), replicas: SchemaField.integer() } }),
  printerColumns: [{ name: 'Capacity', type: PrinterColumnType.INTEGER, jsonPath: '.spec.capacity' }],
  ...overrides,
});

/** The Venue definition of group tickets.example.com. */
export const venues = (chart: Chart, props: Partial<CustomResourceDefinitionProps> = {}) =>
  new CustomResourceDefinition(chart, 'venues', { group: 'tickets.example.com', kind: 'Venue', versions: [venueVersion()], ...props });
