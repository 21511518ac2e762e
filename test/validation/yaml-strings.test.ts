import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { marker } from '../../src/_markers';
import { yamlKeyProblem, yamlStringProblem } from '../../src/validation/_yaml-strings';

/** `FC_RUNS` sets how many cases each property runs, `FC_SEED` replays a failure (fast-check prints its seed). */
const PARAMS = { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

const READERS: { [name: string]: (file: string) => unknown[] } = {
  'yaml 1.2': file => YAML.parseAllDocuments(file).map(d => {
    if (d.errors.length > 0) throw d.errors[0];
    return d.toJS();
  }),
  'yaml 1.1': file => YAML.parseAllDocuments(file, { version: '1.1' }).map(d => {
    if (d.errors.length > 0) throw d.errors[0];
    return d.toJS();
  }),
  'js-yaml': file => jsyaml.loadAll(file),
};

/** What the file cdk8s writes for `docs` holds: its UTF-8 bytes, read back. */
function fileOf(...docs: unknown[]): string {
  return Buffer.from(Yaml.stringify(...docs), 'utf8').toString('utf8');
}

/** The readers that do not read `docs` back exactly from their file. */
function misreaders(...docs: unknown[]): string[] {
  const file = fileOf(...docs);
  return Object.entries(READERS).filter(([, read]) => {
    try {
      expect(read(file)).toStrictEqual(docs);
      return false;
    } catch {
      return true;
    }
  }).map(([name]) => name);
}

function expectRoundTrip(...docs: unknown[]): void {
  const file = fileOf(...docs);
  for (const [name, read] of Object.entries(READERS)) {
    let back: unknown;
    try {
      back = read(file);
    } catch (e) {
      throw new Error(`${name} cannot read what cdk8s wrote: ${(e as Error).message}\n${JSON.stringify(file)}`);
    }
    expect({ reader: name, docs: back }).toStrictEqual({ reader: name, docs });
  }
}

const LONG_LINE = 'This is the first line of a long configuration file that goes on and on';

/** A string inside a long multi-line one, which cdk8s writes as a block scalar when it can. */
function script(s: string): string {
  return `#!/bin/sh\n# ${LONG_LINE}\necho start\n${s}\necho done ${s}\n`;
}

/** A Deployment and a ConfigMap holding `s` as a label, an annotation, a command arg, an env value, ConfigMap data and (when `asKey`) keys. */
function manifestsHolding(s: string, asKey = true): unknown[] {
  const keyed = asKey ? { [s]: s } : {};
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': s }, annotations: { 'example.com/note': s, ...keyed } },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'main', image: 'nginx:1.25', command: ['/bin/sh', '-c', s], env: [{ name: 'GREETING', value: s }] }] },
        },
      },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { 'script.sh': script(s), 'value': s, ...keyed } },
  ];
}

/** Strings every reader reads back exactly, as values and as keys. */
const ACCEPTED: [string, string][] = [
  ...Array.from({ length: 0x20 }, (_, c) => c)
    .filter(c => c !== 0x09 && c !== 0x0a && c !== 0x0d)
    .map((c): [string, string] => [`C0 control U+${c.toString(16).toUpperCase().padStart(4, '0')}`, `a${String.fromCharCode(c)}b`]),
  ['a tab', 'a\tb'],
  ['a leading tab', '\tx'],
  ['a trailing tab', 'x\t'],
  ['only a tab', '\t'],
  ['a tab starting a later line', 'a\n\tb'],
  ['a LF', 'a\nb'],
  ['a leading LF', '\na'],
  ['a trailing LF', 'a\n'],
  ['two trailing LFs', 'a\n\n'],
  ['only a LF', '\n'],
  ['a CR', 'a\rb'],
  ['a CRLF', 'a\r\nb'],
  ['a trailing CRLF', 'a\r\n'],
  ['a line of two spaces in a double-quoted string', `${LONG_LINE}\u0001\n  \nb`],
  ['a line of one space in a block scalar', 'a\n \nb'],
  ['U+00A0 (no-break space)', 'a\u00a0b'],
  ['only U+00A0', '\u00a0'],
  ['U+FEFF (byte order mark) inside', 'a\ufeffb'],
  ['U+FFFD (replacement character)', 'a\ufffdb'],
  ['an emoji', 'a\u{1F600}b'],
  ['U+10FFFF', 'a\u{10FFFF}b'],
  ['astral noncharacter U+1FFFE', 'a\u{1FFFE}b'],
  ['astral private use U+F0000', 'a\u{F0000}b'],
  ['private use U+E002', 'a\ue002b'],
  ['private use U+F8FF', 'a\uf8ffb'],
  ['a leading space', ' a'],
  ['a trailing space', 'a '],
  ['only spaces', '   '],
  ['only whitespace', ' \t \n '],
  ['the empty string', ''],
  ...['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'Yes', 'NO', 'True', 'false', '~', 'null', 'Null', 'NULL',
    '1e3', '1E3', '0x1F', '012', '019', '1_000', '+1', '.5', '1.', '.inf', '-.Inf', '.nan', '0b101', '1.2.3',
    '2024-01-01', '2024-1-1', '2024-01-01T10:00:00Z', '2024-01-01 10:00:00', '1:20', '190:20:30', '=',
    '-', '?', ':', '#', 'a #b', 'a: b', '- a', '---', '...', '%x', '@x', '!x', '&x', '*x', '|', '>', '{', '[', "'", '"', 'a,b']
    .map((s): [string, string] => [`'${s}'`, s]),
];

