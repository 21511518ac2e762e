import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { checkDnsSubdomain, checkOptionalType } from '../_validate';
import { describeValueKind } from './_value-kind';

/** What Kubernetes accepts as a ConfigMap or Secret key (IsConfigMapKey). */
const KEY = /^[-._a-zA-Z0-9]+$/;
const KEY_RULE = "at most 253 letters, digits, '-', '_' and '.', neither '.' nor starting with '..'";

/** The most data a ConfigMap or a Secret holds, in bytes. */
const MAX_BYTES = 1024 * 1024;

/** The '-' and the 10 characters of the content hash appended to a base name. */
const SUFFIX_LENGTH = 11;

/** kustomize's substitutions, so that a hash never reads as a word. */
const NO_VOWELS: { [hex: string]: string } = { 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' };

/** Whether a string is a ConfigMap or Secret key. */
export function isConfigKey(key: unknown): boolean {
  return typeof key === 'string' && key.length <= 253 && KEY.test(key) && key !== '.' && !key.startsWith('..');
}

/** A ConfigMap or Secret key, e.g. the key an injection reads. */
export function checkConfigKey(scope: IConstruct, field: string, key: string): void {
  if (!isConfigKey(key)) fail(scope, field, `must be a ConfigMap or Secret key (${KEY_RULE}), got ${show(key)}`);
}

/** A list of ConfigMap or Secret keys, at least one. */
export function checkConfigKeys(scope: IConstruct, field: string, keys: string[]): void {
  if (!Array.isArray(keys) || keys.length === 0) fail(scope, field, `must list at least one key, got ${show(keys)}`);
  for (const key of keys) {
    if (!isConfigKey(key)) fail(scope, field, `must only hold ConfigMap or Secret keys (${KEY_RULE}), got ${show(key)}`);
  }
}

/** The keys of the data of a ConfigMap or Secret: at least one, each a valid key. The values are not shown. */
export function checkDataKeys(scope: IConstruct, data: object): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail(scope, 'data', `must be an object of keys and their values, got ${describeValueKind(data)}`);
  }
  const keys = Object.keys(data);
  if (keys.length === 0) fail(scope, 'data', 'must hold at least one key, got {}');
  for (const key of keys) {
    if (!isConfigKey(key)) fail(scope, 'data', `must only have ConfigMap or Secret keys (${KEY_RULE}), got ${show(key)}`);
  }
  return keys;
}

/** The size of the data of a ConfigMap or Secret, in bytes as the API server counts them, within 1 MiB. */
export function checkDataSize(scope: IConstruct, kind: string, bytes: number): void {
  if (bytes > MAX_BYTES) {
    fail(scope, 'data', `must hold at most ${MAX_BYTES} bytes (1 MiB), the most a ${kind} can hold, got ${bytes} bytes`);
  }
}

/** The options of an environment variable read from a key. */
export function checkEnvValueOptions(scope: IConstruct, options: unknown): void {
  checkOptionalType(scope, 'options', options, 'object');
  checkOptionalType(scope, 'options.optional', (options as { optional?: unknown } | undefined)?.optional, 'boolean');
}

/**
 * The base name of a hashed object: a DNS-1123 subdomain short enough to
 * take the `-<hash>` suffix within the 253 characters of an object name.
 */
export function checkBaseName(scope: IConstruct, field: string, name: string): void {
  checkDnsSubdomain(scope, field, name);
  if (name.length > 253 - SUFFIX_LENGTH) {
    fail(scope, field, `must be at most ${253 - SUFFIX_LENGTH} characters, to leave room for the '-' and the 10-character content hash, got ${name.length} characters`);
  }
}

/**
 * The content hash kustomize's configMapGenerator and secretGenerator append
 * to a name (kustomize v5): the first 10 hex digits of the SHA-256 of the
 * object's kind, data (and type for a Secret) in Go's JSON encoding, with
 * 0, 1, 3, a and e replaced by g, h, k, m and t.
 *
 * @param kind `ConfigMap` or `Secret`
 * @param data the data as rendered: plain strings for a ConfigMap, base64 for a Secret
 * @param type the type of a Secret
 */
export function contentHash(kind: string, data: { [key: string]: string }, type?: string): string {
  // Built by hand: Go sorts map keys bytewise, JavaScript puts integer-like keys first.
  const entries = Object.keys(data).sort().map(key => `${JSON.stringify(key)}:${JSON.stringify(data[key])}`);
  const typeField = type === undefined ? '' : `,"type":${JSON.stringify(type)}`;
  const json = `{"data":{${entries.join(',')}},"kind":${JSON.stringify(kind)},"name":""${typeField}}`;
  const goJson = json.replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const hex = createHash('sha256').update(goJson, 'utf8').digest('hex');
  return hex.slice(0, 10).replace(/[013ae]/g, c => NO_VOWELS[c]);
}
