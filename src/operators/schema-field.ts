import { IConstruct } from 'constructs';
import { checkJson, copyJson, pathScope } from '../_boundary';
import { fail, show } from '../_errors';
import { checkOptionalType, checkType } from '../_validate';
import { walkCustom } from '../validation/_custom-schema';
import { Report } from '../validation/_problems';

/** The formats a string field may declare, which the API server checks. */
export enum StringFormat {
  /** An RFC 3339 date and time, e.g. `2026-12-01T20:00:00Z`. */
  DATE_TIME = 'date-time',
  /** An RFC 3339 full date, e.g. `2026-12-01`. */
  DATE = 'date',
  /** A UUID. */
  UUID = 'uuid',
  /** An IPv4 address. */
  IPV4 = 'ipv4',
  /** A host name. */
  HOSTNAME = 'hostname',
  /** Base64 data. */
  BYTE = 'byte',
  /** An e-mail address. */
  EMAIL = 'email',
}

/**
 * How a list merges when two writers apply it (server-side apply).
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
 */
export enum ListType {
  /** The list is replaced as a whole. */
  ATOMIC = 'atomic',
  /** A set of scalars: each value once. */
  SET = 'set',
  /** A map of objects keyed by `listMapKeys`: each key once. */
  MAP = 'map',
}

/** What every field may have. */
export interface FieldOptions {
  /**
   * What the field means, shown by `kubectl explain`.
   * @default - none
   */
  readonly description?: string;
  /**
   * The value the API server writes when the field is left out, checked against the field.
   * @default - none
   */
  readonly default?: any;
  /**
   * Whether `null` is accepted (and kept) as the value.
   * @default false
   */
  readonly nullable?: boolean;
}

/** Options of {@link SchemaField.string}. */
export interface StringFieldOptions extends FieldOptions {
  /** The only values allowed. @default - any string */
  readonly enum?: string[];
  /** A regular expression the value must match (ECMA-262 and RE2 agree on the usual ones). @default - none */
  readonly pattern?: string;
  /** The format of the value. @default - none */
  readonly format?: StringFormat;
  /** The fewest characters. @default - none */
  readonly minLength?: number;
  /** The most characters. @default - none */
  readonly maxLength?: number;
}

/** Options of {@link SchemaField.integer} and {@link SchemaField.number}. */
export interface NumberFieldOptions extends FieldOptions {
  /** The smallest value allowed. @default - none (int64's for an integer) */
  readonly minimum?: number;
  /** The largest value allowed. @default - none */
  readonly maximum?: number;
  /**
   * For an integer: whether it is an int32 (as Kubernetes' own counts are) rather than an int64.
   * @default false
   */
  readonly int32?: boolean;
}

/** Options of {@link SchemaField.array}. */
export interface ArrayFieldOptions extends FieldOptions {
  /** The fewest items. @default - none */
  readonly minItems?: number;
  /** The most items. @default - none */
  readonly maxItems?: number;
  /** How the list merges. @default ListType.ATOMIC */
  readonly listType?: ListType;
  /** For `ListType.MAP`: the fields of the items that identify each (scalars the items require). @default - none */
  readonly listMapKeys?: string[];
}

/** Options of {@link SchemaField.object}. */
export interface ObjectFieldOptions extends FieldOptions {
  /** The fields, by name. @default - none */
  readonly properties?: { [name: string]: SchemaField };
  /** The fields that must be set. @default - none */
  readonly required?: string[];
}

