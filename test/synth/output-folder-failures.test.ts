import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree, written } from './folder-helpers';
import { generation } from './folder-writer';
import { writeFolderAtomically } from '../../src/synth/_atomic-write';

jest.mock('fs', () => {
  const real = jest.requireActual('fs');
  return { ...real, writeFileSync: jest.fn(real.writeFileSync), renameSync: jest.fn(real.renameSync) };
});

const real: typeof fs = jest.requireActual('fs');
const mocked = jest.mocked(fs);
const A = generation('a', 0, 100);
const B = generation('b', 50, 150);

let tmp: string;

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'output-folder-failures-')));
});

afterEach(() => {
  mocked.writeFileSync.mockImplementation(real.writeFileSync);
  mocked.renameSync.mockImplementation(real.renameSync);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** An error as Node.js throws it for a failed system call. */
function systemError(code: string, message: string, syscall: string): Error {
  return Object.assign(new Error(`${code}: ${message}, ${syscall}`), { code, syscall });
}

describe('writeFolderAtomically, when the disk fails', () => {
  test('fails when a staged write fails (the disk is full), leaving the previous output byte for byte', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, A);
    const before = readTree(outdir);
    let writes = 0;
    mocked.writeFileSync.mockImplementation((...args) => {
      if (++writes === 40) throw systemError('ENOSPC', 'no space left on device', 'write');
      return real.writeFileSync(...args);
    });

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, B)).toThrow(
      `'outdir' cannot be written, got '${outdir}': ENOSPC: no space left on device, write; the previous output is untouched`);
    expect(readTree(outdir)).toEqual(before);
  });

  test('fails when a rename of the commit fails, and the next synth completes the commit', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, A);
    let renames = 0;
    mocked.renameSync.mockImplementation((...args) => {
      if (++renames === 10) throw systemError('EIO', 'i/o error', 'rename');
      return real.renameSync(...args);
    });

    // WHEN / THEN
    expect(() => writeFolderAtomically(outdir, B)).toThrow(
      `'outdir' cannot be written, got '${outdir}': EIO: i/o error, rename; it is partly replaced; the next synth completes the replacement`);
    expect(readTree(outdir)['.cdk8s-patterns-journal']).toBeDefined();
    mocked.renameSync.mockImplementation(real.renameSync);
    writeFolderAtomically(outdir, generation('c', 120, 200));
    expect(readTree(outdir)).toEqual(written(generation('c', 120, 200)));
  });
});
