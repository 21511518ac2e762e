import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Size, Yaml } from 'cdk8s';
import { Deployment, PatternsApp, QosPreset } from '../../src';
import { kplus } from '../../src/_plus';

const IMAGE = 'nginx:1.25';

let tmp: string;
let savedCliOutdir: string | undefined;
let cwd: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'patterns-app-'));
  savedCliOutdir = process.env.CDK8S_OUTDIR;
  delete process.env.CDK8S_OUTDIR;
  cwd = process.cwd();
});

afterEach(() => {
  process.chdir(cwd);
  if (savedCliOutdir === undefined) {
    delete process.env.CDK8S_OUTDIR;
  } else {
    process.env.CDK8S_OUTDIR = savedCliOutdir;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A web chart: a config map and a Deployment. */
function webChart(app: PatternsApp, id = 'web'): Chart {
  const chart = new Chart(app, id);
  new kplus.ConfigMap(chart, 'config', { data: { greeting: 'hello' } });
  new Deployment(chart, 'api', {
    metadata: { name: 'api' },
    containers: [{ name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }] }],
  });
  return chart;
}

/** A database chart: one Guaranteed Deployment. */
function dbChart(app: PatternsApp, id = 'db'): Chart {
  const chart = new Chart(app, id);
  new Deployment(chart, 'postgres', {
    metadata: { name: 'postgres' },
    qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(512) }),
    containers: [{ name: 'postgres', image: 'postgres:16', ports: [{ number: 5432, name: 'pg' }] }],
  });
  return chart;
}

/** An app with the web and db charts, writing to `outdir`. */
function twoChartApp(outdir: string): PatternsApp {
  const app = new PatternsApp({ outdir });
  webChart(app);
  dbChart(app);
  return app;
}

/** Every file of a folder, relative path → bytes. */
function readFolder(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    files[name] = fs.readFileSync(path.join(dir, name));
  }
  return files;
}

