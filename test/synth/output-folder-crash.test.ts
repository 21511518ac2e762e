import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileWriter, readTree, written } from './folder-helpers';
import { generation } from './folder-writer';
import { writeFolderAtomically } from '../../src/synth/_atomic-write';

const JOURNAL = '.cdk8s-patterns-journal';
const LOCK = '.cdk8s-patterns-lock';
// the previous output, the output of the synth that is killed, and that of the synth after it: they overlap
const A = generation('a', 0, 300);
const B = generation('b', 150, 450);
const C = generation('c', 200, 500);

let build: string;
let writerArgs: string[];
let tmp: string;

beforeAll(() => {
  build = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-writer-'));
  writerArgs = compileWriter(build);
});

afterAll(() => {
  fs.rmSync(build, { recursive: true, force: true });
});

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'output-folder-crash-')));
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the writer as a child process, to the end or until the test hook `kill` (`<step>:<n>`) kills it. */
function runWriter(outdir: string, files: [string, number, number], kill: string): Exit & { pid: number } {
  const env = { ...process.env, CDK8S_PATTERNS_TEST_KILL: kill };
  const child = spawnSync(process.execPath, [...writerArgs, outdir, ...files.map(String)], { env, encoding: 'utf8' });
  return { status: child.status, signal: child.signal, stderr: child.stderr, pid: child.pid! };
}

interface Writer {
  readonly pid: number;
  readonly exit: Promise<Exit>;
  /** Starts the write. */
  go(): void;
  kill(): void;
}

/** Starts the writer as a child process that waits, loaded, for {@link Writer.go}. */
function startWriter(outdir: string, files: [string, number, number]): Promise<Writer> {
  const child = spawn(process.execPath, [...writerArgs, outdir, ...files.map(String), 'wait']);
  let stderr = '';
  child.stderr.on('data', data => stderr += data);
  const exit = new Promise<Exit>(resolve => child.on('close', (status, signal) => resolve({ status, signal, stderr })));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve({ pid: child.pid!, go: () => child.stdin.write('go\n'), kill: () => child.kill('SIGKILL'), exit }));
    void exit.then(early => reject(new Error(`the writer exited before it was ready: ${early.stderr}`)));
  });
}

/** A folder's tree without the lock and staging folders a killed synth leaves. */
function withoutLeftovers(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([file]) => file !== LOCK && !file.startsWith('.cdk8s-patterns-staging-')));
}

describe('writeFolderAtomically, killed or raced', () => {
  test('a synth killed while it writes its staging folder leaves the previous output as it was', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, A);
    const before = readTree(outdir);

    // WHEN
    const killed = runWriter(outdir, ['b', 150, 450], 'stage:200');

    // THEN
    expect(killed.signal).toBe('SIGKILL');
    const after = readTree(outdir);
    expect(withoutLeftovers(after)).toEqual(before);
    expect(fs.readdirSync(outdir).filter(name => name.startsWith('.cdk8s-patterns-')).sort()).toEqual([
      '.cdk8s-patterns-files', LOCK, expect.stringMatching(new RegExp(`^\\.cdk8s-patterns-staging-${killed.pid}-`)),
    ]);
    // what it left holds no file kubectl, Argo CD or Flux would read
    expect(Object.keys(after).filter(file => file.startsWith('.cdk8s-patterns-') && /\.(ya?ml|json)$/.test(file))).toEqual([]);
  });

  test('the synth after one killed while staging takes over its lock and deletes its staging folder', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, A);
    expect(runWriter(outdir, ['b', 150, 450], 'stage:200').signal).toBe('SIGKILL');

    // WHEN
    writeFolderAtomically(outdir, C);

    // THEN
    expect(readTree(outdir)).toEqual(written(C));
  });

  test('a synth killed between the renames of its commit is completed by the next synth', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, A);
    expect(runWriter(outdir, ['b', 150, 450], 'commit:100').signal).toBe('SIGKILL');
    const half = readTree(outdir);
    expect(half[JOURNAL]).toBeDefined();
    expect(Object.values(half).some(content => content.startsWith('# generation a'))).toBe(true);
    expect(Object.values(half).some(content => content.startsWith('# generation b'))).toBe(true);

    // WHEN
    writeFolderAtomically(outdir, B);

    // THEN
    expect(readTree(outdir)).toEqual(written(B));
  });

  test('the synth after one killed mid-commit rolls that commit forward before writing its own files', () => {
    // GIVEN
    const outdir = path.join(tmp, 'dist');
    writeFolderAtomically(outdir, A);
    expect(runWriter(outdir, ['b', 150, 450], 'commit:100').signal).toBe('SIGKILL');

    // WHEN (without the roll-forward, the files of b already moved would be foreign to it: in the way, or left over)
    writeFolderAtomically(outdir, C);

    // THEN
    expect(readTree(outdir)).toEqual(written(C));
  });

  test('a synth killed at any moment leaves the previous output, the new one, or one the next synth completes', async () => {
    // how long a write takes on this machine now, to kill writers at moments across it
    const probe = path.join(tmp, 'probe');
    writeFolderAtomically(probe, A);
    const timed = await startWriter(probe, ['b', 150, 450]);
    const started = Date.now();
    timed.go();
    expect((await timed.exit).status).toBe(0);
    const took = Date.now() - started;
    expect(readTree(probe)).toEqual(written(B));
    for (const moment of [0, 0.2, 0.4, 0.55, 0.7, 0.85]) {
      // GIVEN
      const outdir = path.join(tmp, `dist-${moment}`);
      writeFolderAtomically(outdir, A);
      const before = readTree(outdir);
      const writer = await startWriter(outdir, ['b', 150, 450]);

      // WHEN
      writer.go();
      await new Promise(resolve => setTimeout(resolve, moment * took));
      writer.kill();
      const exit = await writer.exit;

      // THEN
      const after = readTree(outdir);
      if (exit.status === 0) {
        expect(after).toEqual(written(B));
      } else if (after[JOURNAL] === undefined) {
        // killed before the journal existed (the previous output), or after the commit finished (the new one)
        const left = withoutLeftovers(after);
        expect([before, written(B)]).toContainEqual(left);
      }
      writeFolderAtomically(outdir, C);
      expect(readTree(outdir)).toEqual(written(C));
    }
  }, 30_000);

  test('of two synths started together, the second fails naming the first, and the folder holds one output whole', async () => {
    const outdir = path.join(tmp, 'dist');
    let raced = 0;
    for (let round = 0; round < 5; round++) {
      // GIVEN
      const x = generation(`x${round}`, 0, 600);
      const y = generation(`y${round}`, 100, 700);
      const writers = await Promise.all([startWriter(outdir, [`x${round}`, 0, 600]), startWriter(outdir, [`y${round}`, 100, 700])]);

      // WHEN
      writers.forEach(writer => writer.go());
      const [ex, ey] = await Promise.all(writers.map(writer => writer.exit));

      // THEN
      const after = readTree(outdir);
      if (ex.status === 0 && ey.status === 0) {
        expect([written(x), written(y)]).toContainEqual(after);
        continue;
      }
      raced++;
      const [winner, loser, files] = ex.status === 0 ? [writers[0], ey, x] : [writers[1], ex, y];
      expect(loser.stderr).toBe(
        `'outdir' cannot be written, got '${outdir}': another synth (pid ${winner.pid}) is writing it; wait for it to finish, or delete '${outdir}/${LOCK}' if no synth is running`);
      expect(loser.status).toBe(1);
      expect(after).toEqual(written(files));
    }
    expect(raced).toBeGreaterThan(0);
  }, 30_000);
});
