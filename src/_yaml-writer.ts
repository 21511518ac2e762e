import { Yaml } from 'cdk8s';

// A port of what yaml 2.8.0 (the copy cdk8s bundles) does for plain JSON data
// under cdk8s' options (YAML 1.1 schema, lineWidth 0, keepUndefined): block
// maps and sequences, two-space indentation, sequences indented under their
// key. With lineWidth 0 nothing is ever folded, so block scalars are always
// literal (`|`). The regular expressions are yaml's own, copied verbatim.

/** Thrown inside a document the port is not sure about; caught per document. */
export const DEFER = new Error('defer to yaml');

/** yaml's `Symbol.for('yaml.node.type')`: objects carrying it are treated as yaml nodes. */
const NODE_TYPE = Symbol.for('yaml.node.type');

/** yaml forces double quotes on these (control characters and lone surrogates). */
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/** What yaml's `plainString` refuses to write plain. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** yaml's `containsDocumentMarker`. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/**
 * The `test` of every default tag of the YAML 1.1 schema but `str`: a string
 * matching one would read back as another type, so yaml quotes it. In order:
 * null, true, false, binary, octal, decimal and hexadecimal int, .inf/.nan,
 * exponent and plain float, sexagesimal int and float, timestamp. (The merge
 * key `<<`, which yaml writes plain, is left to yaml.)
 */
const RESOLVES_SOURCES = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];
const RESOLVES = new RegExp(`^(?:${RESOLVES_SOURCES.map(r => `(?:${r.source})`).join('|')})`);

/** First characters of every string `RESOLVES` can match (besides the empty string). */
const MAY_RESOLVE = new Set('~NnYyTtFfOoEe0123456789+-.');

/** yaml's `blockEndNewlines`. */
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/** Longest implicit key yaml writes; a longer one becomes an explicit `? key`. */
export const MAX_IMPLICIT_KEY = 1024;

/** Whether yaml's 1.1 schema would read the plain string `s` as something other than a string. */
function resolvesToNonString(s: string): boolean {
  return s === '' || (MAY_RESOLVE.has(s[0]) && RESOLVES.test(s));
}

/** yaml's `doubleQuotedString` with lineWidth 0 (so never folded). */
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // a space before a newline is escaped, or reading back would fold it away
      str += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    // JSON.stringify writes `\u` escapes only for C0 controls and lone surrogates, so
    // yaml's cases for U+0085, U+00A0, U+2028 and U+2029 never apply
    if (json[i + 1] === 'u') {
      str += json.slice(start, i);
      const code = json.substr(i + 2, 4);
      switch (code) {
        case '0000': str += '\\0'; break;
        case '0007': str += '\\a'; break;
        case '000b': str += '\\v'; break;
        case '001b': str += '\\e'; break;
        default: str += code.substr(0, 2) === '00' ? '\\x' + code.substr(2) : json.substr(i, 6);
      }
      i += 5;
      start = i + 1;
    } else if (json[i + 1] === 'n' && !implicitKey && json[i + 2] !== '"' && json.length >= 40) {
      // a long value shows its newlines as line breaks, each one an empty line since a lone break folds to a space
      str += json.slice(start, i) + '\n\n';
      while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
        str += '\n';
        i += 2;
      }
      str += indent;
      if (json[i + 2] === ' ') str += '\\';
      i += 1;
      start = i + 1;
    } else {
      i += 1;
    }
  }
  return start ? str + json.slice(start) : json;
}

/**
 * yaml's `quotedString`: single quotes for a string with `"` and no `'`, else
 * double. yaml's `singleQuotedString` gives way to double quotes for every
 * multi-line string that can reach it here (keys, and the values `blockString`
 * refuses, which all have a space or tab after a line break), so what it
 * writes in single quotes never needs an escape or a line break.
 */
function quoted(value: string, indent: string, implicitKey: boolean): string {
  return value.includes('"') && !value.includes("'") && !value.includes('\n')
    ? `'${value}'`
    : doubleQuoted(value, indent, implicitKey);
}

