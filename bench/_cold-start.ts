/**
 * The cold start: `npx cdk8s synth` of the reference app, as the README's
 * quick start runs it (through the repository's `cdk8s.yaml`, which runs
 * `main.ts` with ts-node and swc), against the same CLI running an app that
 * synthesizes an empty cdk8s `App` the same way, and each app's command
 * alone, to tell the CLI's share apart. Both run in scratch copies
 * of the repository's app files (node_modules linked), each synth starting
 * from no output at all, as on a fresh clone; the repository's own
 * `cdk8s.yaml`, `dist/` and `.cdk8s.out` are never touched.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT, timed } from './_runner';

/** The folders of the two scratch apps. */
export interface ColdStartApps {
  readonly reference: string;
  readonly empty: string;
}

const EMPTY_APP = "import { App } from 'cdk8s';\n\nnew App().synth();\n";

function scratchApp(folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) fs.copyFileSync(path.join(ROOT, file), path.join(folder, file));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
}

/** Writes the reference app's copy and the empty app into `work`. */
export function prepareColdStart(work: string): ColdStartApps {
  const reference = path.join(work, 'reference');
  scratchApp(reference);
  for (const file of ['main.ts', 'cdk8s.yaml']) fs.copyFileSync(path.join(ROOT, file), path.join(reference, file));
  fs.cpSync(path.join(ROOT, 'src'), path.join(reference, 'src'), { recursive: true });
  fs.mkdirSync(path.join(reference, 'schemas'));
  fs.copyFileSync(path.join(ROOT, 'schemas', 'kubernetes-1.26.10.json'), path.join(reference, 'schemas', 'kubernetes-1.26.10.json'));
  const empty = path.join(work, 'empty');
  scratchApp(empty);
  fs.writeFileSync(path.join(empty, 'main.ts'), EMPTY_APP);
  // the same app command and output as the repository's cdk8s.yaml, for the empty app
  fs.copyFileSync(path.join(ROOT, 'cdk8s.yaml'), path.join(empty, 'cdk8s.yaml'));
  return { reference, empty };
}

/** The environment of the CLI: the caller's, without what would redirect its output. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('CDK8S_')) delete env[key];
  return env;
}

function clean(folder: string): void {
  for (const out of ['dist', '.cdk8s.out']) fs.rmSync(path.join(folder, out), { recursive: true, force: true });
}

/** Times one `npx cdk8s synth` in an app folder, from no output. */
export function coldSynth(folder: string): number {
  clean(folder);
  return timed('npx', ['cdk8s', 'synth'], { cwd: folder, env: cliEnv() }).wallMs;
}

/** Times the `app` command of an app folder's `cdk8s.yaml` alone, without the CLI, from no output. */
export function coldApp(folder: string): number {
  clean(folder);
  const app: unknown = parse(fs.readFileSync(path.join(folder, 'cdk8s.yaml'), 'utf8'))?.app;
  if (typeof app !== 'string') throw new Error(`${folder}/cdk8s.yaml has no 'app' command`);
  return timed('sh', ['-c', app], { cwd: folder, env: cliEnv() }).wallMs;
}
