import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { Deployment, HelmChart, ImmutableSecret, PatternsApp, SecretContent } from '../../src';
import { kplus } from '../../src/_plus';
import { params } from '../harness/fuzz';

/** Every way a secret value can enter an app, each built in its own chart of a fresh app. */
const PATHS: { [name: string]: (chart: Chart, secret: string) => void } = {
  'cdk8s-plus Secret stringData': (chart, secret) => {
    new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: secret } });
  },
  'cdk8s-plus Secret used through env': (chart, secret) => {
    const s = new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: secret } });
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.25', envVariables: { PASSWORD: kplus.EnvValue.fromSecretValue({ secret: s, key: 'password' }) } }] });
  },
  'raw Secret data': (chart, secret) => {
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'raw' }, data: { token: secret } });
  },
  'raw Secret data, base64': (chart, secret) => {
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'raw' }, data: { token: Buffer.from(secret).toString('base64') } });
  },
  'ImmutableSecret literal without opt-in': (chart, secret) => {
    new ImmutableSecret(chart, 'db', { metadata: { name: 'db' }, data: { password: SecretContent.fromLiteral(secret) } });
  },
  'ImmutableSecret literal with a bad key': (chart, secret) => {
    new ImmutableSecret(chart, 'db', { metadata: { name: 'db' }, allowLiteralValues: true, data: { 'bad key': SecretContent.fromLiteral(secret) } });
  },
  'ImmutableSecret from an unset variable named like the value': (chart, secret) => {
    new ImmutableSecret(chart, 'db', { metadata: { name: 'db' }, data: { password: SecretContent.fromEnv(`UNSET_${Buffer.from(secret).toString('hex')}`) } });
  },
};

/** The message of a failed render, or the files of a successful one. */
function render(build: (chart: Chart) => void, helm = false): { message?: string; files?: { [file: string]: string } } {
  try {
    const app = new PatternsApp({ outdir: '/nonexistent-never-written' });
    const chart = new Chart(app, 'shop');
    if (helm) new HelmChart(chart, 'helm');
    build(chart);
    return { files: app.renderFiles() };
  } catch (e) {
    return { message: (e as Error).message };
  }
}

/** A secret value: long and distinctive, so that finding it anywhere means it leaked. */
const secretValue = fc.string({ minLength: 12, maxLength: 40, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%&*+-./:=?@^_~ ') })
  .filter(s => /[a-z]/.test(s) && s.trim().length >= 12);

describe('secret values', () => {
  test.each(Object.keys(PATHS))('never appear in an error message, nor in plain text in any file: %s', (name) => {
    fc.assert(fc.property(secretValue, fc.boolean(), (secret, helm) => {
      const { message, files } = render(chart => PATHS[name](chart, secret), helm);
      if (message !== undefined) {
        expect(message).not.toContain(secret);
        expect(message).not.toContain(Buffer.from(secret).toString('base64'));
        return;
      }
      for (const [file, content] of Object.entries(files!)) {
        if (content.includes(secret)) throw new Error(`${name}: the secret value is written in plain text to ${file}`);
      }
    }), params());
  });

  test('are refused in the manifests unless an ImmutableSecret reads them', () => {
    expect(render(chart => PATHS['cdk8s-plus Secret stringData'](chart, 'not-in-the-message')).message).toMatch(/^shop\/db: 'stringData' must not hold secret values in the manifests/);
    expect(render(chart => PATHS['raw Secret data, base64'](chart, 'not-in-the-message')).message).toMatch(/^shop\/raw: 'data' must not hold secret values in the manifests/);
  });

  test('do not appear in the reference app, which refers to its Secret instead', () => {
    const dist = path.join(__dirname, '..', '..', 'dist');
    const main = fs.readFileSync(path.join(__dirname, '..', '..', 'main.ts'), 'utf8');
    expect(main).not.toMatch(/fromLiteral|stringData/);
    if (!fs.existsSync(dist)) return;
    const all = fs.readdirSync(dist, { recursive: true, withFileTypes: true }).filter(e => e.isFile()).map(e => fs.readFileSync(path.join(e.parentPath ?? (e as any).path, e.name), 'utf8')).join('\n');
    expect(all).not.toMatch(/^kind: Secret$/m);
  });
});
