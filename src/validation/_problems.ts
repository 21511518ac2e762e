import { printable, showJson } from '../_errors';

/** One problem at one place of a manifest. */
export interface Problem {
  /** JSON path of the field, e.g. `spec.template.spec.containers[0].image`; '' is the object itself. */
  readonly path: string;
  /** What is wrong, in the library's style: `must be …, got …`. */
  readonly reason: string;
}

/** What a check of one manifest reports into. */
export interface Report {
  readonly problems: Problem[];
  /** Values are secret (a Secret's data): never shown. */
  readonly secret: boolean;
}

/** The path of `key` below `at`: `a.b`, or `a["b c"]` for keys that are not identifiers. */
export function child(at: string, key: string): string {
  // manifests of one kind share their paths: each is made once, not for every field of every object
  let below = PATHS.get(at);
  const known = below?.get(key);
  if (known !== undefined) return known;
  const path = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? (at === '' ? key : `${at}.${key}`) : `${at}[${showJson(key)}]`;
  if (pathCount >= PATHS_MAX) {
    PATHS.clear();
    pathCount = 0;
    below = undefined;
  }
  if (below === undefined) PATHS.set(at, (below = new Map()));
  below.set(key, path);
  pathCount++;
  return path;
}

/** The path of item `i` of the list at `at`: `a[0]`. */
export function itemPath(at: string, i: number): string {
  let below = ITEMS.get(at);
  const known = below?.[i];
  if (known !== undefined) return known;
  if (ITEMS.size >= PATHS_MAX) ITEMS.clear();
  if (!ITEMS.has(at)) ITEMS.set(at, (below = []));
  return (below![i] = `${at}[${i}]`);
}

/** Paths of list items made already, by the list's path. */
const ITEMS = new Map<string, string[]>();
/** Paths made already, by the path above and the key (a pure function's results, bounded). */
const PATHS = new Map<string, Map<string, string>>();
const PATHS_MAX = 65_536;
let pathCount = 0;

/** A value for a reason: strings quoted and cut at 60 characters, secrets never shown. */
export function shown(value: unknown, report: Report): string {
  if (typeof value === 'string') {
    if (report.secret) return `a ${value.length}-character string (not shown)`;
    return `'${printable(value.length > 60 ? `${value.slice(0, 60)}…` : value)}'`;
  }
  if (report.secret && value !== null && value !== undefined) return `a ${typeof value} (not shown)`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/**
 * The closest of `candidates` to `key`, for "did you mean": case-insensitive,
 * at most two edits away (one for short keys), or with the letters of one
 * in the order of the other and at most four more (`workDir`, `workingDir`).
 */
export function nearest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const d = distance(lower, other);
    const close = d <= (lower.length < 5 ? 1 : 2)
      || (lower.length >= 4 && Math.abs(lower.length - other.length) <= 4 && (isSubsequence(lower, other) || isSubsequence(other, lower)));
    if (close && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[i][j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
