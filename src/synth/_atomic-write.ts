import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces the folder `outdir` with exactly `files` (relative path → content)
 * so that a reader sees either the previous folder or the new one, never a
 * half-written mix: the files are written to a sibling staging folder first,
 * which is then swapped in by two renames on the same file system.
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
 * Makes `link` point at `target` (a directory), replacing whatever `link` was.
 */
export function linkFolder(link: string, target: string): void {
  const from = path.resolve(link);
  const to = path.resolve(target);
  if (from === to) return;
  fs.rmSync(from, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(from), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(from), to), from, 'junction');
}