/** Strings refused wherever they are, as values and as keys, with the exact problem. */
const REFUSED: [string, string, string][] = [
  ['DEL U+007F', 'a\u007fb', 'holds U+007F (delete) at index 1, which cdk8s writes unescaped and YAML readers (kubectl, Argo CD, Flux) refuse as a control character, failing the whole file; remove it or escape it in the application'],
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i).filter(c => c !== 0x85).map((c): [string, string, string] => {
    const hex = c.toString(16).toUpperCase();
    return [`C1 control U+00${hex}`, `ab${String.fromCharCode(c)}`, `holds U+00${hex} (C1 control) at index 2, which cdk8s writes unescaped and YAML readers (kubectl, Argo CD, Flux) refuse as a control character, failing the whole file; remove it or escape it in the application`];
  }),
  ['NEL U+0085', 'a\u0085b', 'holds U+0085 (next line) at index 1, which YAML 1.1 readers (kubectl, Argo CD, Flux) read as a line break; remove it or escape it in the application'],
  ['U+2028', 'first line\u2028second', 'holds U+2028 (line separator) at index 10, which YAML 1.1 readers (kubectl, Argo CD, Flux) read as a line break; remove it or escape it in the application'],
  ['U+2029', '\u2029', 'holds U+2029 (paragraph separator) at index 0, which YAML 1.1 readers (kubectl, Argo CD, Flux) read as a line break; remove it or escape it in the application'],
  ['U+FFFE', 'a\ufffe', 'holds U+FFFE (noncharacter) at index 1, which YAML readers (kubectl, Argo CD, Flux) refuse, failing the whole file; remove it'],
  ['U+FFFF', '\uffffa', 'holds U+FFFF (noncharacter) at index 0, which YAML readers (kubectl, Argo CD, Flux) refuse, failing the whole file; remove it'],
  ['a lone high surrogate', 'a\ud800b', 'holds U+D800 (unpaired surrogate) at index 1, which UTF-8 cannot encode and YAML readers (kubectl, Argo CD, Flux) refuse even escaped; remove it or pair it'],
  ['a lone low surrogate', 'a\udfff', 'holds U+DFFF (unpaired surrogate) at index 1, which UTF-8 cannot encode and YAML readers (kubectl, Argo CD, Flux) refuse even escaped; remove it or pair it'],
  ['surrogates in the wrong order', '\u{1F600}\udc00\ud800', 'holds U+DC00 (unpaired surrogate) at index 2, which UTF-8 cannot encode and YAML readers (kubectl, Argo CD, Flux) refuse even escaped; remove it or pair it'],
  ['U+E000 (release marker)', 'a\ue000b', 'holds U+E000 (release marker) at index 1, a private-use character the library reserves for release markers, which must never ship; remove it'],
  ['U+E001 (release marker)', 'a\ue001b', 'holds U+E001 (release marker) at index 1, a private-use character the library reserves for release markers, which must never ship; remove it'],
  ['an unresolved release marker', `${marker('release')}-web`, 'holds U+E000 (release marker) at index 0, a private-use character the library reserves for release markers, which must never ship; remove it'],
  ...['0o17', '-0o17', '+0o17', '0O17', '0o1_7', '0X1F', '0B101', '+_1', '-_1', '1e3_', '1_e_3', '0_x1F', '+_.5', '2024-01-01T10:00:00,5Z']
    .map((s): [string, string, string] => [`'${s}'`, s, 'is written unquoted by cdk8s, yet YAML readers (kubectl, Argo CD, Flux) read it as a number or a timestamp, not a string; change its spelling']),
];

