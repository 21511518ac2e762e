import * as fs from 'fs';
import * as path from 'path';
import { checkOutdir } from './_folders';
import { acquireLock, hasCode, isAlive, LOCK, releaseLock } from './_lock';

/**
 * The bookkeeping files of an output folder start with this and have no
 * extension, so kubectl -R, Argo CD and Flux, which read every .yaml, .yml
 * and .json file of a folder, skip them.
 */
const PREFIX = '.cdk8s-patterns-';
/** The files PatternsApp wrote into the folder, one relative path a line. */
const MANIFEST = `${PREFIX}files`;
/** Present while a commit is under way: the staging folder's name, then the new files, one a line. */
const JOURNAL = `${PREFIX}journal`;
/** A synth's staging folder is `<STAGING><pid>-<random>`; staged file i is named `i`, with no extension. */
const STAGING = `${PREFIX}staging-`;

/**
 * Makes the folder `outdir` hold `files` (relative path → content) in place
 * of the files the previous synth wrote (those listed in its manifest),
 * leaving everything else in the folder alone. `outdir` may be a symlink
 * (the files go into its target) or a mount point: the folder itself is
 * never replaced.
 *
 * Under the folder's lock, the files are written to a staging folder inside
 * `outdir`; then a journal (the staging folder and the new file list) is
 * renamed into place, the staged files are renamed into theirs, the files
 * no longer written are deleted, the new manifest is renamed into place,
 * and the staging folder and the journal are removed. A crash before the
 * journal exists leaves the previous output as it was; after, the next
 * synth finishes the commit from the staging folder before anything else.
 */
export function writeFolderAtomically(outdir: string, files: { readonly [file: string]: string }): void {
  try {
    write(outdir, files);
  } catch (e) {
    if (!isSystemError(e)) throw e;
    const state = fs.existsSync(path.join(outdir, JOURNAL))
      ? 'it is partly replaced; the next synth completes the replacement'
      : 'the previous output is untouched';
    throw new Error(`'outdir' cannot be written, got '${outdir}': ${e.message}; ${state}`);
  }
}

