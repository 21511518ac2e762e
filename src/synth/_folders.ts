import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Refuses an output folder that holds more than the app's output: `''`,
 * the working directory or a folder containing it, the filesystem root and
 * the home directory, compared by real path (symlinks resolved).
 */
export function checkOutdir(outdir: string): void {
  if (outdir === '') {
    throw new Error("'outdir' cannot be written, got '': it is empty; give PatternsApp a folder of its own, e.g. 'dist'");
  }
  const real = realPath(outdir);
  const cwd = fs.realpathSync(process.cwd());
  const what = real === path.parse(real).root ? 'the filesystem root'
    : real === realPath(os.homedir()) ? 'the home directory'
      : real === cwd ? 'the working directory'
        : isWithin(real, cwd) ? 'a parent of the working directory' : undefined;
  if (what) {
    throw new Error(`'outdir' cannot be written, got '${outdir}': it is ${what} ('${real}'); PatternsApp replaces and deletes files in its output folder, so give it a folder of its own, e.g. 'dist'`);
  }
}

/**
 * Refuses a cdk8s CLI output folder (`CDK8S_OUTDIR`, the `output` of
 * `cdk8s.yaml`) that is the app's outdir, contains it or lies inside it:
 * the CLI deletes its output folder before it runs the app.
 */
export function checkCliOutdir(cliOutdir: string, outdir: string): void {
  const cli = linkPath(cliOutdir);
  const out = realPath(outdir);
  const problem = cli === out ? 'is'
    : isWithin(cli, out) ? 'contains'
      : isWithin(out, cli) ? 'lies inside' : undefined;
  if (!problem) return;
  const why = problem === 'lies inside'
    ? 'the app would put a link to its outdir inside its outdir'
    : 'the cdk8s CLI deletes it before every synth, so a failed synth would leave nothing';
  throw new Error(`'output' of cdk8s.yaml (CDK8S_OUTDIR) must be a scratch folder apart from the app's outdir, got '${cliOutdir}', which ${problem} the app's outdir '${outdir}': ${why}; set 'output: .cdk8s.out' in cdk8s.yaml (PatternsApp writes '${outdir}' itself and links .cdk8s.out to it)`);
}

/**
 * Makes `link` point at `target` (a directory). `link` may be absent, a
 * link, a file or an empty folder; a folder with files in it is refused
 * rather than deleted, as is a `link` that is `target`, contains it or lies
 * inside it.
 */
export function linkFolder(link: string, target: string): void {
  checkCliOutdir(link, target);
  const from = path.resolve(link);
  const to = path.resolve(target);
  if (pointsAt(from, to)) return;
  const existing = fs.lstatSync(from, { throwIfNoEntry: false });
  if (existing?.isDirectory() && fs.readdirSync(from).length > 0) {
    throw new Error(`'CDK8S_OUTDIR' must be a folder PatternsApp may replace with a link to '${target}', got '${link}', a folder with files in it; empty it or point the CLI's 'output' at another scratch folder`);
  }
  try {
    if (existing?.isDirectory()) fs.rmdirSync(from);
    else fs.rmSync(from, { force: true });
    fs.mkdirSync(path.dirname(from), { recursive: true });
    fs.symlinkSync(path.relative(path.dirname(from), to), from, 'junction');
  } catch (e) {
    // a synth that finished at the same moment made the same link
    if (!pointsAt(from, to)) throw new Error(`'CDK8S_OUTDIR' cannot be linked to '${target}', got '${link}': ${(e as Error).message}`);
  }
}

/** The real path of `p`, which need not exist: its deepest existing ancestor resolved, the rest appended. */
function realPath(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realPath(parent), path.basename(abs));
  }
}

/** Whether `child` lies strictly inside `parent` (both absolute). */
function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The real path of `p` without following `p` itself if it is a link (the CLI deletes the link, not its target). */
function linkPath(p: string): string {
  const abs = path.resolve(p);
  return path.join(realPath(path.dirname(abs)), path.basename(abs));
}

function pointsAt(link: string, target: string): boolean {
  const stat = fs.lstatSync(link, { throwIfNoEntry: false });
  return !!stat?.isSymbolicLink() && path.resolve(path.dirname(link), fs.readlinkSync(link)) === target;
}