describe('PatternsApp', () => {
  test('writes one <chart id>.k8s.yaml per chart into outdir', () => {
    // GIVEN
    const outdir = path.join(tmp, 'out');
    const app = new PatternsApp({ outdir });
    const web = webChart(app);
    const db = dbChart(app);

    // WHEN
    app.synth();

    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-patterns-files', 'db.k8s.yaml', 'web.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, '.cdk8s-patterns-files'), 'utf8')).toBe('db.k8s.yaml\nweb.k8s.yaml\n');
    expect(fs.readFileSync(path.join(outdir, 'web.k8s.yaml'), 'utf8')).toBe(Yaml.stringify(...web.toJson()));
    expect(fs.readFileSync(path.join(outdir, 'db.k8s.yaml'), 'utf8')).toBe(Yaml.stringify(...db.toJson()));
    expect(Yaml.load(path.join(outdir, 'web.k8s.yaml')).map((m: any) => m.kind)).toEqual(['ConfigMap', 'Deployment']);
  });

  test('renderFiles returns what synth writes', () => {
    // GIVEN
    const outdir = path.join(tmp, 'out');
    const app = twoChartApp(outdir);

    // WHEN
    const rendered = app.renderFiles();
    app.synth();

    // THEN
    const written = readFolder(outdir);
    expect(Object.keys(written)).toEqual(['.cdk8s-patterns-files', ...Object.keys(rendered).sort()]);
    for (const [file, content] of Object.entries(rendered)) {
      expect(written[file].toString('utf8')).toBe(content);
    }
  });

  test('defaults outdir to dist', () => {
    expect(new PatternsApp().outdir).toBe('dist');
  });

  test('fails when outdir is the working directory, before anything is written', () => {
    // GIVEN
    process.chdir(tmp);

    // WHEN / THEN
    expect(() => new PatternsApp({ outdir: '.' })).toThrow(
      `'outdir' cannot be written, got '.': it is the working directory ('${fs.realpathSync(tmp)}'); PatternsApp replaces and deletes files in its output folder, so give it a folder of its own, e.g. 'dist'`);
  });

  test('is deterministic: two identically built apps write byte-identical files', () => {
    // GIVEN
    const first = path.join(tmp, 'first');
    const second = path.join(tmp, 'second');

    // WHEN
    twoChartApp(first).synth();
    twoChartApp(second).synth();

    // THEN
    const a = readFolder(first);
    const b = readFolder(second);
    expect(Object.keys(a)).toEqual(['.cdk8s-patterns-files', 'db.k8s.yaml', 'web.k8s.yaml']);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const file of Object.keys(a)) {
      expect(b[file].equals(a[file])).toBe(true);
    }
  });

  test('leaves no staging or previous folder next to outdir', () => {
    // GIVEN
    const outdir = path.join(tmp, 'out');

    // WHEN
    twoChartApp(outdir).synth();
    twoChartApp(outdir).synth();

    // THEN
    expect(fs.readdirSync(tmp)).toEqual(['out']);
  });

  test('creates missing parent folders of outdir', () => {
    // GIVEN
    const outdir = path.join(tmp, 'build', 'manifests');

    // WHEN
    twoChartApp(outdir).synth();

    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-patterns-files', 'db.k8s.yaml', 'web.k8s.yaml']);
    expect(fs.readdirSync(path.join(tmp, 'build'))).toEqual(['manifests']);
  });

  test('removes stale files of a previous synth, and keeps files it did not write', () => {
    // GIVEN
    const outdir = path.join(tmp, 'out');
    twoChartApp(outdir).synth();
    fs.writeFileSync(path.join(outdir, 'notes.txt'), 'left by hand');

    // WHEN
    const app = new PatternsApp({ outdir });
    webChart(app);
    app.synth();

    // THEN
    expect(fs.readdirSync(outdir).sort()).toEqual(['.cdk8s-patterns-files', 'notes.txt', 'web.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'notes.txt'), 'utf8')).toBe('left by hand');
  });

  test('names a nested chart after its path', () => {
    // GIVEN
    const app = new PatternsApp({ outdir: path.join(tmp, 'out') });
    const a = new Chart(app, 'a');
    new kplus.ConfigMap(new Chart(a, 'db'), 'config', { data: { k: 'a' } });
    const b = new Chart(app, 'b');
    new kplus.ConfigMap(new Chart(b, 'db'), 'config', { data: { k: 'b' } });

    // WHEN
    const files = app.renderFiles();

    // THEN
    expect(Object.keys(files).sort()).toEqual(['a-db.k8s.yaml', 'a.k8s.yaml', 'b-db.k8s.yaml', 'b.k8s.yaml']);
    expect(files['a-db.k8s.yaml']).toContain('k: a');
    expect(files['b-db.k8s.yaml']).toContain('k: b');
  });

  test('fails when two charts would write the same file', () => {
    // GIVEN
    const app = new PatternsApp({ outdir: path.join(tmp, 'out') });
    new Chart(new Chart(app, 'a'), 'db');
    new Chart(app, 'a-db');

    // WHEN / THEN
    expect(() => app.renderFiles()).toThrow(
      "a-db: 'id' must give the chart a file of its own, got 'a-db', whose manifests would go to 'a-db.k8s.yaml', which chart 'a/db' already writes; give one of them another id");
  });

  test('fails when a Deployment has no containers, leaving the previous output untouched', () => {
    // GIVEN
    const outdir = path.join(tmp, 'out');
    twoChartApp(outdir).synth();
    const before = readFolder(outdir);
    const app = new PatternsApp({ outdir });
    webChart(app, 'other');
    new Deployment(new Chart(app, 'broken'), 'empty');

    // WHEN / THEN
    expect(() => app.synth()).toThrow(new Error(
      "broken/empty: 'containers' must list at least one container, got none; pass 'containers' or call addContainer()"));
    expect(readFolder(outdir)).toEqual(before);
    expect(fs.readdirSync(tmp)).toEqual(['out']);
  });

  test('fails when a Guaranteed preset is violated, leaving the previous output untouched', () => {
    // GIVEN
    const outdir = path.join(tmp, 'out');
    twoChartApp(outdir).synth();
    const before = readFolder(outdir);
    const app = new PatternsApp({ outdir });
    new Deployment(new Chart(app, 'db'), 'postgres', {
      qos: QosPreset.guaranteed({ cpu: kplus.Cpu.millis(500), memory: Size.mebibytes(512) }),
      containers: [{
        name: 'postgres',
        image: 'postgres:16',
        resources: { memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
      }],
    });

    // WHEN / THEN
    expect(() => app.synth()).toThrow(new Error(
      "db/postgres: 'qos' must give the pod the QoS class it names (Guaranteed), got a Burstable pod: "
      + "container 'postgres' has no cpu limit; container 'postgres' requests memory 256Mi but its limit is 512Mi; "
      + 'give every container equal requests and limits or choose another preset'));
    expect(readFolder(outdir)).toEqual(before);
    expect(fs.readdirSync(tmp)).toEqual(['out']);
  });

  test('a failed first synth writes nothing', () => {
    // GIVEN
    const outdir = path.join(tmp, 'out');
    const app = new PatternsApp({ outdir });
    new Deployment(new Chart(app, 'broken'), 'empty');

    // WHEN / THEN
    expect(() => app.synth()).toThrow(/'containers' must list at least one container/);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  describe('with CDK8S_OUTDIR', () => {
    test('links the CLI output folder to outdir', () => {
      // GIVEN
      const outdir = path.join(tmp, 'out');
      const cliOutdir = path.join(tmp, 'cli');
      process.env.CDK8S_OUTDIR = cliOutdir;

      // WHEN
      twoChartApp(outdir).synth();

      // THEN
      expect(fs.lstatSync(cliOutdir).isSymbolicLink()).toBe(true);
      expect(fs.realpathSync(cliOutdir)).toBe(fs.realpathSync(outdir));
      expect(readFolder(cliOutdir)).toEqual(readFolder(outdir));
      expect(fs.lstatSync(outdir).isDirectory()).toBe(true);
    });

    test('replaces an empty folder the CLI left at CDK8S_OUTDIR', () => {
      // GIVEN
      const outdir = path.join(tmp, 'out');
      const cliOutdir = path.join(tmp, 'cli');
      fs.mkdirSync(cliOutdir);
      process.env.CDK8S_OUTDIR = cliOutdir;

      // WHEN
      twoChartApp(outdir).synth();
      twoChartApp(outdir).synth();

      // THEN
      expect(fs.lstatSync(cliOutdir).isSymbolicLink()).toBe(true);
      expect(fs.readdirSync(cliOutdir).sort()).toEqual(['.cdk8s-patterns-files', 'db.k8s.yaml', 'web.k8s.yaml']);
      expect(fs.readdirSync(tmp).sort()).toEqual(['cli', 'out']);
    });

    test('fails when CDK8S_OUTDIR is a folder with files in it', () => {
      // GIVEN
      const outdir = path.join(tmp, 'out');
      const cliOutdir = path.join(tmp, 'cli');
      fs.mkdirSync(cliOutdir);
      fs.writeFileSync(path.join(cliOutdir, 'keep.txt'), 'mine\n');
      process.env.CDK8S_OUTDIR = cliOutdir;

      // WHEN / THEN
      expect(() => twoChartApp(outdir).synth()).toThrow(
        `'CDK8S_OUTDIR' must be a folder PatternsApp may replace with a link to '${outdir}', got '${cliOutdir}', a folder with files in it; empty it or point the CLI's 'output' at another scratch folder`);
      expect(fs.readFileSync(path.join(cliOutdir, 'keep.txt'), 'utf-8')).toBe('mine\n');
    });

    test('fails when CDK8S_OUTDIR is the outdir, as with cdk8s.yaml\'s usual output: dist', () => {
      // GIVEN
      process.chdir(tmp);
      process.env.CDK8S_OUTDIR = 'dist';

      // WHEN / THEN
      expect(() => new PatternsApp()).toThrow(
        "'output' of cdk8s.yaml (CDK8S_OUTDIR) must be a scratch folder apart from the app's outdir, got 'dist', which is the app's outdir 'dist': the cdk8s CLI deletes it before every synth, so a failed synth would leave nothing; set 'output: .cdk8s.out' in cdk8s.yaml (PatternsApp writes 'dist' itself and links .cdk8s.out to it)");
    });

    test('fails when CDK8S_OUTDIR is a symlink to the outdir\'s folder, compared by real path', () => {
      // GIVEN
      const real = path.join(tmp, 'real');
      fs.mkdirSync(real);
      fs.symlinkSync(tmp, path.join(tmp, 'link'));
      process.env.CDK8S_OUTDIR = path.join(tmp, 'link', 'real');

      // WHEN / THEN
      expect(() => new PatternsApp({ outdir: real })).toThrow(
        `'output' of cdk8s.yaml (CDK8S_OUTDIR) must be a scratch folder apart from the app's outdir, got '${tmp}/link/real', which is the app's outdir '${real}': the cdk8s CLI deletes it before every synth, so a failed synth would leave nothing; set 'output: .cdk8s.out' in cdk8s.yaml (PatternsApp writes '${real}' itself and links .cdk8s.out to it)`);
    });

    test('fails when CDK8S_OUTDIR contains the output folder', () => {
      // GIVEN
      const cliOutdir = path.join(tmp, 'cli');
      const outdir = path.join(cliOutdir, 'manifests');
      process.env.CDK8S_OUTDIR = cliOutdir;

      // WHEN / THEN
      expect(() => twoChartApp(outdir)).toThrow(
        `'output' of cdk8s.yaml (CDK8S_OUTDIR) must be a scratch folder apart from the app's outdir, got '${cliOutdir}', which contains the app's outdir '${outdir}': the cdk8s CLI deletes it before every synth, so a failed synth would leave nothing; set 'output: .cdk8s.out' in cdk8s.yaml (PatternsApp writes '${outdir}' itself and links .cdk8s.out to it)`);
      expect(fs.readdirSync(tmp)).toEqual([]);
    });

    test('fails when CDK8S_OUTDIR lies inside the output folder', () => {
      // GIVEN
      const outdir = path.join(tmp, 'out');
      const cliOutdir = path.join(outdir, '.cdk8s.out');
      process.env.CDK8S_OUTDIR = cliOutdir;

      // WHEN / THEN
      expect(() => twoChartApp(outdir)).toThrow(
        `'output' of cdk8s.yaml (CDK8S_OUTDIR) must be a scratch folder apart from the app's outdir, got '${cliOutdir}', which lies inside the app's outdir '${outdir}': the app would put a link to its outdir inside its outdir; set 'output: .cdk8s.out' in cdk8s.yaml (PatternsApp writes '${outdir}' itself and links .cdk8s.out to it)`);
      expect(fs.readdirSync(tmp)).toEqual([]);
    });
  });
});
