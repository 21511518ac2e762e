import { show } from '../_errors';
import { marker } from '../_markers';

/** How a bound field renders its value in a template. */
export enum Form {
  /** An integer or boolean, as is. */
  SCALAR = 'scalar',
  /** A string, quoted. */
  STRING = 'string',
  /** A Kubernetes quantity (string or number), as a quoted string. */
  QUANTITY = 'quantity',
  /** An integer or a string such as `25%`, as is. */
  INT_OR_STRING = 'intOrString',
  /** An object or array, as JSON on the line. */
  JSON = 'json',
  /** A `{ repository, tag, digest }` group, as an image reference. */
  IMAGE = 'image',
  /** A Secret's entry the installer must supply (no default), base64-encoded. */
  SECRET = 'secret',
}

/** One value of the chart: a leaf of `values.yaml`. */
export interface ValueDef {
  /** The dotted path, e.g. `ticketsApi.replicas`. */
  readonly path: string;
  readonly default: any;
  /** The JSON schema of the value. */
  readonly schema: any;
  /** The text after the value's name in its comment. */
  readonly description: string;
  /** The path of the construct that defined it, for error messages. */
  readonly owner: string;
}

const KEY = /^[a-z][a-zA-Z0-9]*$/;
/** Helm's own first key, shared with every subchart. */
export const HELM_GLOBAL = 'global';
/** Go template keywords and constants: a key spelt like one is reached with `index`. */
const GO_KEYWORDS = new Set(['true', 'false', 'nil', 'if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);
const GO_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The words YAML 1.1 reads as a boolean or null, in the case that matters least: every case is quoted. */
const YAML_WORDS = new Set(['y', 'yes', 'n', 'no', 'on', 'off', 'true', 'false', 'null']);
/** A plain YAML scalar no YAML 1.1 or 1.2 reader types: starting with a letter (numbers, dates, '.inf', '~' and '<<' do not). */
const PLAIN_TEXT = /^[A-Za-z][A-Za-z0-9_./-]*$/;
/** What a double-quoted YAML scalar must escape beyond JSON's escapes: characters go-yaml refuses raw or reads as line breaks. */
const YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** The template expression of a value: `.Values.a.b`, or `(index .Values "a" "b")` when a key is no Go identifier or a keyword. */
export function valueRef(path: string): string {
  const keys = path.split('.');
  if (keys.every(k => GO_IDENTIFIER.test(k) && !GO_KEYWORDS.has(k))) return `.Values.${path}`;
  return `(index .Values ${keys.map(k => JSON.stringify(k)).join(' ')})`;
}

/**
 * The template expression of a Secret's entry, base64-encoded: the
 * installer must supply it (the chart holds no secret data), and the
 * template fails naming the value when it is missing or empty.
 */
export function secretValueRef(path: string): string {
  const message = `value '${path}' is required: the chart holds no secret data; set it at install with --set-file ${path}=<file> or --set-string ${path}=<value>, or in a values file kept out of Git`;
  return `(required ${JSON.stringify(message)} ${valueRef(path)} | toString | b64enc)`;
}

/** A string as a double-quoted YAML scalar that every YAML 1.1 and 1.2 reader reads back as that string. */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(YAML_UNSAFE, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A map key as YAML: plain when no reader could take it for anything but that string, else double-quoted. */
export function yamlKey(key: string): string {
  return PLAIN_TEXT.test(key) && !YAML_WORDS.has(key.toLowerCase()) ? key : yamlString(key);
}

/** Why a dotted value path is not usable in Helm, or undefined when it is. */
export function valuePathProblem(path: string): string | undefined {
  if (typeof path !== 'string' || path === '') return 'must be a dotted path of camelCase keys such as \'api.logLevel\'';
  const bad = path.split('.').find(k => !KEY.test(k));
  if (bad !== undefined) {
    return `must be a dotted path of camelCase keys (each a lowercase letter, then letters and digits) such as 'api.logLevel', which Helm templates and '--set' can address; ${show(bad)} is not one`;
  }
  return undefined;
}

/** A value key made from a Kubernetes name: `tickets-api` → `ticketsApi`, `LOG_LEVEL` → `logLevel`. */
export function camelKey(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(w => w !== '');
  const lowerAll = name === name.toUpperCase();
  const key = words.map((w, i) => {
    const word = lowerAll ? w.toLowerCase() : w;
    return i === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1);
  }).join('');
  return /^[a-z]/.test(key) ? key : `v${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

/** The marker that binds a whole field to a value; `optional` fields are left out when the value is empty. */
export function valueMarker(form: Form, path: string, optional = false): string {
  return marker('value', `${form}|${path}|${optional ? 'optional' : ''}`);
}

/** A parsed value marker argument. */
export interface ValueRef {
  readonly form: Form;
  readonly path: string;
  readonly optional: boolean;
}

export function parseValueRef(arg: string): ValueRef {
  const [form, path, optional] = arg.split('|');
  return { form: form as Form, path, optional: optional === 'optional' };
}

/** Whether a value counts as empty for an optional field. */
export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === ''
    || (Array.isArray(value) && value.length === 0)
    || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The values of one chart: leaves with defaults and schemas, groups with
 * comments. Refuses a path Helm cannot address, two owners giving one value
 * different defaults, and a value where a group is (or the reverse).
 */
export class ValueRegistry {
  private readonly leaves = new Map<string, ValueDef>();
  private readonly groups = new Map<string, string>();
  /** Every proper prefix of a leaf's path: the groups that hold values. */
  private readonly prefixes = new Set<string>();
  /** The defaults as one nested object. */
  private readonly defaults: any = {};
  /** {@link tree}, until a value or group is added. */
  private built?: ValueNode;

  /** Defines a leaf; defining it again with the same default shares it. */
  public define(def: ValueDef): void {
    const problem = valuePathProblem(def.path);
    if (problem) throw new Error(`${def.owner}: 'name' ${problem}, got ${show(def.path)}`);
    if (def.path.split('.')[0] === HELM_GLOBAL) throw new Error(`internal: ${def.owner} defines value '${def.path}' under Helm's '${HELM_GLOBAL}'`);
    const existing = this.leaves.get(def.path);
    if (existing) {
      if (!same(existing.default, def.default)) {
        throw new Error(`${def.owner}: '${def.path}' must keep the default ${existing.owner} gives it (${show(existing.default)}), got default ${show(def.default)}; give both the same default or use two values`);
      }
      return;
    }
    const parts = def.path.split('.');
    // 'a', 'a.b', ... : the groups the value sits in
    const groups: string[] = [];
    for (let dot = def.path.indexOf('.'); dot >= 0; dot = def.path.indexOf('.', dot + 1)) groups.push(def.path.slice(0, dot));
    for (const prefix of groups) {
      const leaf = this.leaves.get(prefix);
      if (leaf) throw new Error(`${def.owner}: '${def.path}' must not nest under '${prefix}', which ${leaf.owner} defines as a value, got a value under it; rename one of them`);
    }
    if (this.groups.has(def.path) || this.prefixes.has(def.path)) {
      throw new Error(`${def.owner}: '${def.path}' must not name a group of other values, got a value of that name; rename it`);
    }
    this.leaves.set(def.path, def);
    this.built = undefined;
    let node = this.defaults;
    for (const [i, prefix] of groups.entries()) {
      this.prefixes.add(prefix);
      node = node[parts[i]] ??= {};
    }
    node[parts[parts.length - 1]] = def.default;
  }

  /** Gives a group its comment (the first description wins). */
  public describe(path: string, description: string): void {
    if (this.groups.has(path)) return;
    this.groups.set(path, description);
    this.built = undefined;
  }

  /** Whether a path is taken, as a value or a group. */
  public has(path: string): boolean {
    return this.leaves.has(path) || this.groups.has(path) || this.prefixes.has(path);
  }

  public get(path: string): ValueDef | undefined {
    return this.leaves.get(path);
  }

  /** The default of a value, or of a group as an object. */
  public defaultOf(path: string): any {
    return path.split('.').reduce((node, key) => node?.[key], this.defaults);
  }

  /** The values as a tree of groups (Maps, in definition order) and leaves; callers must not change it. */
  public tree(): ValueNode {
    this.built ??= this.buildTree();
    return this.built;
  }

  private buildTree(): ValueNode {
    const root: ValueNode = { key: '', path: '', description: '', children: new Map() };
    for (const def of this.leaves.values()) {
      const parts = def.path.split('.');
      let node = root;
      parts.slice(0, -1).forEach((k, i) => {
        let child = node.children!.get(k);
        if (!child) {
          const path = parts.slice(0, i + 1).join('.');
          child = { key: k, path, description: this.groups.get(path) ?? 'groups the values below', children: new Map() };
          node.children!.set(k, child);
        }
        node = child;
      });
      const key = parts[parts.length - 1];
      node.children!.set(key, { key, path: def.path, description: def.description, def });
    }
    return root;
  }

  public get size(): number {
    return this.leaves.size;
  }
}

/** A node of the values tree: a group (with children) or a leaf (with def). */
export interface ValueNode {
  readonly key: string;
  readonly path: string;
  readonly description: string;
  readonly children?: Map<string, ValueNode>;
  readonly def?: ValueDef;
}
