/**
 * The one place that names the cdk8s-plus line this library builds on, so
 * that moving to a newer one is a small, visible change, and the one place
 * that reaches into cdk8s-plus and cdk8s internals: each reach is a named
 * helper or an internal interface here, pinned by a contract test in
 * test/plus/contract.test.ts.
 */
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';

export { k8s, kplus };

/**
 * The internal methods of cdk8s-plus' workloads that this library's
 * workloads override or call. A workload `implements` it, so that its
 * overrides are found from here.
 *
 * @internal
 */
export interface PlusWorkloadInternals {
  /**
   * The workload's spec: cdk8s-plus renders `spec` as
   * `Lazy.any({ produce: () => this._toKube() })`, so what an override
   * returns is the spec in the manifest. The ReplicaSet and the bare Pod
   * render theirs the same way.
   */
  _toKube(): unknown;

  /** The pod template's spec, which cdk8s-plus' `_toKube()` renders. */
  _toPodSpec(): k8s.PodSpec;

  /** The pod selector `select()` builds, which cdk8s-plus' `_toKube()` renders. */
  _toLabelSelector(): k8s.LabelSelector;

  /**
   * Public, but relied on for more than its documentation says:
   * `addContainer()` builds the container and hands it here, so that an
   * override sees every container that joins the pod.
   */
  attachContainer(cont: kplus.Container): void;
}

/**
 * The internal method of cdk8s-plus' Service that the StatefulSet's
 * governing Service overrides.
 *
 * @internal
 */
export interface PlusServiceInternals {
  /** The Service's spec, rendered as `Lazy.any({ produce: () => this._toKube() })`. */
  _toKube(): k8s.ServiceSpec;
}

/** The Kubernetes JSON of a cdk8s-plus label selector, which only its internal `_toKube()` gives. */
export function labelSelectorOf(selector: kplus.LabelSelector): k8s.LabelSelector {
  return selector._toKube();
}

/**
 * The startup probe cdk8s-plus renders for a container, if any: its
 * `startup` prop, or the TCP probe it adds for `portNumber`. cdk8s-plus
 * keeps it in the private field `Container._startup` and renders it with the
 * internal `Probe._toKube(container)`.
 */
export function startupProbeOf(container: kplus.Container): k8s.Probe | undefined {
  if (!('_startup' in container)) {
    throw new Error("cdk8s-plus no longer keeps a container's startup probe in Container._startup: update startupProbeOf in src/_plus.ts");
  }
  const probe = (container as unknown as { readonly _startup?: kplus.Probe })._startup;
  return probe?._toKube(container);
}

/** One JSON patch operation, as RFC 6902 writes it. */
export interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/**
 * The JSON patches added to an ApiObject with `addJsonPatch`: cdk8s keeps them
 * in a private field and exposes each operation through its internal
 * `_toJson()`.
 */
export function patchesOf(object: object): PatchOperation[] {
  const patches: unknown = (object as { patches?: unknown }).patches;
  if (!Array.isArray(patches)) return [];
  return patches.map(p => (p as { _toJson(): PatchOperation })._toJson());
}

/**
 * The ApiObjects of a chart in the order `chart.toJson()` renders them:
 * cdk8s' dependency order, each object in its closest chart, as cdk8s'
 * internal `chartToKube()` lists them.
 */
export function apiObjectsOf(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

/**
 * True when no construct of the app has a dependency (`addDependency`) and
 * no chart holds another: cdk8s' dependency graph of any part of it then
 * has no edges, and cdk8s' resolution of dependencies adds none.
 */
export function withoutDependencies(app: App): boolean {
  return app.node.findAll().every(c => c.node.dependencies.length === 0 && !(Chart.isChart(c) && c.node.children.some(Chart.isChart)));
}

/**
 * The constructs of a subtree in the order cdk8s' `DependencyGraph` lists
 * them when it has no edges: its vertices are the keys of an object keyed
 * by construct path, so integer-like paths come first, then the rest in
 * `findAll()` order.
 */
function edgelessOrder(root: IConstruct): IConstruct[] {
  const byPath: { [path: string]: IConstruct } = {};
  for (const c of root.node.findAll()) byPath[c.node.path] = c;
  return Object.values(byPath);
}

/** The charts of an app in `app.charts` order; `edgeless` is {@link withoutDependencies} of the app. */
export function chartsOf(app: App, edgeless: boolean): Chart[] {
  return edgeless ? edgelessOrder(app).filter(Chart.isChart) : app.charts;
}

/**
 * A chart's objects and their manifests, as `chart.toJson()` renders them
 * (see {@link apiObjectsOf}). `chart.toJson()` resolves the dependencies of
 * the whole app and validates the whole app, again for every chart; in an
 * app without dependencies (`edgeless`) the first does nothing and the
 * order needs no graph, so this renders the objects alone and leaves the
 * validation to the caller, once for the app.
 */
export function renderChartObjects(chart: Chart, edgeless: boolean): { objects: ApiObject[]; manifests: any[] } {
  if (!edgeless) {
    const manifests = chart.toJson();
    return { objects: apiObjectsOf(chart), manifests };
  }
  const objects = edgelessOrder(chart).filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
  return { objects, manifests: objects.map(o => o.toJson()) };
}

/** The node affinity terms of a pod's cdk8s-plus scheduling, as it renders them. */
export interface NodeAffinityTerms {
  /** Rendered as `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, which Kubernetes ORs. */
  readonly required: unknown[];
  /** Rendered as `preferredDuringSchedulingIgnoredDuringExecution`: `{ weight, preference }` each. */
  readonly preferred: unknown[];
}

/**
 * The lists in which cdk8s-plus' `PodScheduling` keeps the node affinity
 * terms `attract()` adds (private fields). A term pushed here may carry
 * `matchFields`, which `attract()` cannot express, and may be a `Lazy`,
 * which cdk8s resolves when it renders the pod.
 */
export function nodeAffinityTerms(scheduling: object): NodeAffinityTerms {
  const internals = scheduling as { _nodeAffinityRequired?: unknown; _nodeAffinityPreferred?: unknown };
  const required = internals._nodeAffinityRequired;
  const preferred = internals._nodeAffinityPreferred;
  if (!Array.isArray(required) || !Array.isArray(preferred)) {
    throw new Error('cdk8s-plus no longer keeps node affinity terms in PodScheduling._nodeAffinityRequired and _nodeAffinityPreferred: update nodeAffinityTerms in src/_plus.ts');
  }
  return { required, preferred };
}