/** Strings refused as values (or array items), but read back exactly as keys, which cdk8s never folds nor writes as block scalars. */
const REFUSED_AS_VALUES: [string, string, string][] = [
  ['a line of one space in a folded double-quoted string', `${LONG_LINE}\u0001\n \nb`, `holds a line of one space at index ${LONG_LINE.length + 2} in a string that cdk8s writes double-quoted over several lines, where its serializer turns that space into a backslash; remove the space or put more on that line`],
  ['a line of one space in a string ending in blanks', `${LONG_LINE}\n \n `, `holds a line of one space at index ${LONG_LINE.length + 1} in a string that cdk8s writes double-quoted over several lines, where its serializer turns that space into a backslash; remove the space or put more on that line`],
  ['a tab starting a block scalar', '\tindented\nnext', 'holds a tab at index 0, starting the first non-empty line of a string that cdk8s writes as a block scalar, which go-yaml (kubectl, Argo CD, Flux) refuses there, failing the whole file; start that line with another character'],
  ['a tab starting a block scalar after empty lines', '\n\n\tindented\nnext', 'holds a tab at index 2, starting the first non-empty line of a string that cdk8s writes as a block scalar, which go-yaml (kubectl, Argo CD, Flux) refuses there, failing the whole file; start that line with another character'],
];

/** Strings read back exactly as values, refused as keys. */
const REFUSED_AS_KEYS: [string, string, string][] = [
  ["'<<'", '<<', "is the merge key '<<', which cdk8s writes unquoted and YAML 1.1 readers (kubectl, Argo CD, Flux) and js-yaml merge, failing the file; rename the key"],
  ['a string starting with a BOM', '\ufeffkey', 'holds U+FEFF (byte order mark) at index 0, which YAML readers drop where a key starts the file; remove it'],
  ['a BOM alone', '\ufeff', 'holds U+FEFF (byte order mark) at index 0, which YAML readers drop where a key starts the file; remove it'],
];

describe('yamlStringProblem', () => {
  test.each(ACCEPTED)('accepts %s, which every reader reads back', (_, s) => {
    expect(yamlStringProblem(s)).toBeUndefined();
    expect(yamlKeyProblem(s)).toBeUndefined();
    expectRoundTrip({ k: s });
    expectRoundTrip({ [s]: 'v' });
    expectRoundTrip({ k: [s] });
    expectRoundTrip({ k: script(s) });
    expectRoundTrip(...manifestsHolding(s));
  });

  test.each(REFUSED)('fails when a string holds %s', (_, s, problem) => {
    expect(yamlStringProblem(s)).toBe(problem);
    expect(yamlKeyProblem(s)).toBe(problem);
  });

  test.each(REFUSED_AS_VALUES)('fails when a value holds %s', (_, s, problem) => {
    expect(yamlStringProblem(s)).toBe(problem);
    expect(yamlKeyProblem(s)).toBeUndefined();
    expectRoundTrip({ [s]: 'v' });
  });

  test.each(REFUSED_AS_KEYS)('fails when a key is %s', (_, s, problem) => {
    expect(yamlKeyProblem(s)).toBe(problem);
    expect(yamlStringProblem(s)).toBeUndefined();
    expectRoundTrip({ k: s });
    expectRoundTrip({ k: [s] });
    expectRoundTrip(...manifestsHolding(s, false));
  });

  test('names the first refused character, and never the string', () => {
    const secret = 'hunter2\u2028\u007f';
    expect(yamlStringProblem(secret)).toMatch(/^holds U\+2028 \(line separator\) at index 7, /);
    expect(yamlStringProblem(secret)).not.toContain('hunter2');
  });

  test('the refused numbers are those cdk8s writes unquoted', () => {
    for (const s of ['0o17', '0X1F', '+_1', '2024-01-01T10:00:00,5Z']) expect(Yaml.stringify({ k: s })).toBe(`k: ${s}\n`);
  });

  test('reads of refused strings that a JavaScript reader gets wrong too', () => {
    expect(misreaders({ k: '0o17' })).toEqual(['yaml 1.2', 'js-yaml']);
    expect(misreaders({ k: 'a\uffffb' })).toEqual(['js-yaml']);
    expect(misreaders({ k: `${LONG_LINE}\u0001\n \nb` })).toEqual(['yaml 1.2', 'yaml 1.1', 'js-yaml']);
    expect(misreaders({ '<<': 'v' })).toEqual(['yaml 1.1', 'js-yaml']);
    expect(misreaders({ '\ufeffkey': 'v' })).toEqual(['yaml 1.2', 'yaml 1.1', 'js-yaml']);
  });

  test('typical strings never reach the serializer', () => {
    const stringify = jest.spyOn(Yaml, 'stringify');
    const typical = ['web', 'nginx:1.25.3', 'app.kubernetes.io/name', '/var/run/app', '100m', '256Mi', '8080', '0.5', 'true', '1.2.3',
      '2024-01-01T10:00:00Z', '--port=8080', 'postgres://db:5432/app', 'hello world', 'a\nb', 'line one\n  indented\n'];
    for (const s of typical) {
      expect(yamlStringProblem(s)).toBeUndefined();
      expect(yamlKeyProblem(s)).toBeUndefined();
    }
    expect(stringify).not.toHaveBeenCalled();
    stringify.mockRestore();
  });
});

