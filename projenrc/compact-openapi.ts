import * as fs from 'fs';
import * as path from 'path';

/** The official Kubernetes 1.26.10 OpenAPI v2 document (3.2 MB, 35 ms to parse). */
export const SOURCE = path.join(__dirname, '..', 'schemas', 'k8s-openapi', 'swagger-v1.26.10.json');
/** What the package ships and the validator loads (170 KB, 2 ms to parse). */
export const TARGET = path.join(__dirname, '..', 'schemas', 'kubernetes-1.26.10.json');

/** The keywords the validator reads, whose values are schemas; descriptions and the rest are dropped. */
const SCHEMAS = new Set(['additionalProperties', 'items']);
/** The keywords the validator reads, whose values are kept as they are. */
const VALUES = new Set([
  'type', 'format', '$ref', 'required', 'enum',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-group-version-kind', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
]);

function prune(schema: any): any {
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as object).map(([p, s]) => [p, prune(s)]));
    } else if (SCHEMAS.has(key)) {
      out[key] = prune(value);
    } else if (VALUES.has(key)) {
      out[key] = value;
    }
  }
  return out;
}

function refsOf(schema: any, out: string[]): void {
  if (Array.isArray(schema)) return schema.forEach(s => refsOf(s, out));
  if (schema === null || typeof schema !== 'object') return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') out.push(value.replace('#/definitions/', ''));
    else refsOf(value, out);
  }
}

/**
 * The definitions of the served kinds and of everything they refer to, with
 * only the keywords validation needs, as one line of JSON.
 */
export function compactOpenApi(document: { definitions: Record<string, any> }): string {
  const { definitions } = document;
  const reached = new Set<string>();
  const stack = Object.keys(definitions).filter(name => definitions[name]['x-kubernetes-group-version-kind']);
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    refsOf(definitions[name], stack);
  }
  const kept = Object.fromEntries([...reached].sort().map(name => [name, prune(definitions[name])]));
  return `${JSON.stringify({ source: path.basename(SOURCE), definitions: kept })}\n`;
}

if (require.main === module) {
  fs.writeFileSync(TARGET, compactOpenApi(JSON.parse(fs.readFileSync(SOURCE, 'utf8'))));
}
