import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces the folder `outdir` with exactly `files` (relative path → content),
 * never leaving a half-written mix: the files are written to a sibling
 * staging folder first, which is then swapped in by two renames on the same
 * file system (between them, for an instant, `outdir` is absent and the
 * previous output sits in `<outdir>.previous-*`).
 */
export function writeFolderAtomically(outdir: string, files: { readonly [file: string]: string }): void {
  const target = path.resolve(outdir);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = `${target}.staging-${suffix}`;
  const retired = `${target}.previous-${suffix}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    for (const [file, content] of Object.entries(files)) {
      const full = path.join(staging, file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    fs.mkdirSync(staging, { recursive: true });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const hadPrevious = fs.existsSync(target);
  if (hadPrevious) fs.renameSync(target, retired);
  try {
    fs.renameSync(staging, target);
  } catch (e) {
    if (hadPrevious) fs.renameSync(retired, target);
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (hadPrevious) fs.rmSync(retired, { recursive: true, force: true });
}

/**
 * Makes `link` point at `target` (a directory). `link` may be absent, a link
 * or an empty folder; anything else is refused rather than deleted, as is a
 * `link` that contains `target` or lies inside it.
 */
export function linkFolder(link: string, target: string): void {
  const from = path.resolve(link);
  const to = path.resolve(target);
  if (from === to) return;
  if (isWithin(from, to) || isWithin(to, from)) {
    throw new Error(`CDK8S_OUTDIR '${link}' must not contain or lie inside the output folder '${target}'; point it at a separate scratch folder`);
  }
  const existing = fs.lstatSync(from, { throwIfNoEntry: false });
  if (existing?.isDirectory() && fs.readdirSync(from).length > 0) {
    throw new Error(`CDK8S_OUTDIR '${link}' is a folder with files in it; refusing to replace it with a link to '${target}'`);
  }
  fs.rmSync(from, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(from), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(from), to), from, 'junction');
}

function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
