import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The state of PatternsApp's render pass, kept on the app's root while it runs. */
interface RenderPass {
  /** True while cdk8s renders the charts: the library's checks wait for the pass to run them. */
  deferring: boolean;
  /** Each object's manifest as cdk8s rendered it, once the charts are rendered. */
  readonly rendered: Map<ApiObject, any>;
}

const PASS = Symbol.for('cdk8s-patterns.render-pass');

function passOf(scope: IConstruct): RenderPass | undefined {
  return (scope.node.root as any)[PASS];
}

/**
 * Runs `render` as the one render pass of the app whose root is `root`: the
 * library's synth-time checks ({@link addCheck}) are skipped while cdk8s
 * renders the charts, then `check` runs them, and an object a check reads
 * ({@link renderedJson}) is the manifest that render made, not a second
 * rendering of it. Without a pass (a plain cdk8s App), checks run inside
 * cdk8s' own validation and render what they read.
 */
export function renderPass<R, C>(root: IConstruct, render: () => R, objectsOf: (r: R) => Array<[ApiObject, any]>, check: (r: R) => C): C {
  const pass: RenderPass = { deferring: true, rendered: new Map() };
  (root as any)[PASS] = pass;
  try {
    const result = render();
    for (const [object, manifest] of objectsOf(result)) pass.rendered.set(object, manifest);
    pass.deferring = false;
    return check(result);
  } finally {
    delete (root as any)[PASS];
  }
}

/** True while a render pass renders: a synth-time check of `scope` runs later, on what it rendered. */
export function checksDeferred(scope: IConstruct): boolean {
  return passOf(scope)?.deferring === true;
}

/**
 * The manifest an object renders: within a render pass, the one the pass
 * rendered (read it, never change it); otherwise `object.toJson()`.
 */
export function renderedJson(object: ApiObject): any {
  const found = passOf(object)?.rendered.get(object);
  return found !== undefined ? found : object.toJson();
}
