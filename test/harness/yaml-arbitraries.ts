import * as fc from 'fast-check';

// Arbitraries of hostile YAML input: strings and numbers the YAML 1.1 schema
// reads as something else, indicators, line breaks, control characters, and
// manifests made of them.

/** Words the YAML 1.1 schema reads as null, booleans or the merge key, in the case forms it knows. */
export const SPECIAL_WORDS = [
  '', '~', 'null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', '<<', '=',
];

/** Strings the YAML 1.1 schema reads as numbers or timestamps, and near misses. */
export const NUMBER_WORDS = [
  '0', '-0', '+0', '12', '+12', '-12', '0777', '-0777', '0o17', '0x1F', '0X1f', '-0x1f', '0b101', '+0b1_0', '0b2',
  '1_000', '1__0', '1.5', '1.', '.5', '-.5', '1.5e3', '1e3', '1E+3', '1e-3', '.1e3', '1_0.5_0', '1e', 'e3',
  '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN', '.Nan', 'inf', 'nan', 'Infinity', 'NaN',
  '190:20:30', '-190:20:30', '190:20:30.15', '1:2', '1:60', '12:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5', '2001-12-14T21:59:43Z', '2001-12-14\t21:59:43.1 +05:30', '2001-1-1', '2001-12-14x',
  '1e21', '5e-7', '9007199254740993', '0.1', '1.0', '08', '09', '0_7',
];

/** Pieces to assemble hostile strings from: indicators, whitespace, line breaks, escapes, unicode, control characters. */
export const FRAGMENTS = [
  'a', 'name', 'x y', '0', '1.5', 'yes', ' ', '  ', ': ', ':', ' #', '#', '- ', '-', '? ', '?', ',', '[', ']', '{', '}',
  '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '\\', '/', '.', '---', '...', '--- ', '\n', '\n\n', '\r\n', '\r',
  '\t', ' \n', '\n ', '\t\n', 'é', '日本', '😀', 'e\u0301', '\ufeff', '\u2028', '\u2029', '\u0085', '\u00a0', '\u3000',
  '\x00', '\x07', '\x08', '\x0b', '\x1b', '\x1f', '\x7f', '\x9f', '\ud800', '\udfff', 'x'.repeat(80), 'y'.repeat(1100),
];

const flipCase = fc.tuple(fc.constantFrom(...SPECIAL_WORDS), fc.array(fc.boolean(), { maxLength: 5 }))
  .map(([word, flips]) => [...word].map((ch, i) => flips[i] ? (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()) : ch).join(''));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SPECIAL_WORDS, ...NUMBER_WORDS),
  flipCase,
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map(parts => parts.join('')),
  fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...SPECIAL_WORDS, ...NUMBER_WORDS), fc.constantFrom(...FRAGMENTS))
    .map(parts => parts.join('')),
  fc.double().map(String),
  fc.string({ unit: fc.constantFrom(...' \n\t\r:#-?,"\'%|>.0123_exyn~<=\\\x00\u2028\u00a0'), maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, 1e21, 5e-7, 2 ** 53, 2 ** 53 + 2, 0.1, 1e-7, 123456789012345680000),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));

export const { tree } = fc.letrec<{ tree: unknown; map: unknown; list: unknown }>(tie => ({
  tree: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('list')),
  map: fc.dictionary(hostileString, tie('tree'), { maxKeys: 5 }),
  list: fc.array(tie('tree'), { maxLength: 5 }),
}));

const labelMap = fc.dictionary(hostileString, hostileString, { maxKeys: 4 });

const container = fc.record({
  name: hostileString,
  image: hostileString,
  command: fc.array(hostileString, { maxLength: 3 }),
  args: fc.array(hostileString, { maxLength: 3 }),
  ports: fc.array(fc.record({ name: hostileString, containerPort: hostileNumber, protocol: hostileString }), { maxLength: 2 }),
  env: fc.array(fc.record({ name: hostileString, value: hostileString }, { requiredKeys: ['name'] }), { maxLength: 3 }),
  resources: fc.record({ limits: fc.dictionary(hostileString, fc.oneof(hostileString, hostileNumber), { maxKeys: 2 }) }),
}, { requiredKeys: ['name'] });

export const manifest = fc.record({
  apiVersion: fc.oneof(fc.constantFrom('apps/v1', 'v1'), hostileString),
  kind: fc.oneof(fc.constantFrom('Deployment', 'ConfigMap'), hostileString),
  metadata: fc.record({ name: hostileString, namespace: hostileString, labels: labelMap, annotations: labelMap }, { requiredKeys: ['name'] }),
  spec: fc.record({
    replicas: hostileNumber,
    paused: fc.boolean(),
    selector: fc.record({ matchLabels: labelMap }),
    template: fc.record({
      metadata: fc.record({ labels: labelMap }),
      spec: fc.record({ containers: fc.array(container, { maxLength: 3 }), volumes: fc.array(tree, { maxLength: 2 }) }),
    }),
  }, { requiredKeys: [] }),
  data: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  extra: tree,
}, { requiredKeys: ['apiVersion', 'kind', 'metadata'] });
