import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileWriter, LIST, readTree, written } from './folder-helpers';
import { writeFolderAtomically } from '../../src/synth/_atomic-write';

const LOCK = '.cdk8s-patterns-lock';
const WEB = { 'web.k8s.yaml': 'kind: Deployment\n' };
const TWO = { ...WEB, 'charts/web/Chart.yaml': 'name: web\n', 'charts/web/templates/deployment.yaml': 'kind: Deployment\n' };

let tmp: string;
let cwd: string;

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'output-folder-')));
  cwd = process.cwd();
});

afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A project folder with a repository and a source file, as the working directory. */
function project(): { dir: string; before: Record<string, string> } {
  const dir = path.join(tmp, 'project');
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(dir, 'main.ts'), 'new PatternsApp();\n');
  process.chdir(dir);
  return { dir, before: readTree(tmp) };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('writeFolderAtomically', () => {
  test('writes the files into a new folder, with the list of them and no other bookkeeping', () => {
    // GIVEN
    const outdir = path.join(tmp, 'build', 'dist');

    // WHEN
    writeFolderAtomically(outdir, TWO);

    // THEN
    expect(readTree(outdir)).toEqual(written(TWO));
    expect(fs.readFileSync(path.join(outdir, LIST), 'utf8')).toBe('charts/web/Chart.yaml\ncharts/web/templates/deployment.yaml\nweb.k8s.yaml\n');
  });

  test('writes into an empty folder', () => {
    // GIVEN
    const outdir = fs.mkdtempSync(path.join(tmp, 'empty-'));

    // WHEN
    writeFolderAtomically(outdir, TWO);

    // THEN
    expect(readTree(outdir)).toEqual(written(TWO));
  });

  test('keeps the folder itself, so that a mount point works', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);
    const inode = fs.statSync(outdir).ino;

    // WHEN
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(fs.statSync(outdir).ino).toBe(inode);
  });

  test('removes the files of the previous synth it no longer writes, and the folders they leave empty', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);

    // WHEN
    writeFolderAtomically(outdir, { 'db.k8s.yaml': 'kind: StatefulSet\n' });

    // THEN
    expect(readTree(outdir)).toEqual(written({ 'db.k8s.yaml': 'kind: StatefulSet\n' }));
  });

  test('keeps files and folders it did not write, and the folders they are in', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);
    fs.writeFileSync(path.join(outdir, 'notes.txt'), 'mine\n');
    fs.writeFileSync(path.join(outdir, 'charts', 'web', 'NOTES.md'), 'mine too\n');
    fs.mkdirSync(path.join(outdir, 'mine'));

    // WHEN
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(readTree(outdir)).toEqual(written(WEB, {
      'notes.txt': 'mine\n', 'charts/': '', 'charts/web/': '', 'charts/web/NOTES.md': 'mine too\n', 'mine/': '',
    }));
  });

  test('adopts a folder with other files in it once it has an empty .cdk8s-patterns-files', () => {
    // GIVEN
    const outdir = path.join(tmp, 'deploy');
    fs.mkdirSync(path.join(outdir, '.git'), { recursive: true });
    fs.writeFileSync(path.join(outdir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(outdir, 'README.md'), '# deploy\n');
    fs.writeFileSync(path.join(outdir, LIST), '');
    const others = { '.git/': '', '.git/HEAD': 'ref: refs/heads/main\n', 'README.md': '# deploy\n' };

    // WHEN
    writeFolderAtomically(outdir, TWO);
    const first = readTree(outdir);
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(first).toEqual(written(TWO, others));
    expect(readTree(outdir)).toEqual(written(WEB, others));
  });

  test('writes through a symlinked outdir into its target, which keeps its other files', () => {
    // GIVEN
    const checkout = path.join(tmp, 'deploy-checkout');
    fs.mkdirSync(path.join(checkout, '.git'), { recursive: true });
    fs.writeFileSync(path.join(checkout, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(checkout, 'README.md'), '# deploy\n');
    fs.writeFileSync(path.join(checkout, LIST), '');
    const outdir = path.join(tmp, 'dist');
    fs.symlinkSync(checkout, outdir);
    writeFolderAtomically(outdir, TWO);

    // WHEN
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(fs.lstatSync(outdir).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(outdir)).toBe(checkout);
    expect(readTree(checkout)).toEqual(written(WEB, { '.git/': '', '.git/HEAD': 'ref: refs/heads/main\n', 'README.md': '# deploy\n' }));
  });

  test('replaces what the previous synth wrote byte for byte, and nothing else', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);

    // WHEN
    writeFolderAtomically(outdir, { ...TWO, 'web.k8s.yaml': 'kind: Deployment\nspec: {}\n' });

    // THEN
    expect(readTree(outdir)).toEqual(written({ ...TWO, 'web.k8s.yaml': 'kind: Deployment\nspec: {}\n' }));
  });

  test('deletes the staging folders of synths that are gone, and keeps those of running ones', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, WEB);
    const gone = `.cdk8s-patterns-staging-${deadPid()}-abc`;
    const running = `.cdk8s-patterns-staging-${process.ppid}-def`;
    for (const staging of [gone, running]) {
      fs.mkdirSync(path.join(outdir, staging));
      fs.writeFileSync(path.join(outdir, staging, '0'), 'half\n');
    }

    // WHEN
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(readTree(outdir)).toEqual(written(WEB, { [`${running}/`]: '', [`${running}/0`]: 'half\n' }));
  });

  test('takes over the lock of a synth that is gone', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);
    fs.writeFileSync(path.join(outdir, LOCK), `${deadPid()}\n`);

    // WHEN
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(readTree(outdir)).toEqual(written(WEB));
  });

  test('takes over a lock with its own pid, left by an earlier process that had the same pid', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);
    fs.writeFileSync(path.join(outdir, LOCK), `${process.pid}\n`);

    // WHEN
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(readTree(outdir)).toEqual(written(WEB));
  });

  test('takes over a lock that holds no pid', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);
    fs.writeFileSync(path.join(outdir, LOCK), '');

    // WHEN
    writeFolderAtomically(outdir, WEB);

    // THEN
    expect(readTree(outdir)).toEqual(written(WEB));
  });

  test('fails when another synth holds the lock, changing nothing', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, TWO);
    fs.writeFileSync(path.join(outdir, LOCK), `${process.ppid}\n`);
    const before = readTree(outdir);

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, WEB)).toThrow(
      `'outdir' cannot be written, got '${outdir}': another synth (pid ${process.ppid}) is writing it; wait for it to finish, or delete '${outdir}/${LOCK}' if no synth is running`);
    expect(readTree(outdir)).toEqual(before);
  });

  test('fails when outdir is empty', () => {
    // GIVEN
    const { before } = project();

    // WHEN / THEN
    expect(() => writeFolderAtomically('', WEB)).toThrow(
      "'outdir' cannot be written, got '': it is empty; give PatternsApp a folder of its own, e.g. 'dist'");
    expect(readTree(tmp)).toEqual(before);
  });

  test.each(['.', './', 'PROJECT'])('fails when outdir is the working directory (%s), deleting and writing nothing', (given) => {
    // GIVEN
    const { dir, before } = project();
    const outdir = given === 'PROJECT' ? dir : given;

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, WEB)).toThrow(
      `'outdir' cannot be written, got '${outdir}': it is the working directory ('${dir}'); PatternsApp replaces and deletes files in its output folder, so give it a folder of its own, e.g. 'dist'`);
    expect(readTree(tmp)).toEqual(before);
  });

  test('fails when outdir is a parent of the working directory', () => {
    // GIVEN
    const { before } = project();

    // WHEN / THEN
    expect(() => writeFolderAtomically('..', WEB)).toThrow(
      `'outdir' cannot be written, got '..': it is a parent of the working directory ('${tmp}'); PatternsApp replaces and deletes files in its output folder, so give it a folder of its own, e.g. 'dist'`);
    expect(readTree(tmp)).toEqual(before);
  });

  test('fails when outdir is a symlink to the working directory', () => {
    // GIVEN
    const { dir } = project();
    const link = path.join(tmp, 'link');
    fs.symlinkSync(dir, link);
    const before = readTree(tmp);

    // WHEN / THEN
    expect(() => writeFolderAtomically(link, WEB)).toThrow(
      `'outdir' cannot be written, got '${link}': it is the working directory ('${dir}'); PatternsApp replaces and deletes files in its output folder, so give it a folder of its own, e.g. 'dist'`);
    expect(readTree(tmp)).toEqual(before);
  });

  test('fails when outdir is the filesystem root', () => {
    // WHEN / THEN
    expect(() => writeFolderAtomically('/', WEB)).toThrow(
      "'outdir' cannot be written, got '/': it is the filesystem root ('/'); PatternsApp replaces and deletes files in its output folder, so give it a folder of its own, e.g. 'dist'");
    expect(fs.existsSync(`/${LIST}`)).toBe(false);
    expect(fs.readdirSync('/').filter(name => name.startsWith('.cdk8s-patterns-'))).toEqual([]);
  });

  test('fails when outdir is the home directory', () => {
    // GIVEN
    const homeDir = path.join(tmp, 'home');
    fs.mkdirSync(homeDir);
    fs.writeFileSync(path.join(homeDir, '.bashrc'), 'export EDITOR=vi\n');
    const writer = compileWriter(path.join(tmp, 'build'));

    // WHEN (in a child process: os.homedir() reads the process's own HOME)
    const child = spawnSync(process.execPath, [...writer, homeDir, 'a', '0', '3'], { env: { ...process.env, HOME: homeDir }, encoding: 'utf8' });

    // THEN
    expect(child.stderr).toBe(
      `'outdir' cannot be written, got '${homeDir}': it is the home directory ('${homeDir}'); PatternsApp replaces and deletes files in its output folder, so give it a folder of its own, e.g. 'dist'`);
    expect(child.status).toBe(1);
    expect(readTree(homeDir)).toEqual({ '.bashrc': 'export EDITOR=vi\n' });
  });

  test('fails when outdir is a folder with files PatternsApp did not write, saying how to adopt it', () => {
    // GIVEN
    const outdir = path.join(tmp, 'deploy');
    fs.mkdirSync(path.join(outdir, '.git'), { recursive: true });
    fs.writeFileSync(path.join(outdir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(outdir, 'README.md'), '# deploy\n');
    fs.writeFileSync(path.join(outdir, 'web.k8s.yaml'), 'kept\n');
    fs.writeFileSync(path.join(outdir, 'zz.txt'), 'kept\n');
    const before = readTree(tmp);

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, WEB)).toThrow(
      `'outdir' cannot be written, got '${outdir}': it holds files PatternsApp did not write (found '.git', 'README.md', 'web.k8s.yaml', ...); to write into it anyway, create the empty file '${outdir}/${LIST}' (PatternsApp then adds, replaces and deletes only the files listed there), or, if it holds only old output, delete it`);
    expect(readTree(tmp)).toEqual(before);
  });

  test('fails when a file it would write is already there and PatternsApp did not write it', () => {
    // GIVEN
    const outdir = path.join(tmp, 'deploy');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, LIST), '');
    fs.writeFileSync(path.join(outdir, 'web.k8s.yaml'), 'hand-written\n');
    const before = readTree(tmp);

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, TWO)).toThrow(
      `'outdir' cannot be written, got '${outdir}': it already holds 'web.k8s.yaml', which PatternsApp did not write (it is not listed in '${outdir}/${LIST}'); move that file away, or add its path to '${outdir}/${LIST}' to let PatternsApp replace it`);
    expect(readTree(tmp)).toEqual(before);
  });

  test('fails when a folder it would write into is a symlink', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.mkdirSync(elsewhere);
    writeFolderAtomically(outdir, WEB);
    fs.symlinkSync(elsewhere, path.join(outdir, 'charts'));
    const before = readTree(tmp);

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, TWO)).toThrow(
      `'outdir' cannot be written, got '${outdir}': 'charts' in it is a symlink; PatternsApp writes only into real folders inside its output folder, so replace the link with a folder`);
    expect(readTree(tmp)).toEqual(before);
  });

  test('fails when outdir is a file', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    fs.writeFileSync(outdir, 'not a folder\n');

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, WEB)).toThrow(
      `'outdir' cannot be written, got '${outdir}': it is a file, not a folder; move it away or choose another 'outdir'`);
    expect(fs.readFileSync(outdir, 'utf8')).toBe('not a folder\n');
  });

  test('fails when outdir is a symlink to nothing', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    fs.symlinkSync(path.join(tmp, 'missing'), outdir);

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, WEB)).toThrow(
      `'outdir' cannot be written, got '${outdir}': it is a symlink to '${tmp}/missing', which does not exist; create that folder or remove the link`);
    expect(readTree(tmp)).toEqual({ 'dist ->': `${tmp}/missing` });
  });

  test.each(['../escape.yaml', '/etc/passwd', '.git/config', 'a//b.yaml', './a.yaml', 'charts/.git/x', '.cdk8s-patterns-files', 'a\\b.yaml'])(
    'fails when a file to write is not a plain relative path inside the folder (%s)', (file) => {
      // GIVEN
      const outdir = path.join(tmp, 'dist');
      writeFolderAtomically(outdir, WEB);
      const before = readTree(tmp);

      // WHEN / THEN
      expect(() => writeFolderAtomically(outdir, { [file]: 'x\n' })).toThrow(
        `'outdir' cannot be written, got '${outdir}': file '${file}' is not a plain relative path inside it (names joined by '/', none of them empty, '.', '..' or '.git', the first not starting with '.cdk8s-patterns-')`);
      expect(readTree(tmp)).toEqual(before);
    });

  test.each(['../escape.yaml', '.git/config'])('fails when .cdk8s-patterns-files lists a path outside the folder or in .git (%s), deleting nothing', (file) => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, WEB);
    fs.mkdirSync(path.join(outdir, '.git'));
    fs.writeFileSync(path.join(outdir, '.git', 'config'), '[core]\n');
    fs.writeFileSync(path.join(tmp, 'escape.yaml'), 'outside\n');
    fs.appendFileSync(path.join(outdir, LIST), `${file}\n`);
    const before = readTree(tmp);

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, { 'db.k8s.yaml': 'kind: StatefulSet\n' })).toThrow(
      `'outdir' cannot be written, got '${outdir}': '${LIST}' entry '${file}' is not a plain relative path inside it (names joined by '/', none of them empty, '.', '..' or '.git', the first not starting with '.cdk8s-patterns-')`);
    expect(readTree(tmp)).toEqual(before);
  });

  test('fails when it would write both a file and a folder of the same name', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, { 'charts': 'x\n', 'charts/web/Chart.yaml': 'name: web\n' })).toThrow(
      `'outdir' cannot be written, got '${outdir}': it would hold both the file 'charts' and 'charts/web/Chart.yaml', which needs 'charts' to be a folder`);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
