import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * Scratch folders for tests, all under one folder per test file that is
 * removed when the file's tests are done, so that a run of the suite leaves
 * nothing in the system's temporary folder. Jest evaluates this module once
 * per test file, so `afterAll` here belongs to the file that imported it.
 */

let root: string | undefined;

afterAll(() => {
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** The folder of this test file's scratch folders, made on first use. */
function rootDir(): string {
  root ??= fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-test-')));
  return root;
}

/** A fresh empty folder, removed with the others when the test file is done. */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(rootDir(), `${prefix}-`));
}
