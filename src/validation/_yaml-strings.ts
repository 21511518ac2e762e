/**
 * Which strings survive the trip through the YAML files the library writes.
 *
 * cdk8s writes every manifest with `Yaml.stringify` (the `yaml` package with
 * `{ version: '1.1', lineWidth: 0 }`), and its output is kept byte for byte.
 * GitOps tools read those files with go-yaml: kubectl and Argo CD through
 * sigs.k8s.io/yaml (go-yaml v2, YAML 1.1), Flux through go-yaml v3. A string
 * is accepted when `yaml` (1.2 and 1.1), js-yaml, go-yaml v2 and go-yaml v3
 * all read exactly that string back from the UTF-8 file cdk8s writes, as a map
 * value, an array item, a map key and inside a long multi-line string (a
 * block scalar); otherwise it is refused with a problem that names the
 * character by code point and UTF-16 index, never the string (it may be a
 * secret). Keys have a rule of their own, {@link yamlKeyProblem}: "(values)"
 * and "(keys)" below mark what only one of them refuses.
 *
 * | class | decision | why |
 * | --- | --- | --- |
 * | C0 controls U+0000-U+0008, U+000B-U+001F, CR, `\r\n` | accepted | cdk8s double-quotes the string and escapes them (`\0`, `\x01`, `\r`, `\e`); every reader unescapes them |
 * | tab, LF, a trailing LF, leading, trailing or only spaces | accepted | written plain, quoted or as a block scalar with the right chomping; every reader agrees |
 * | a tab starting the first non-empty line of a block scalar (`"\tx\ny"`) | refused (values) | go-yaml guesses the indentation from that line and fails the file ("found a tab character where an indentation space is expected") |
 * | a line of one space (`\n \n`) in a string cdk8s double-quotes and folds (one with a C0 control, ending in a line of blanks, or only whitespace) | refused (values) | its serializer writes `\\ ` there, which every reader reads as a backslash; keys are never folded |
 * | DEL U+007F, C1 U+0080-U+009F but U+0085 | refused | cdk8s double-quotes but does not escape them; go-yaml fails the file ("control characters are not allowed") |
 * | NEL U+0085 | refused | written raw; go-yaml reads a line break: `a b` comes back, and a key fails the file |
 * | U+2028, U+2029 | refused | written raw; go-yaml reads a line break and fails the file ("could not find expected ':'"). It keeps them only in a value cdk8s double-quotes for a C0 control it also holds: refused everywhere all the same, for one predictable rule |
 * | U+00A0, U+FFFD, BOM U+FEFF inside a string | accepted | written raw; every reader keeps them |
 * | BOM U+FEFF starting a key | refused (keys) | every reader drops a BOM that starts the file, so the first key of a file would lose it |
 * | U+FFFE, U+FFFF | refused | written raw; go-yaml and js-yaml fail the file |
 * | unpaired surrogates U+D800-U+DFFF | refused | written as `\ud800`, which go-yaml refuses; UTF-8 cannot encode them at all |
 * | paired surrogates: emoji, U+10000-U+10FFFF (their noncharacters and private use too) | accepted | written raw as 4-byte UTF-8; every reader keeps them |
 * | private use U+E000, U+E001 | refused | the library's release markers: one that reaches a manifest was never resolved |
 * | other private use, U+E002-U+F8FF | accepted | written raw; every reader keeps them |
 * | `yes` `no` `on` `off` `y` `n` `~` `null` `1e3` `0x1F` `012` `1_000` `.inf` `2024-01-01` `1:20` and the like | accepted | cdk8s quotes every spelling its YAML 1.1 schema resolves |
 * | `=`, and `<<` as a value | accepted | written plain; none of the readers above types them |
 * | `0o17`, `-0o17`, `0O17`, `0X1F`, `0B101`, `+_1`, `1e3_`, `0_x1F`, `2024-01-01T10:00:00,5Z` and the like | refused | written plain (the YAML 1.1 schema does not know them), but go-yaml (`strconv.ParseInt(s, 0, 64)` once every `_` is dropped), `yaml` 1.2 or js-yaml read a number or a timestamp |
 * | `<<` as a key | refused (keys) | written plain; YAML 1.1 readers and js-yaml take it for a merge key and fail the file |
 *
 * PyYAML, not among those readers, misreads more: a tab inside a plain scalar
 * (a scanner error) and a bare `=` or `<<` value (no constructor for
 * `tag:yaml.org,2002:value` or `merge`); they are accepted all the same.
 */
import { Yaml } from 'cdk8s';

/** Characters refused wherever they are: lone surrogates only, as `u` pairs the others. */
const BAD_CHAR = /[\u007f-\u009f\u2028\u2029\ue000\ue001\ufffe\uffff\ud800-\udfff]/u;
/**
 * What a first glance refuses outright or looks at closer: a refused
 * character, a line of one space, a leading tab, and anything a reader might
 * take for a number or a timestamp.
 */
const SUSPECT = new RegExp(`${BAD_CHAR.source}|\\n \\n|^\\n*\\t|^[-+.\\d][-+.\\d_a-fA-FxXoOtTzZ:, \\t]*$`, 'u');

/**
 * Plain scalars that go-yaml (v2 and v3: `strconv.ParseInt(s, 0, 64)` and
 * `ParseFloat` after dropping every `_`, `0o`, timestamps with a `,`
 * fraction), `yaml` 1.2 (`0o17`) or js-yaml (signs and `_` in `0o`) read as
 * a number or a timestamp. Ranges are not checked: a spelling past 64 bits or
 * an impossible date is refused too.
 */
