/**
 * Markers stand, inside any string of a manifest, for text that depends on
 * the Helm release: a release-qualified name, the release name or namespace,
 * a value. They are made of two private-use characters around a token, which
 * no Kubernetes field accepts, so a marker that escapes resolution fails
 * validation loudly rather than shipping.
 *
 * Tokens: `name:<n>` the release-qualified name of `n`; `release`; `namespace`;
 * `hashed:<key>` the name of a content-hashed object; `value:<path>` a value.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000([^\uE000\uE001]*)\uE001/g;

/** A marker, parsed. */
export interface Token {
  readonly type: 'name' | 'release' | 'namespace' | 'hashed' | 'value';
  readonly arg: string;
}

export function marker(type: Token['type'], arg = ''): string {
  return `${OPEN}${type}:${arg}${CLOSE}`;
}

export function hasMarker(value: unknown): value is string {
  return typeof value === 'string' && value.includes(OPEN);
}

/** The literal text and markers of a string, in order (empty literals dropped). */
export function splitMarkers(value: string): (string | Token)[] {
  const out: (string | Token)[] = [];
  let last = 0;
  for (const m of value.matchAll(MARKER)) {
    if (m.index! > last) out.push(value.slice(last, m.index));
    const colon = m[1].indexOf(':');
    out.push({ type: m[1].slice(0, colon) as Token['type'], arg: m[1].slice(colon + 1) });
    last = m.index! + m[0].length;
  }
  if (last < value.length) out.push(value.slice(last));
  return out;
}

/** Replaces every marker of a string with the text `resolve` gives it. */
export function replaceMarkers(value: string, resolve: (token: Token) => string): string {
  return splitMarkers(value).map(p => (typeof p === 'string' ? p : resolve(p))).join('');
}

/**
 * A string as the checks of a construct's props see it: a qualified name as
 * the bare name, anything else as `x`. Release prefixes are checked when a
 * release is rendered.
 */
export function withoutMarkers(value: string): string {
  return hasMarker(value) ? replaceMarkers(value, t => (t.type === 'name' ? t.arg : 'x')) : value;
}

/** Sets a key of a JSON object as JSON.parse would: `__proto__` too is an own key, not the prototype. */
export function setKey(object: any, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * A JSON value with every string holding a marker replaced by what `f`
 * makes of it (keys are left as they are). Objects and arrays without a
 * marker are returned as they are, not copied.
 */
export function mapMarked(value: any, f: (s: string) => any): any {
  if (hasMarker(value)) return f(value);
  if (Array.isArray(value)) {
    let out: any[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const mapped = mapMarked(value[i], f);
      if (mapped !== value[i] && out === undefined) out = value.slice(0, i);
      out?.push(mapped);
    }
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    let out: any;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const v = value[keys[i]];
      const mapped = mapMarked(v, f);
      if (mapped !== v && out === undefined) {
        out = {};
        for (let j = 0; j < i; j++) setKey(out, keys[j], value[keys[j]]);
      }
      if (out !== undefined) setKey(out, keys[i], mapped);
    }
    return out ?? value;
  }
  return value;
}

/** Set on an App that resolves markers when it renders (PatternsApp). */
export const RESOLVES_MARKERS = Symbol.for('cdk8s-patterns.resolves-markers');

/** The JSON path of the first string holding a marker in a JSON value, if any. */
export function firstMarked(value: any, at = ''): string | undefined {
  if (hasMarker(value)) return at;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = firstMarked(item, `${at}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = hasMarker(key) ? `${at}.${key}` : firstMarked(item, at === '' ? key : `${at}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
