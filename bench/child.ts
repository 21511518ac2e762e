/**
 * One measured run: `node child.js <variant> <services> <outdir>` builds the
 * app of one variant, synthesizes it into `outdir` and prints one line of
 * JSON (a {@link RunResult}). The benchmark runs it compiled, in a process of
 * its own; the times are taken from `performance.now()`, milliseconds since
 * the process started.
 */
import * as fs from 'fs';
import * as path from 'path';

const started = performance.now();

/** What one run prints. */
export interface RunResult {
  readonly variant: string;
  readonly services: number;
  /** Milliseconds from the process' start to the first line of this file: Node's own startup. */
  readonly bootMs: number;
  /** Milliseconds to load the app's modules (cdk8s, cdk8s-plus, the library). */
  readonly loadMs: number;
  /** Milliseconds to build the construct tree. */
  readonly buildMs: number;
  /** Milliseconds of `app.synth()`: render, validate, serialize, write. */
  readonly synthMs: number;
  /** Milliseconds from the first line of this file to the end of synth (load + build + synth). */
  readonly appMs: number;
  /** CPU milliseconds of the process (user + system), up to the end of synth. */
  readonly cpuMs: number;
  /** Peak resident set size, in KiB. */
  readonly maxRssKiB: number;
  /** ApiObjects in the app: the manifests of the plain output. */
  readonly objects: number;
  /** Bytes of every file in `outdir` after synth. */
  readonly bytes: number;
  /** Files in `outdir` after synth. */
  readonly files: number;
}

function sizes(folder: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const stat = fs.lstatSync(path.join(folder, entry));
    if (!stat.isFile()) continue;
    bytes += stat.size;
    files++;
  }
  return { bytes, files };
}

async function main(): Promise<void> {
  const [variant, services, outdir] = process.argv.slice(2);
  const { buildApp, VARIANTS } = await import('./apps');
  const { ApiObject } = await import('cdk8s');
  if (!(VARIANTS as readonly string[]).includes(variant)) throw new Error(`unknown variant ${variant}; one of ${VARIANTS.join(', ')}`);
  const loaded = performance.now();
  const app = buildApp(variant as typeof VARIANTS[number], Number(services), outdir);
  const built = performance.now();
  app.synth();
  const synthesized = performance.now();
  const cpu = process.cpuUsage();
  const maxRssKiB = process.resourceUsage().maxRSS;
  const objects = app.node.findAll().filter(c => ApiObject.isApiObject(c)).length;
  const result: RunResult = {
    variant,
    services: Number(services),
    bootMs: started,
    loadMs: loaded - started,
    buildMs: built - loaded,
    synthMs: synthesized - built,
    appMs: synthesized - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKiB,
    objects,
    ...sizes(outdir),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
