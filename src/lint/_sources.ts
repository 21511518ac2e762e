import * as fs from 'fs';
import * as path from 'path';
import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { show } from '../_errors';
import { isObject, keysOf, LintObject } from './_model';

/**
 * Objects read from YAML (or JSON) files, with the line of each object and
 * of each of its fields: multi-document streams with `---` separators,
 * empty documents and comments (`helm template`'s `# Source:` lines), `kind:
 * List` (expanded), Windows line endings and a byte-order mark. YAML is read
 * as kubectl reads it (YAML 1.1: `yes` is true, `<<` merges).
 */

/** What a source gave: its objects, and why some of it is not a set of Kubernetes objects. */
export interface ParsedSource {
  readonly objects: LintObject[];
  readonly errors: string[];
}

/** The construct path of each object of a cdk8s output folder, by name, from the `construct-metadata.json` cdk8s writes there. */
export type ConstructPaths = ReadonlyMap<string, string>;

/** The construct paths cdk8s recorded next to a file, if it did. */
export function constructPathsNear(file: string): ConstructPaths {
  const metadata = path.join(path.dirname(file), 'construct-metadata.json');
  try {
    const json = JSON.parse(fs.readFileSync(metadata, 'utf-8'));
    if (json?.version !== '1.0.0' || !isObject(json.resources)) return new Map();
    return new Map(Object.entries(json.resources).filter(([, r]) => typeof (r as any)?.path === 'string').map(([name, r]) => [name, (r as any).path]));
  } catch {
    return new Map();
  }
}

/**
 * Parses a YAML stream. `file` names it in findings and errors; objects are
 * numbered from `firstIndex`; `constructPaths` names the construct of each
 * object by its name.
 */
export function parseSource(text: string, file: string, firstIndex: number, constructPaths: ConstructPaths = new Map()): ParsedSource {
  const lineCounter = new LineCounter();
  const source = text.startsWith('\ufeff') ? text.slice(1) : text;
  const objects: LintObject[] = [];
  const errors: string[] = [];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const parsed = parseAllDocuments(source, { lineCounter, version: '1.1', merge: true, prettyErrors: false, uniqueKeys: true });
  if ('empty' in parsed && parsed.errors.length > 0) {
    errors.push(`${file}:${lineAt(parsed.errors[0].pos[0])}: is not YAML: ${firstLine(parsed.errors[0].message)}`);
  }
  const docs: Document[] = [...parsed];
  for (const doc of docs) {
    const docLine = lineAt((doc.contents as any)?.range?.[0] ?? (doc as any).range?.[0] ?? 0);
    if (doc.errors.length > 0) {
      errors.push(`${file}:${lineAt(doc.errors[0].pos[0])}: is not YAML: ${firstLine(doc.errors[0].message)}`);
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push(`${file}:${docLine}: is not YAML a Kubernetes client reads: ${firstLine((e as Error).message)}`);
      continue;
    }
    if (value === null || value === undefined) continue;
    const add = (manifest: unknown, keys: (string | number)[]) => {
      const node = keys.length === 0 ? doc.contents : doc.getIn(keys, true) as any;
      const line = node?.range ? lineAt(node.range[0]) : docLine;
      const where = `${file}:${line}`;
      if (!isObject(manifest)) return void errors.push(`${where}: must be a Kubernetes object (a mapping with apiVersion, kind and metadata), got ${Array.isArray(manifest) ? 'a list' : show(manifest)}`);
      if (typeof manifest.kind !== 'string' || manifest.kind === '') {
        return void errors.push(`${where}: 'kind' is required in every Kubernetes object, got ${manifest.kind === undefined ? 'an object without one' : show(manifest.kind)} (keys: ${Object.keys(manifest).slice(0, 5).join(', ')})`);
      }
      const lineOf = (fieldPath: string) => {
        const fieldKeys = keysOf(fieldPath);
        for (let n = fieldKeys.length; n > 0; n--) {
          const found = doc.getIn([...keys, ...fieldKeys.slice(0, n)], true) as any;
          if (found?.range) return lineAt(found.range[0]);
          // a scalar's key: point at the pair's line
          const parent = n > 1 ? doc.getIn([...keys, ...fieldKeys.slice(0, n - 1)], true) as any : node;
          const pair = parent?.items?.find?.((p: any) => p?.key?.value === fieldKeys[n - 1]);
          if (pair?.key?.range) return lineAt(pair.key.range[0]);
        }
        return line;
      };
      const name = manifest.metadata?.name;
      objects.push({
        manifest,
        index: firstIndex + objects.length,
        file,
        line,
        lineOf,
        library: false,
        ...(typeof name === 'string' && constructPaths.has(name) ? { constructPath: constructPaths.get(name) } : {}),
      });
    };
    if (isObject(value) && value.kind === 'List' && Array.isArray(value.items)) value.items.forEach((item, i) => add(item, ['items', i]));
    else add(value, []);
  }
  return { objects, errors };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