/** Code points of every kind, lone surrogates and the characters that shape YAML. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(' ', ' ', '\n', '\n', '\t', '\r', '\\', '"', "'", ':', '#', '-', '?', '|', '>', '%', '<', '=', '0', '1', '.', 'e', 'a', 'x'.repeat(20)) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\ue000', '\ue001', '\ue002') },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map(c => String.fromCharCode(c)) },
);
/** Spellings of numbers, timestamps and their near misses. */
const numberish = fc.string({ unit: fc.constantFrom('0', '1', '7', '9', 'x', 'X', 'o', 'O', 'b', 'B', '_', '.', 'e', 'E', '+', '-', 'f', ':', 'T', 'Z', ',', ' '), minLength: 1, maxLength: 10 });
const timestampish = fc.tuple(fc.constantFrom('2024-01-01', '2024-1-1'), fc.string({ unit: fc.constantFrom('T', 't', ' ', '1', '0', ':', '.', ',', 'Z', '+', '-'), maxLength: 14 })).map(([d, t]) => d + t);
const anyString = fc.oneof(fc.string({ unit, maxLength: 40 }), fc.string({ unit, minLength: 40, maxLength: 120 }), numberish, timestampish);

describe('strings yamlStringProblem accepts', () => {
  test('read back exactly as values, in arrays and as keys', () => {
    fc.assert(fc.property(anyString, s => {
      if (yamlStringProblem(s) === undefined) {
        expectRoundTrip({ k: s });
        expectRoundTrip({ k: [s] });
      }
      if (yamlKeyProblem(s) === undefined) expectRoundTrip({ [s]: 'v' });
    }), PARAMS);
  });

  test('read back exactly inside a long multi-line string', () => {
    fc.assert(fc.property(anyString, s => {
      if (yamlStringProblem(script(s)) === undefined) expectRoundTrip({ k: script(s) });
    }), PARAMS);
  });

  test('every spelling of the YAML 1.1 schema is quoted by cdk8s', () => {
    const spelling = fc.oneof(
      fc.stringMatching(/^[-+]?(?:0b[01_]+|0x[\da-fA-F_]+|\d[\d_]*(?::[0-5]?\d)*(?:\.[\d_]*)?|(?:\d[\d_]*)?\.[\d_]*|(?:\d[\d_]*)?(?:\.[\d_]*)?[eE][-+]?\d+)$/),
      fc.stringMatching(/^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:[ \t]*(?:Z|[-+][012]?\d(?::\d{2})?))?)?$/),
    );
    fc.assert(fc.property(spelling, s => {
      expect(Yaml.stringify({ k: s })).not.toBe(`k: ${s}\n`);
      expect(yamlStringProblem(s)).toBeUndefined();
    }), PARAMS);
  });
});
