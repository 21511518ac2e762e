import { show } from '../_errors';
import { nameOf } from './_knobs';
import { hashedBaseName, ReleaseForm } from './_release-names';
import { camelKey, Form, HELM_GLOBAL, ValueRegistry, valueMarker } from './_values';

/** First keys that mean something else in a chart's values: Helm's `global`, the release's `namespace`. */
const RESERVED_KEYS = new Set([HELM_GLOBAL, 'namespace']);

/**
 * Takes the data of the chart's Secrets (ImmutableSecrets: synth refuses
 * data in any other Secret) out of the chart: every entry becomes a value
 * the installer must supply, with an empty default, which the template
 * requires and base64-encodes. A Secret's values key is its name in
 * camelCase (a content-hashed Secret's without the hash), or `<key>Secret`
 * when the app's values, the knobs or a dependency hold that key already;
 * Secrets take their keys in name order, never in construction order.
 * Returns each Secret's key, by its name in the app.
 */
export function bindSecrets(form: ReleaseForm, values: ValueRegistry, declarer: (m: any) => string, dependencyKeys: string[]): Map<string, string> {
  const keys = new Map<string, string>();
  const secrets = form.manifests.filter(m => m.kind === 'Secret' && Object.keys(m.data ?? {}).length > 0);
  const sorted = secrets.sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  for (const m of sorted) {
    const name = nameOf(m);
    const shown = form.hashed.has(name) ? hashedBaseName(name) : name;
    const base = camelKey(shown);
    const key = [base, `${base}Secret`].find(k => !RESERVED_KEYS.has(k) && !dependencyKeys.includes(k) && !values.has(k));
    if (key === undefined) {
      throw new Error(`${declarer(m)}: 'metadata.name' must give the Secret a values key of the Helm chart of its own, got ${show(name)}, whose keys '${base}' and '${base}Secret' other values hold; rename the Secret`);
    }
    keys.set(name, key);
    values.describe(key, `holds the data of the ${shown} Secret, which the chart never holds: supply every entry at install, from a values file or --set-file kept out of Git`);
    const taken = new Set<string>();
    for (const dataKey of Object.keys(m.data)) {
      let leaf = camelKey(dataKey);
      for (let n = 2; taken.has(leaf); n++) leaf = `${camelKey(dataKey)}${n}`;
      taken.add(leaf);
      values.define({
        path: `${key}.${leaf}`,
        default: '',
        schema: { type: 'string' },
        description: `is the '${dataKey}' entry: required, no default; supply it at install and never commit it`,
        owner: declarer(m),
      });
      m.data[dataKey] = valueMarker(Form.SECRET, `${key}.${leaf}`);
    }
  }
  return keys;
}
