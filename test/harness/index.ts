import { App, AppProps, Chart, Testing } from 'cdk8s';
import { assertValidManifests } from './schema';
import { scratchDir } from './tmp';
import { PodSecurity, PodSecurityAudit, PodSecurityLevel } from '../../src';
import { podSpecOf } from '../../src/_pod-template';
import { definitionsIn } from '../../src/synth/_checks';

/** Options of {@link synth}. */
export interface SynthOptions {
  /**
   * The Pod Security level every pod must meet. Default: the level each
   * pod's namespace enforces, restricted where none is declared.
   */
  readonly podSecurityLevel?: PodSecurityLevel;
}

/** `Testing.app()`, writing into a scratch folder the test file removes when done (Testing.app() leaves one behind per app). */
export function testApp(props: AppProps = {}): App {
  return Testing.app({ outdir: scratchDir('outdir'), ...props });
}

/** A fresh chart in a fresh app, as the tests build them. */
export function newChart(id = 'test'): Chart {
  return new Chart(testApp(), id);
}

/**
 * Synthesizes a chart (or every chart of an app) and runs the harness checks
 * on every object: strict schema validation against the Kubernetes 1.26
 * OpenAPI document, and the Pod Security Standard.
 */
export function synth(scope: Chart | App, options: SynthOptions = {}): any[] {
  const manifests = scope instanceof App
    ? scope.charts.flatMap(c => c.toJson())
    : Testing.synth(scope);
  checkAll(manifests, options, definitionsIn(scope.node.root));
  return manifests;
}

/** Runs the harness checks on manifests built elsewhere (e.g. read from dist/). */
export function checkAll(manifests: any[], options: SynthOptions = {}, customResourceDefinitions: any[] = []): void {
  assertValidManifests(manifests, customResourceDefinitions);
  const level = options.podSecurityLevel;
  const problems = level === undefined
    ? PodSecurityAudit.describe(PodSecurityAudit.findings(manifests))
    : manifests.flatMap(m => PodSecurity.check(m, level).map(v => `${m.kind} ${m.metadata?.name}: ${v.field} (${v.rule}): ${v.message}`));
  if (problems.length > 0) {
    throw new Error(`Pod Security Standard violated:\n  ${problems.join('\n  ')}`);
  }
}

/** The one object of that kind (and name, when given); fails when there is not exactly one. */
export function find(manifests: any[], kind: string, name?: string): any {
  const hits = manifests.filter(m => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (hits.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${hits.length}: ${manifests.map(m => `${m.kind}/${m.metadata?.name}`).join(', ')}`);
  }
  return hits[0];
}

/** The pod spec of the one workload of that kind (and name). */
export function podSpec(manifests: any[], kind: string, name?: string): any {
  return podSpecOf(find(manifests, kind, name))!.spec;
}

/** A container of a pod spec by name. */
export function container(spec: any, name: string): any {
  const c = [...spec.containers, ...(spec.initContainers ?? [])].find((x: any) => x.name === name);
  if (!c) throw new Error(`no container '${name}' in pod (has ${spec.containers.map((x: any) => x.name).join(', ')})`);
  return c;
}