const GO_NUMBER = /^[-+]?(?:0[xX][\da-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?)$/;
const DOT_NUMBER = /^\.[\d_]+(?:[eE][-+]?\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{1,2}:\d{1,2}(?:[.,]\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?$/;
/**
 * The ints, floats and timestamps of the YAML 1.1 schema of cdk8s'
 * serializer (`yaml/dist/schema/yaml-1.1/{int,float,timestamp}.js`), which
 * it always quotes: a shortcut past asking it (the test pins that it does).
 */
const YAML11_NUMBER = /^[-+]?(?:0b[01_]+|0x[\da-fA-F_]+|\d[\d_]*(?::[0-5]?\d)*(?:\.[\d_]*)?|(?:\d[\d_]*)?\.[\d_]*|(?:\d[\d_]*)?(?:\.[\d_]*)?[eE][-+]?\d+)$|^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:[ \t]*(?:Z|[-+][012]?\d(?::\d{2})?))?)?$/;

const NAMES: { [code: number]: string } = {
  0x7f: 'delete',
  0x85: 'next line',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0xe000: 'release marker',
  0xe001: 'release marker',
  0xfeff: 'byte order mark',
  0xfffe: 'noncharacter',
  0xffff: 'noncharacter',
};

/**
 * Why `value`, as a map value or an array item anywhere in a manifest, would
 * not read back exactly, e.g. `holds U+2028 (line separator) at index 12,
 * which YAML 1.1 readers (kubectl, Argo CD, Flux) read as a line break;
 * remove it or escape it in the application`; `undefined` when it is safe.
 */
export function yamlStringProblem(value: string): string | undefined {
  if (!SUSPECT.test(value)) return undefined;
  return charProblem(value) ?? foldProblem(value) ?? blockTabProblem(value) ?? numberProblem(value);
}

/**
 * Why `key`, as a map key, would not read back exactly; `undefined` when it
 * is safe. Keys follow the rule of values, except that they are never folded
 * (a line of one space is safe) and that `<<` and a leading BOM are refused.
 */
export function yamlKeyProblem(key: string): string | undefined {
  if (key === '<<') {
    return "is the merge key '<<', which cdk8s writes unquoted and YAML 1.1 readers (kubectl, Argo CD, Flux) and js-yaml merge, failing the file; rename the key";
  }
  if (key.startsWith('\ufeff')) {
    return `holds ${describe(0xfeff)} at index 0, which YAML readers drop where a key starts the file; remove it`;
  }
  if (!SUSPECT.test(key)) return undefined;
  return charProblem(key) ?? numberProblem(key);
}

function charProblem(s: string): string | undefined {
  const m = BAD_CHAR.exec(s);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!;
  const at = `holds ${describe(code)} at index ${m.index}`;
  if (code === 0x85 || code === 0x2028 || code === 0x2029) {
    return `${at}, which YAML 1.1 readers (kubectl, Argo CD, Flux) read as a line break; remove it or escape it in the application`;
  }
  if (code <= 0x9f) {
    return `${at}, which cdk8s writes unescaped and YAML readers (kubectl, Argo CD, Flux) refuse as a control character, failing the whole file; remove it or escape it in the application`;
  }
  if (code === 0xfffe || code === 0xffff) {
    return `${at}, which YAML readers (kubectl, Argo CD, Flux) refuse, failing the whole file; remove it`;
  }
  if (code === 0xe000 || code === 0xe001) {
    return `${at}, a private-use character the library reserves for release markers, which must never ship; remove it`;
  }
  return `${at}, which UTF-8 cannot encode and YAML readers (kubectl, Argo CD, Flux) refuse even escaped; remove it or pair it`;
}

/** A line of one space, which cdk8s' serializer turns into `\\ ` when it folds a double-quoted string. */
function foldProblem(s: string): string | undefined {
  const at = s.indexOf('\n \n');
  if (at === -1) return undefined;
  const out = Yaml.stringify({ k: s });
  const foldedDoubleQuoted = out.startsWith('k: "') && out.indexOf('\n') < out.length - 1;
  if (!foldedDoubleQuoted) return undefined;
  return `holds a line of one space at index ${at + 1} in a string that cdk8s writes double-quoted over several lines, where its serializer turns that space into a backslash; remove the space or put more on that line`;
}

/** go-yaml guesses a block scalar's indentation from its first line, and refuses a tab there. */
function blockTabProblem(s: string): string | undefined {
  const tab = /^\n*\t/.exec(s);
  if (!tab || !s.includes('\n') || !/^k: [|>][-+]?\n/.test(Yaml.stringify({ k: s }))) return undefined;
  return `holds a tab at index ${tab[0].length - 1}, starting the first non-empty line of a string that cdk8s writes as a block scalar, which go-yaml (kubectl, Argo CD, Flux) refuses there, failing the whole file; start that line with another character`;
}

function numberProblem(s: string): string | undefined {
  const looksTyped = s[0] === '.' ? DOT_NUMBER.test(s) : GO_NUMBER.test(s.replace(/_/g, '')) || TIMESTAMP.test(s);
  if (!looksTyped || YAML11_NUMBER.test(s) || Yaml.stringify({ k: s }) !== `k: ${s}\n`) return undefined;
  return 'is written unquoted by cdk8s, yet YAML readers (kubectl, Argo CD, Flux) read it as a number or a timestamp, not a string; change its spelling';
}

function describe(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code] ?? (code >= 0xd800 && code <= 0xdfff ? 'unpaired surrogate' : 'C1 control');
  return `${hex} (${name})`;
}