/** Options of {@link SchemaField.map}. */
export interface MapFieldOptions extends FieldOptions {
  /** The fewest entries. @default - none */
  readonly minProperties?: number;
  /** The most entries. @default - none */
  readonly maxProperties?: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One field of a custom resource's schema, built typed: the library turns a
 * tree of them into a structural OpenAPI v3 schema (every field typed, every
 * list's items typed, no `additionalProperties` beside `properties`), the
 * one form the API server accepts for apiextensions.k8s.io/v1. Each factory
 * checks its options (ranges in order, patterns that compile, enums and
 * defaults of the field's type).
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
export class SchemaField {
  /** A string field. */
  public static string(options: StringFieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.string');
    checkCommon(at, options);
    checkOptionalType(at, 'pattern', options.pattern, 'string');
    if (options.pattern !== undefined) {
      try {
        new RegExp(options.pattern, 'u');
      } catch {
        fail(at, 'pattern', `must be a regular expression, got ${show(options.pattern)}`);
      }
    }
    checkRange(at, options.minLength, options.maxLength, 'minLength', 'maxLength', true);
    if (options.format !== undefined && !Object.values(StringFormat).includes(options.format)) {
      fail(at, 'format', `must be a StringFormat (${Object.values(StringFormat).join(', ')}), got ${show(options.format)}`);
    }
    checkEnum(at, options.enum, 'string');
    return new SchemaField(at, {
      type: 'string',
      ...common(options),
      enum: options.enum,
      pattern: options.pattern,
      format: options.format,
      minLength: options.minLength,
      maxLength: options.maxLength,
    });
  }

  /** An integer field (int64 unless `int32`). */
  public static integer(options: NumberFieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.integer');
    checkCommon(at, options);
    checkRange(at, options.minimum, options.maximum, 'minimum', 'maximum', false, true);
    checkOptionalType(at, 'int32', options.int32, 'boolean');
    return new SchemaField(at, { type: 'integer', ...common(options), format: options.int32 ? 'int32' : 'int64', minimum: options.minimum, maximum: options.maximum });
  }

  /** A number field (a float). */
  public static number(options: NumberFieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.number');
    checkCommon(at, options);
    checkRange(at, options.minimum, options.maximum, 'minimum', 'maximum', false);
    if (options.int32 !== undefined) fail(at, 'int32', `is for integer fields only, got ${show(options.int32)}; use SchemaField.integer`);
    return new SchemaField(at, { type: 'number', ...common(options), minimum: options.minimum, maximum: options.maximum });
  }

  /** A boolean field. */
  public static boolean(options: FieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.boolean');
    checkCommon(at, options);
    return new SchemaField(at, { type: 'boolean', ...common(options) });
  }

  /** A field holding an integer or a string, as a port (`8080` or `http`) or a count (`2` or `50%`). */
  public static intOrString(options: FieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.intOrString');
    checkCommon(at, options);
    return new SchemaField(at, { ...common(options), 'anyOf': [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true });
  }

  /** A list of `items`. */
  public static array(items: SchemaField, options: ArrayFieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.array');
    checkField(at, 'items', items);
    checkCommon(at, options);
    checkRange(at, options.minItems, options.maxItems, 'minItems', 'maxItems', true);
    if (options.listType !== undefined && !Object.values(ListType).includes(options.listType)) {
      fail(at, 'listType', `must be a ListType (${Object.values(ListType).join(', ')}), got ${show(options.listType)}`);
    }
    const item = items._schema;
    if (options.listType === ListType.MAP) {
      const keys = options.listMapKeys;
      if (!Array.isArray(keys) || keys.length === 0) fail(at, 'listMapKeys', `must name at least one field of the items with ListType.MAP, got ${show(keys)}`);
      for (const key of keys) {
        const field = item.properties?.[key];
        if (item.type !== 'object' || !field || !['string', 'integer', 'number', 'boolean'].includes(field.type)) {
          fail(at, 'listMapKeys', `must name scalar fields of the items (objects), got ${show(key)}`);
        }
        if (!(item.required ?? []).includes(key) && field.default === undefined) fail(at, 'listMapKeys', `must name fields the items require or default, got ${show(key)}; add it to the items' 'required'`);
      }
    } else if (options.listMapKeys !== undefined) {
      fail(at, 'listMapKeys', `is for ListType.MAP only, got ${show(options.listMapKeys)}`);
    }
    if (options.listType === ListType.SET && (item.type === 'object' || item.type === 'array')) {
      fail(at, 'listType', 'must not be ListType.SET for items that are objects or lists: use ListType.MAP with keys, or ListType.ATOMIC');
    }
    return new SchemaField(at, {
      'type': 'array',
      ...common(options),
      'items': item,
      'minItems': options.minItems,
      'maxItems': options.maxItems,
      'x-kubernetes-list-type': options.listType,
      'x-kubernetes-list-map-keys': options.listMapKeys,
    });
  }

  /** An object with named fields. */
  public static object(options: ObjectFieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.object');
    checkCommon(at, options);
    checkOptionalType(at, 'properties', options.properties, 'object');
    const properties: { [name: string]: any } = {};
    for (const [name, field] of Object.entries(options.properties ?? {})) {
      if (!NAME.test(name)) fail(at, `properties[${name}]`, `must be named as a JSON field (letters, digits and '_', not starting with a digit), got ${show(name)}`);
      checkField(at, `properties.${name}`, field);
      properties[name] = field._schema;
    }
    checkOptionalType(at, 'required', options.required, 'array');
    for (const name of options.required ?? []) {
      if (!Object.hasOwn(properties, name)) fail(at, 'required', `must name fields of 'properties' (${Object.keys(properties).join(', ') || 'none'}), got ${show(name)}`);
    }
    return new SchemaField(at, {
      type: 'object',
      ...common(options),
      properties: Object.keys(properties).length > 0 ? properties : undefined,
      required: options.required?.length ? options.required : undefined,
    });
  }

  /** An object whose keys are free and whose values are all `values` (labels, settings by name). */
  public static map(values: SchemaField, options: MapFieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.map');
    checkField(at, 'values', values);
    checkCommon(at, options);
    checkRange(at, options.minProperties, options.maxProperties, 'minProperties', 'maxProperties', true);
    return new SchemaField(at, {
      type: 'object',
      ...common(options),
      additionalProperties: values._schema,
      minProperties: options.minProperties,
      maxProperties: options.maxProperties,
    });
  }

  /**
   * An object the API server keeps as it is, unchecked: only for data whose
   * shape the definition cannot know (a plugin's settings, an embedded
   * manifest). Every field elsewhere is typed.
   */
  public static unstructured(options: FieldOptions = {}): SchemaField {
    const at = pathScope('SchemaField.unstructured');
    checkCommon(at, options);
    return new SchemaField(at, { 'type': 'object', ...common(options), 'x-kubernetes-preserve-unknown-fields': true });
  }

  /** @internal the OpenAPI v3 schema of the field. */
  public readonly _schema: { readonly [key: string]: any };

  private constructor(at: IConstruct, schema: { [key: string]: any }) {
    this._schema = Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined));
    if (schema.default !== undefined) {
      const report: Report = { problems: [], secret: false };
      walkCustom(this._schema, schema.default, 'default', report);
      if (report.problems.length > 0) fail(at, report.problems[0].path, `${report.problems[0].reason} (the default must be a value of the field)`);
    }
  }

  /** The OpenAPI v3 schema of the field, as JSON. */
  public toJson(): any {
    return copyJson(this._schema);
  }
}

function checkCommon(at: IConstruct, options: FieldOptions): void {
  checkType(at, 'options', options, 'object');
  if (options.default !== undefined) checkJson(at, 'default', options.default);
  checkOptionalType(at, 'description', options.description, 'string');
  checkOptionalType(at, 'nullable', options.nullable, 'boolean');
}

function common(options: FieldOptions): { [key: string]: any } {
  const dflt = options.default === undefined ? undefined : copyJson(options.default);
  return { description: options.description, default: dflt, nullable: options.nullable || undefined };
}

function checkField(at: IConstruct, field: string, value: unknown): asserts value is SchemaField {
  if (!(value instanceof SchemaField)) fail(at, field, `must be a SchemaField (SchemaField.string(), .object(), …), got ${show(value)}`);
}

function checkRange(
  at: IConstruct, low: number | undefined, high: number | undefined, lowName: string, highName: string, count: boolean, integer = false,
): void {
  for (const [name, v] of [[lowName, low], [highName, high]] as const) {
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || ((count || integer) && !Number.isInteger(v)) || (count && v < 0)) {
      fail(at, name, `must be a ${count ? 'count (a whole number, at least 0)' : integer ? 'whole number' : 'finite number'}, got ${show(v)}`);
    }
  }
  if (low !== undefined && high !== undefined && low > high) fail(at, lowName, `must be at most '${highName}' (${high}), got ${low}`);
}

function checkEnum(at: IConstruct, values: unknown, type: string): void {
  if (values === undefined) return;
  if (!Array.isArray(values) || values.length === 0) fail(at, 'enum', `must list at least one value, got ${show(values)}`);
  const bad = values.find(v => typeof v !== type);
  if (bad !== undefined) fail(at, 'enum', `must list ${type}s only, got ${show(bad)}`);
}
