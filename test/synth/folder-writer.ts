/**
 * The child process that the crash and concurrency tests of the output
 * folder run, kill and race, compiled by `compileWriter`:
 *
 *   node <compiled folder-writer.js> <outdir> <generation> <from> <to> [wait]
 *
 * writes `generation(...)` into `<outdir>`; with `wait`, it prints `ready`
 * once loaded and writes when a line arrives on stdin, so that two of them
 * start writing at the same moment. A failure's message goes to stderr.
 */
import { writeFolderAtomically } from '../../src/synth/_atomic-write';

/**
 * Files `from` to `to - 1` of a generation: manifests at the top and Helm
 * chart files two folders down, each ~1 KB and naming its generation.
 */
export function generation(name: string, from: number, to: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = from; i < to; i++) {
    const file = i % 3 === 0 ? `app-${i}.k8s.yaml` : `charts/c${i % 7}/templates/t-${i}.yaml`;
    files[file] = `# generation ${name}, file ${i}\n${'x: 1\n'.repeat(200)}`;
  }
  return files;
}

if (require.main === module) {
  const [outdir, name, from, to, wait] = process.argv.slice(2);
  const run = () => {
    try {
      writeFolderAtomically(outdir, generation(name, Number(from), Number(to)));
    } catch (e) {
      process.stderr.write((e as Error).message);
      process.exit(1);
    }
    process.exit(0);
  };
  if (wait) {
    process.stdin.once('data', run);
    process.stdout.write('ready\n');
  } else {
    run();
  }
}
