import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { fail, show } from '../_errors';

/** One change to a rendered object. */
export interface OverrideOperation {
  /** 'set' (add or replace, creating missing parent objects) or 'remove'. */
  readonly op: string;
  /** The JSON pointer of the field, e.g. `/spec/template/spec/containers/0/workingDir`. */
  readonly pointer: string;
  /** The value set, for 'set'. */
  readonly value?: any;
}

const POINTER = /^(\/([^~/]|~[01])*)+$/;

/**
 * Changes to the JSON of an object after it is rendered: the escape hatch
 * for a field no construct sets. Unlike a cdk8s `addJsonPatch` on a
 * cdk8s-plus object (applied before cdk8s-plus' typed rendering, which drops
 * fields it does not know), nothing drops an override, and the result goes
 * through the same validation as everything else: a misspelled field fails
 * synth with its path and the nearest valid field name.
 *
 * @example
 * Overrides.of(api).set('/spec/template/spec/containers/0/workingDir', '/srv');
 */
export class Overrides extends Construct {
  /**
   * The overrides of an object: of `scope` itself when it is an ApiObject,
   * else of its main ApiObject (`ApiObject.of(scope)`, the child named
   * 'Resource' of a cdk8s-plus or library construct).
   */
  public static of(scope: IConstruct): Overrides {
    if (!Construct.isConstruct(scope)) fail(undefined, 'Overrides.of', `must be given a construct, got ${show(scope)}`);
    const target = ApiObject.isApiObject(scope) ? scope : ApiObject.of(scope);
    const existing = target.node.tryFindChild(ID);
    return existing instanceof Overrides ? existing : new Overrides(target, ID);
  }

  private readonly _operations: OverrideOperation[] = [];

  private constructor(scope: ApiObject, id: string) {
    super(scope, id);
  }

  /** The changes, in the order they are applied; a copy. */
  public get operations(): OverrideOperation[] {
    return this._operations.map(o => ({ ...o }));
  }

  /**
   * Sets a field of the rendered object (adds it, or replaces what is
   * there), creating missing parent objects.
   *
   * @param pointer the field, as a JSON pointer: `/spec/replicas`
   * @param value any JSON value
   */
  public set(pointer: string, value: any): void {
    this.checkPointer(pointer);
    if (value === undefined) fail(this, `set(${pointer})`, 'must be given a value, got undefined; use remove() to delete a field');
    let copy: any;
    try {
      copy = structuredClone(value);
    } catch {
      fail(this, `set(${pointer})`, `must be given a JSON value, got ${show(value)}`);
    }
    this._operations.push({ op: 'set', pointer, value: copy });
  }

  /**
   * Removes a field of the rendered object; synth fails when it is not there.
   *
   * @param pointer the field, as a JSON pointer: `/spec/template/spec/automountServiceAccountToken`
   */
  public remove(pointer: string): void {
    this.checkPointer(pointer);
    this._operations.push({ op: 'remove', pointer });
  }

  private checkPointer(pointer: string): void {
    if (typeof pointer !== 'string' || !POINTER.test(pointer) || pointer.startsWith('/apiVersion') || pointer.startsWith('/kind')) {
      fail(this, 'pointer', `must be a JSON pointer to a field below the object's root such as '/spec/replicas' (not apiVersion or kind), got ${show(pointer)}`);
    }
  }
}

const ID = 'Overrides';
