#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { pathScope } from '../_boundary';
import { resolveConfig } from './_config';
import { atLeast, runRules } from './_engine';
import { Format, FORMATS, jsonReport, junitReport, ReportInfo, sarifReport, textReport } from './_formats';
import { LintObject } from './_model';
import { constructPathsNear, parseSource } from './_sources';
import { LintSeverity } from './lint-finding';

/** What the command reads and writes, so that tests can give it files, stdin and a terminal of their own. */
export interface CliIo {
  /** The folder relative paths start from. */
  readonly cwd: string;
  /** The whole of standard input. */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `usage: cdk8s-patterns lint [options] PATH... [-]

Checks Kubernetes manifests against the distillation rules. PATH is a YAML
file or a folder (its *.yaml and *.yml files, recursively; Helm chart folders,
kustomization files and hidden folders are skipped); - reads standard input.

options:
  --format text|json|sarif|junit   output format (default: text)
  --fail-on error|warning|info     exit 1 when a finding is at or above it (default: warning, or the config's failOn)
  --config FILE                    rules on/off, thresholds and suppressions (YAML or JSON, the LintConfig shape)
  -h, --help                       this text

exit status: 0 no finding at or above --fail-on, 1 findings, 2 bad input or usage
`;

const SEVERITIES = Object.values(LintSeverity) as string[];

interface Options {
  readonly format: Format;
  readonly failOn?: LintSeverity;
  readonly config?: string;
  readonly paths: string[];
}

class UsageError extends Error {}

function parseArgs(args: string[]): Options | 'help' {
  let format: Format = 'text';
  let failOn: LintSeverity | undefined;
  let config: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    const option = /^--(format|fail-on|config)(?:=(.*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? args[++i];
      if (value === undefined) throw new UsageError(`'--${option[1]}' needs a value`);
      if (option[1] === 'format') {
        if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`'--format' must be one of ${FORMATS.join(', ')}, got '${value}'`);
        format = value as Format;
      } else if (option[1] === 'fail-on') {
        if (!SEVERITIES.includes(value)) throw new UsageError(`'--fail-on' must be one of ${SEVERITIES.join(', ')}, got '${value}'`);
        failOn = value as LintSeverity;
      } else {
        config = value;
      }
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError('no PATH given: name files or folders to check, or - for standard input');
  return { format, failOn, config, paths };
}

const SKIPPED_FILES = /^(kustomization|Kustomization)\.ya?ml$|^Kustomization$/;

/** The YAML files of a folder, sorted, without Helm charts (noted on stderr), kustomization files and hidden folders. */
function filesOf(dir: string, io: CliIo): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.some(e => e.isFile() && e.name === 'Chart.yaml')) {
    const shown = path.relative(io.cwd, dir) || dir;
    io.stderr(`skipped ${shown}: a Helm chart folder; check what it renders: helm template RELEASE ${shown} | cdk8s-patterns lint -\n`);
    return [];
  }
  return entries.flatMap(e => {
    const full = path.join(dir, e.name);
    if (e.name.startsWith('.') || e.name === 'node_modules') return [];
    if (e.isDirectory()) return filesOf(full, io);
    return e.isFile() && /\.ya?ml$/.test(e.name) && !SKIPPED_FILES.test(e.name) ? [full] : [];
  });
}

function packageVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * The lint command: `cdk8s-patterns lint [options] PATH... [-]`. Returns the
 * exit status (0 clean, 1 findings at or above `--fail-on`, 2 bad input or
 * usage) and never exits the process itself.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'lint') {
    io.stderr(`cdk8s-patterns: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  let options: Options | 'help';
  try {
    options = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`cdk8s-patterns lint: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const bad = (message: string) => {
    io.stderr(`cdk8s-patterns lint: ${message}\n`);
    return 2;
  };

  let raw: unknown = {};
  if (options.config !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(io.cwd, options.config), 'utf-8');
    } catch (e) {
      return bad(`--config ${options.config}: cannot be read: ${(e as Error).message}`);
    }
    try {
      raw = parse(text) ?? {};
    } catch (e) {
      return bad(`--config ${options.config}: is not YAML: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  let config: ReturnType<typeof resolveConfig>;
  try {
    config = resolveConfig(pathScope(options.config ?? 'config'), '', raw);
  } catch (e) {
    return bad((e as Error).message);
  }

  const objects: LintObject[] = [];
  const errors: string[] = [];
  let sources = 0;
  let stdinRead = false;
  for (const given of options.paths) {
    let files: { name: string; text: () => Promise<string> }[];
    if (given === '-') {
      if (stdinRead) return bad("'-' may be given once");
      stdinRead = true;
      files = [{ name: '<stdin>', text: () => io.readStdin() }];
    } else {
      const full = path.resolve(io.cwd, given);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch {
        return bad(`${given}: no such file or folder`);
      }
      const found = stat.isDirectory() ? filesOf(full, io) : [full];
      files = found.map(f => ({ name: path.relative(io.cwd, f) || f, text: async () => fs.readFileSync(f, 'utf-8') }));
    }
    for (const file of files) {
      let text: string;
      try {
        text = await file.text();
      } catch (e) {
        return bad(`${file.name}: cannot be read: ${(e as Error).message}`);
      }
      sources++;
      const paths = file.name === '<stdin>' ? new Map() : constructPathsNear(path.resolve(io.cwd, file.name));
      const parsed = parseSource(text, file.name, objects.length, paths);
      objects.push(...parsed.objects);
      errors.push(...parsed.errors);
    }
  }
  if (errors.length > 0) return bad(`the input is not a set of Kubernetes objects:\n${errors.map(e => `  ${e}`).join('\n')}`);
  if (objects.length === 0) return bad(`nothing to check: ${options.paths.join(' ')} hold${options.paths.length === 1 ? 's' : ''} no Kubernetes objects`);

  const result = runRules(objects, config);
  const info: ReportInfo = { objects: objects.length, files: sources, enabled: config.enabled, cwd: io.cwd, version: packageVersion() };
  const printers = { text: textReport, json: jsonReport, sarif: sarifReport, junit: junitReport };
  io.stdout(printers[options.format](result, info));
  const failOn = options.failOn ?? config.failOn;
  return result.findings.some(f => atLeast(f.severity, failOn)) ? 1 : 0;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', chunk => chunks.push(Buffer.from(chunk)));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf-8')));
    process.stdin.on('error', reject);
  });
}

if (require.main === module) {
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    readStdin,
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
  }).then(code => {
    process.exitCode = code;
  }, e => {
    process.stderr.write(`cdk8s-patterns lint: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  });
}