/** yaml's `blockString` for a literal block scalar below the document root. */
function literalBlock(value: string, indent: string): string {
  if (/\n[\t ]+$/.test(value) || /^\s*$/.test(value)) return quoted(value, indent, false);
  let endStart = value.length;
  for (; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  const chomp = endNlPos === -1 ? '-' : endNlPos !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNlPos = -1;
  for (; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}

/** A string value (of a map entry or a sequence item) whose continuation lines start with `indent`. */
function valueScalar(value: string, indent: string): string {
  if (value === '<<') throw DEFER;
  if (FORCE_DOUBLE.test(value)) return doubleQuoted(value, indent, false);
  if (value.includes('\n')) return literalBlock(value, indent);
  return NOT_PLAIN.test(value) || resolvesToNonString(value) ? quoted(value, indent, false) : value;
}

/** A map key; `atRoot` for the keys of the document's top-level map. */
function keyScalar(key: string, atRoot: boolean): string {
  if (key === '<<') throw DEFER;
  let str: string;
  if (FORCE_DOUBLE.test(key)) str = doubleQuoted(key, '', true);
  else if (key.includes('\n') || NOT_PLAIN.test(key) || (atRoot && DOCUMENT_MARKER.test(key)) || resolvesToNonString(key)) str = quoted(key, '', true);
  else str = key;
  if (str.length > MAX_IMPLICIT_KEY) throw DEFER;
  return str;
}

/** `INDENTS[depth]`: the indentation of a node's lines at that depth; `BREAKS[depth]`, the same after a line break. */
const INDENTS = [''];
const BREAKS = ['\n'];
function grow(depth: number): void {
  while (INDENTS.length <= depth) {
    INDENTS.push(INDENTS[INDENTS.length - 1] + '  ');
    BREAKS.push('\n' + INDENTS[INDENTS.length - 1]);
  }
}

/**
 * Writes documents into one list of chunks, joined once at the end. A
 * subclass may write some strings, numbers, map entries or objects that are
 * not plain JSON its own way, or throw {@link DEFER} to leave the document
 * to yaml.
 */
export class YamlWriter {
  protected readonly chunks: string[] = [];
  /** The objects met in the current document: yaml writes an anchor and aliases for a repeated one. */
  private readonly seen = new Set<object>();
  /** `key:` as written below the top level, by key: manifests repeat a few keys many times. */
  private readonly keyCache = new Map<string, string>();

  public write(text: string): void {
    this.chunks.push(text);
  }

  /** Writes the document if the fast path is sure of it, and says whether it did. */
  public document(doc: unknown): boolean {
    if (doc === null || typeof doc !== 'object') return false;
    const mark = this.chunks.length;
    this.seen.clear();
    try {
      const keys = this.enter(doc);
      if ((keys ?? (doc as unknown[])).length === 0) this.chunks.push(keys ? '{}' : '[]');
      else this.collection(keys, doc, 0);
    } catch (e) {
      if (e !== DEFER) throw e;
      this.chunks.length = mark;
      return false;
    }
    this.chunks.push('\n');
    return true;
  }

  public text(): string {
    return this.chunks.join('');
  }

  /** The indentation of a node's lines at `depth`. */
  protected indent(depth: number): string {
    grow(depth);
    return INDENTS[depth];
  }

  /** A string value (of a map entry or a sequence item) whose continuation lines are at `depth`. */
  protected scalar(value: string, depth: number): string {
    return valueScalar(value, INDENTS[depth]);
  }

  /** A number value. */
  protected number(value: number): string {
    if (!Number.isFinite(value)) throw DEFER;
    return value === 0 ? '0' : String(value);
  }

  /** A map key with its colon; `atRoot` for the keys of the document's top-level map. */
  protected key(key: string, atRoot: boolean): string {
    if (atRoot) return keyScalar(key, true) + ':';
    let str = this.keyCache.get(key);
    if (str === undefined) {
      str = keyScalar(key, false) + ':';
      this.keyCache.set(key, str);
    }
    return str;
  }

  /** A map entry whose key stands at `depth`, where the output stands. */
  protected entry(key: string, value: unknown, depth: number): void {
    this.chunks.push(this.key(key, depth === 0));
    this.item(value, depth + 1, true);
  }

  /** A value that is neither JSON nor a plain object or array, after `key:` (`inMap`) or `- `. */
  protected other(_value: object, _depth: number, _inMap: boolean): void {
    throw DEFER;
  }

  /** Checks that `value` is a plain array or object yaml would render as such; returns its keys, or undefined for an array. */
  protected enter(value: object): string[] | undefined {
    const proto = Object.getPrototypeOf(value);
    const isArray = Array.isArray(value);
    if (isArray ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) throw DEFER;
    const probe = value as any;
    if (typeof probe.toJSON === 'function' || probe[NODE_TYPE] !== undefined) throw DEFER;
    if (!isArray && Symbol.iterator in value) throw DEFER;
    if (this.seen.has(value)) throw DEFER;
    this.seen.add(value);
    return isArray ? undefined : Object.keys(value);
  }

  /** A collection's items at `depth`, the first one where the output stands. */
  protected collection(keys: string[] | undefined, value: any, depth: number): void {
    const chunks = this.chunks;
    grow(depth + 1);
    const lineBreak = BREAKS[depth];
    if (keys === undefined) {
      for (let i = 0; i < value.length; i++) {
        chunks.push(i > 0 ? lineBreak + '- ' : '- ');
        this.item(value[i], depth + 1, false);
      }
      return;
    }
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) chunks.push(lineBreak);
      this.entry(keys[i], value[keys[i]], depth);
    }
  }

  /** A map entry's value (after `key:`, `inMap`) or a sequence item (after `- `), its nested lines at `depth`. */
  protected item(value: unknown, depth: number, inMap: boolean): void {
    const chunks = this.chunks;
    switch (typeof value) {
      case 'string':
        if (inMap) chunks.push(' ');
        chunks.push(this.scalar(value, depth));
        return;
      case 'number':
        if (inMap) chunks.push(' ');
        chunks.push(this.number(value));
        return;
      case 'boolean':
        if (inMap) chunks.push(' ');
        chunks.push(value ? 'true' : 'false');
        return;
      case 'object':
        break;
      default:
        throw DEFER;
    }
    if (value === null) {
      chunks.push(inMap ? ' null' : 'null');
      return;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return this.other(value, depth, inMap);
    const keys = this.enter(value);
    if ((keys ?? (value as unknown[])).length === 0) {chunks.push(inMap ? (keys ? ' {}' : ' []') : (keys ? '{}' : '[]'));} else {
      if (inMap) chunks.push(BREAKS[depth]);
      this.collection(keys, value, depth);
    }
  }
}

/** The multi-document YAML cdk8s' Yaml.stringify writes for these documents, byte for byte, faster. */
export function stringifyManifests(docs: readonly any[]): string {
  const writer = new YamlWriter();
  docs.forEach((doc, i) => {
    if (i > 0) writer.write('---\n');
    if (doc === undefined) writer.write('\n');
    else if (!writer.document(doc)) writer.write(Yaml.stringify(doc));
  });
  return writer.text();
}

/** How many of these documents the fast path writes itself (the rest go to yaml). */
export function _fastPathDocuments(docs: readonly any[]): number {
  const writer = new YamlWriter();
  return docs.filter(doc => doc !== undefined && writer.document(doc)).length;
}
