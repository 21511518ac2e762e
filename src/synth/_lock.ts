import * as fs from 'fs';
import * as path from 'path';

/** The lock of an output folder: a file holding the pid of the synth writing it. */
export const LOCK = '.cdk8s-patterns-lock';

/**
 * Takes the lock of `outdir`, or throws naming the synth that holds it. The
 * lock file is written complete in `scratch` (a folder of this synth inside
 * `outdir`) and hard-linked into place, which fails if a lock exists. A lock
 * whose process is gone is moved aside into `scratch` and taken over; of two
 * synths that find the same stale lock, only one moves it.
 */
export function acquireLock(outdir: string, scratch: string): void {
  const lock = path.join(outdir, LOCK);
  const mine = path.join(scratch, 'lock');
  const aside = path.join(scratch, 'stale-lock');
  fs.writeFileSync(mine, `${process.pid}\n`);
  let holder: number | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.linkSync(mine, lock);
      return;
    } catch (e) {
      if (!hasCode(e, 'EEXIST')) throw e;
    }
    holder = readPid(lock);
    if (holder === undefined) continue; // released meanwhile
    if (isAlive(holder)) break;
    try {
      fs.renameSync(lock, aside);
    } catch (e) {
      if (hasCode(e, 'ENOENT')) continue; // another synth moved it first
      throw e;
    }
    const moved = readPid(aside);
    if (!Object.is(moved, holder)) {
      // another synth took the stale lock over between our read and our move: give its lock back
      holder = moved;
      try {
        fs.linkSync(aside, lock);
      } catch {
        // a third synth holds the folder now
      }
      break;
    }
  }
  throw new Error(`'outdir' cannot be written, got '${outdir}': another synth (pid ${holder ?? 'unknown'}) is writing it; wait for it to finish, or delete '${path.join(outdir, LOCK)}' if no synth is running`);
}

/** Releases the lock of `outdir` if this process holds it. */
export function releaseLock(outdir: string): void {
  const lock = path.join(outdir, LOCK);
  if (readPid(lock) === process.pid) fs.rmSync(lock, { force: true });
}

/**
 * Whether process `pid` is running. This process counts as gone: a lock or
 * staging folder with its pid was left by an earlier process that had the
 * same pid (a container's app is often pid 1 every time).
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return hasCode(e, 'EPERM');
  }
}

/** Whether `e` is a Node.js error with this `code`. */
export function hasCode(e: unknown, code: string): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === code;
}

/** The pid in a lock file (NaN if unreadable as one), or `undefined` if there is no such file. */
function readPid(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim());
  } catch (e) {
    if (hasCode(e, 'ENOENT')) return undefined;
    throw e;
  }
}
