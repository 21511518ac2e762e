import * as fs from 'fs';
import * as path from 'path';

/** The subset of an OpenAPI v2 schema that the Kubernetes document uses. */
export interface Schema {
  readonly 'type'?: string;
  readonly 'format'?: string;
  readonly '$ref'?: string;
  readonly 'properties'?: Record<string, Schema>;
  readonly 'additionalProperties'?: Schema | boolean;
  readonly 'items'?: Schema;
  readonly 'required'?: string[];
  readonly 'enum'?: unknown[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: string[];
}

/** The Kubernetes API the validator knows, indexed. */
export interface Catalog {
  readonly definitions: Record<string, Schema>;
  /** `apiVersion kind` → definition name. */
  readonly byGvk: Map<string, string>;
  /** kind → every apiVersion that serves it. */
  readonly apiVersionsOfKind: Map<string, string[]>;
}

/**
 * The compact Kubernetes 1.26.10 OpenAPI document the package ships, made at
 * build time from the official one by `projenrc/compact-openapi.ts` (the
 * served kinds and what they refer to, without descriptions: 170 KB that
 * parse in about 2 ms, against 3.2 MB and 35 ms).
 */
const DOCUMENT = path.join(__dirname, '..', '..', 'schemas', 'kubernetes-1.26.10.json');

let loaded: Catalog | undefined;

/** Reads and indexes the document once per process: it never changes. */
export function catalog(): Catalog {
  if (loaded) return loaded;
  const definitions: Record<string, Schema> = JSON.parse(fs.readFileSync(DOCUMENT, 'utf8')).definitions;
  const byGvk = new Map<string, string>();
  const apiVersionsOfKind = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(definitions)) {
    for (const { group, version, kind } of schema['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = group ? `${group}/${version}` : version;
      byGvk.set(`${apiVersion} ${kind}`, name);
      apiVersionsOfKind.set(kind, [...apiVersionsOfKind.get(kind) ?? [], apiVersion]);
    }
  }
  loaded = { definitions, byGvk, apiVersionsOfKind };
  return loaded;
}

/** The definition a `$ref` points at. */
export function refName(ref: string): string {
  return ref.slice('#/definitions/'.length);
}

/**
 * The schema of the field a JSON pointer (`/spec/template/spec/containers/0/image`)
 * designates in an object of `apiVersion`/`kind`; `undefined` with the first
 * key that is not a field (and the fields allowed there) when it designates none.
 */
export function schemaAtPointer(apiVersion: string, kind: string, pointer: string):
{ readonly schema?: Schema; readonly badKey?: string; readonly at?: string; readonly allowed?: string[] } {
  const { definitions, byGvk } = catalog();
  const root = byGvk.get(`${apiVersion} ${kind}`);
  if (!root) return {};
  let schema: Schema = definitions[root];
  const keys = pointer.split('/').slice(1).map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let at = '';
  for (const key of keys) {
    while (schema.$ref) schema = definitions[refName(schema.$ref)];
    if (schema.type === 'array') {
      if (!/^(\d+|-)$/.test(key)) return { badKey: key, at, allowed: ['<index>'] };
      schema = schema.items ?? {};
    } else if (schema.properties && Object.hasOwn(schema.properties, key)) {
      schema = schema.properties[key];
    } else if (typeof schema.additionalProperties === 'object') {
      schema = schema.additionalProperties;
    } else if (schema.type === 'object' && !schema.properties) {
      return { schema: {} };
    } else {
      return { badKey: key, at, allowed: Object.keys(schema.properties ?? {}) };
    }
    at = `${at}/${key}`;
  }
  while (schema.$ref) schema = definitions[refName(schema.$ref)];
  return { schema };
}