function write(outdir: string, files: { readonly [file: string]: string }): void {
  checkOutdir(outdir);
  const list = Object.keys(files).sort();
  const all = new Set(list);
  for (const file of list) {
    checkPath(outdir, file, 'file');
    const dir = ancestors(file).find(d => all.has(d));
    if (dir) throw new Error(`'outdir' cannot be written, got '${outdir}': it would hold both the file '${dir}' and '${file}', which needs '${dir}' to be a folder`);
  }
  checkFolder(outdir);
  fs.mkdirSync(outdir, { recursive: true });
  const name = `${STAGING}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const staging = path.join(outdir, name);
  fs.mkdirSync(staging);
  let committing = false;
  try {
    acquireLock(outdir, staging);
    try {
      repair(outdir, staging);
      checkPlaces(outdir, list, new Set(readManifest(outdir)));
      list.forEach((file, i) => {
        fs.writeFileSync(path.join(staging, String(i)), files[file]);
        testKill('stage', i + 1);
      });
      writeList(path.join(staging, 'journal'), path.join(outdir, JOURNAL), [name, ...list]);
      committing = true;
      commit(outdir, staging, name, list);
    } finally {
      releaseLock(outdir);
    }
  } finally {
    // an interrupted commit leaves its staging folder for the next synth to finish from
    if (!committing || !fs.existsSync(path.join(outdir, JOURNAL))) fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Refuses an `outdir` that exists but is not a folder PatternsApp may write
 * into: a file, a dangling link, or a folder with files in it but none of
 * the bookkeeping files (a lock or journal means a synth was at work).
 */
function checkFolder(outdir: string): void {
  const stat = fs.statSync(outdir, { throwIfNoEntry: false });
  if (!stat) {
    if (fs.lstatSync(outdir, { throwIfNoEntry: false })) {
      throw new Error(`'outdir' cannot be written, got '${outdir}': it is a symlink to '${fs.readlinkSync(outdir)}', which does not exist; create that folder or remove the link`);
    }
    return;
  }
  if (!stat.isDirectory()) {
    throw new Error(`'outdir' cannot be written, got '${outdir}': it is a file, not a folder; move it away or choose another 'outdir'`);
  }
  const entries = fs.readdirSync(outdir).sort();
  const others = entries.filter(entry => !entry.startsWith(STAGING));
  if (others.length > 0 && !entries.some(entry => entry === MANIFEST || entry === JOURNAL || entry === LOCK)) {
    const found = others.slice(0, 3).map(entry => `'${entry}'`).join(', ') + (others.length > 3 ? ', ...' : '');
    throw new Error(`'outdir' cannot be written, got '${outdir}': it holds files PatternsApp did not write (found ${found}); to write into it anyway, create the empty file '${path.join(outdir, MANIFEST)}' (PatternsApp then adds, replaces and deletes only the files listed there), or, if it holds only old output, delete it`);
  }
}

/**
 * Finishes a commit that was interrupted (its journal is still there), then
 * deletes the staging folders of synths that are gone.
 */
function repair(outdir: string, staging: string): void {
  const journal = readList(path.join(outdir, JOURNAL));
  if (journal) {
    const [name, ...files] = journal;
    if (!name?.startsWith(STAGING) || name.includes('/')) {
      throw new Error(`'outdir' cannot be written, got '${outdir}': its journal '${JOURNAL}' names '${name}', not a staging folder; delete '${path.join(outdir, JOURNAL)}'`);
    }
    files.forEach(file => checkPath(outdir, file, `'${JOURNAL}' entry`));
    commit(outdir, staging, name, files);
  }
  for (const entry of fs.readdirSync(outdir).filter(e => e.startsWith(STAGING))) {
    const folder = path.join(outdir, entry);
    if (folder !== staging && !isAlive(Number(entry.slice(STAGING.length).split('-')[0]))) fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Moves the files staged in the folder `name` into place, deletes the
 * previous synth's files that are no longer written, renames the new
 * manifest into place (written in `scratch`), and removes the staging
 * folder and the journal. Run again after an interruption, it finishes.
 */
function commit(outdir: string, scratch: string, name: string, files: readonly string[]): void {
  const previous = readManifest(outdir);
  files.forEach((file, i) => {
    const staged = path.join(outdir, name, String(i));
    if (!fs.existsSync(staged)) return; // moved before an interruption
    const target = path.join(outdir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(staged, target);
    testKill('commit', i + 1);
  });
  const kept = new Set(files);
  for (const file of previous) {
    if (!kept.has(file)) remove(outdir, file);
  }
  writeList(path.join(scratch, 'files'), path.join(outdir, MANIFEST), files);
  fs.rmSync(path.join(outdir, name), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, JOURNAL), { force: true });
}

/**
 * Refuses to put a file over one PatternsApp did not write, over a folder,
 * or through a symlink or a file inside the output folder.
 */
function checkPlaces(outdir: string, files: readonly string[], previous: ReadonlySet<string>): void {
  const manifest = path.join(outdir, MANIFEST);
  for (const file of files) {
    for (const dir of ancestors(file)) {
      const stat = fs.lstatSync(path.join(outdir, dir), { throwIfNoEntry: false });
      if (!stat) break;
      if (stat.isSymbolicLink()) {
        throw new Error(`'outdir' cannot be written, got '${outdir}': '${dir}' in it is a symlink; PatternsApp writes only into real folders inside its output folder, so replace the link with a folder`);
      }
      if (!stat.isDirectory()) throw new Error(`'outdir' cannot be written, got '${outdir}': '${file}' needs '${dir}' to be a folder, but it is a file; move that file away`);
    }
    const stat = fs.lstatSync(path.join(outdir, file), { throwIfNoEntry: false });
    if (stat?.isDirectory()) throw new Error(`'outdir' cannot be written, got '${outdir}': '${file}' is a folder in it; move that folder away`);
    if (stat && !previous.has(file)) {
      throw new Error(`'outdir' cannot be written, got '${outdir}': it already holds '${file}', which PatternsApp did not write (it is not listed in '${manifest}'); move that file away, or add its path to '${manifest}' to let PatternsApp replace it`);
    }
  }
}

/**
 * Deletes a file the previous synth wrote, and the folders it leaves empty;
 * not through a symlink, which may lead to files PatternsApp did not write.
 */
function remove(outdir: string, file: string): void {
  const dirs = ancestors(file);
  if (dirs.some(dir => fs.lstatSync(path.join(outdir, dir), { throwIfNoEntry: false })?.isSymbolicLink())) return;
  const target = path.join(outdir, file);
  const stat = fs.lstatSync(target, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) fs.unlinkSync(target);
  for (const dir of dirs.reverse()) {
    try {
      fs.rmdirSync(path.join(outdir, dir));
    } catch {
      return; // not empty: it holds other files
    }
  }
}

/** Refuses a path that is not a plain relative path inside the folder, or that names `.git` or a bookkeeping file. */
function checkPath(outdir: string, file: string, what: string): void {
  const parts = file.split('/');
  if (path.isAbsolute(file) || /[\\\0\r\n]/.test(file) || parts[0].startsWith(PREFIX)
    || parts.some(part => part === '' || part === '.' || part === '..' || part === '.git')) {
    throw new Error(`'outdir' cannot be written, got '${outdir}': ${what} '${file}' is not a plain relative path inside it (names joined by '/', none of them empty, '.', '..' or '.git', the first not starting with '${PREFIX}')`);
  }
}

/** The files the previous synth wrote, from the folder's manifest (none if it has none). */
function readManifest(outdir: string): string[] {
  const files = readList(path.join(outdir, MANIFEST)) ?? [];
  files.forEach(file => checkPath(outdir, file, `'${MANIFEST}' entry`));
  return files;
}

/** The non-empty lines of a file, or `undefined` if there is no such file. */
function readList(file: string): string[] | undefined {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(line => line !== '');
  } catch (e) {
    if (hasCode(e, 'ENOENT')) return undefined;
    throw e;
  }
}

/** Writes `lines` to `temp`, then renames it to `file`: readers see the old file or the new one, never a part. */
function writeList(temp: string, file: string, lines: readonly string[]): void {
  fs.writeFileSync(temp, lines.map(line => `${line}\n`).join(''));
  fs.renameSync(temp, file);
}

/** The folders a relative path lies in, outermost first: `a/b/c` → `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return typeof (e as NodeJS.ErrnoException | undefined)?.syscall === 'string';
}

/**
 * Test hook: `CDK8S_PATTERNS_TEST_KILL=<step>:<n>` kills this process at the
 * n-th staged write (`stage`) or the n-th rename of the commit (`commit`).
 */
function testKill(step: string, n: number): void {
  if (process.env.CDK8S_PATTERNS_TEST_KILL === `${step}:${n}`) process.kill(process.pid, 'SIGKILL');
}
