import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { checkDnsSubdomain, checkInteger, checkLabelKey, checkLabelValue } from '../_validate';
import { NodeRequirement } from './node-requirement';

/**
 * One thing a pod asks of a node, checked and in the form Kubernetes takes
 * it (`values` as strings); a nodeSelector entry is `key In [value]`.
 */
export interface NodeConstraint {
  /** Whether it is on the node's name (`matchFields`) rather than a label (`matchExpressions`). */
  readonly onName: boolean;
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
  /** Whether it comes from `nodeSelector`, which errors show as `key=value`. */
  readonly selector: boolean;
  /** Who asked for it, which errors name: a rule, or a workload's own nodeSelector. */
  readonly rule: string;
}

/** A requirement as `matchExpressions` and `matchFields` take it. */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

/** A node selector term as Kubernetes takes it: every requirement must hold; an empty list is left out. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: NodeSelectorRequirement[];
  readonly matchFields?: NodeSelectorRequirement[];
}

/**
 * Checks the requirements of a `requireNodes` or `preferNodes` rule, with the
 * API server's rules for each operator (at least one value for In and NotIn,
 * none for Exists and DoesNotExist, one integer for Gt and Lt, one node name
 * for a field), and returns them as constraints.
 */
export function checkRequirements(scope: IConstruct, rule: string, requirements: unknown): NodeConstraint[] {
  const field = `${rule}.requirements`;
  if (!Array.isArray(requirements) || requirements.length === 0) {
    fail(scope, field, `must list at least one NodeRequirement (from NodeRequirement.labelIn(), .labelExists(), .named(), ...), got ${show(requirements)}`);
  }
  return requirements.map((requirement: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!(requirement instanceof NodeRequirement)) {
      fail(scope, at, `must be a NodeRequirement (from NodeRequirement.labelIn(), .labelExists(), .named(), ...), got ${show(requirement)}`);
    }
    const spec = requirement._spec;
    const base = { onName: spec.on === 'name', operator: spec.operator, selector: false, rule };
    if (spec.on === 'name') {
      checkDnsSubdomain(scope, `${at}.name`, spec.values as string);
      return { ...base, key: 'metadata.name', values: [spec.values as string] };
    }
    checkLabelKey(scope, `${at}.key`, spec.key);
    const key = spec.key as string;
    switch (spec.operator) {
      case 'In':
      case 'NotIn':
        return { ...base, key, values: checkValues(scope, `${at}.values`, spec.operator, spec.values) };
      case 'Gt':
      case 'Lt':
        checkInteger(scope, `${at}.value`, spec.values as number, 0);
        return { ...base, key, values: [String(spec.values)] };
      default:
        return { ...base, key, values: [] };
    }
  });
}

function checkValues(scope: IConstruct, field: string, operator: string, values: unknown): string[] {
  if (!Array.isArray(values) || values.length === 0) {
    fail(scope, field, `must list at least one label value for operator ${operator}, got ${show(values)}`);
  }
  values.forEach((value, j) => checkLabelValue(scope, `${field}[${j}]`, value));
  return values as string[];
}

/** Whether two constraints are the same requirement (rendered once). */
export function sameConstraint(a: NodeConstraint, b: NodeConstraint): boolean {
  return a.onName === b.onName && a.key === b.key && a.operator === b.operator
    && a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]);
}

/** Whether no node can meet both constraints. */
export function contradicts(a: NodeConstraint, b: NodeConstraint): boolean {
  if (a.onName !== b.onName || a.key !== b.key) return false;
  return excludes(a, b) || excludes(b, a);
}

function excludes(a: NodeConstraint, b: NodeConstraint): boolean {
  const integers = (values: readonly string[]) => values.filter(v => /^[0-9]+$/.test(v)).map(Number);
  switch (a.operator) {
    case 'DoesNotExist':
      return b.operator !== 'NotIn' && b.operator !== 'DoesNotExist';
    case 'In':
      if (b.operator === 'In') return !a.values.some(v => b.values.includes(v));
      if (b.operator === 'NotIn') return a.values.every(v => b.values.includes(v));
      if (b.operator === 'Gt') return !integers(a.values).some(n => n > Number(b.values[0]));
      if (b.operator === 'Lt') return !integers(a.values).some(n => n < Number(b.values[0]));
      return false;
    case 'Gt':
      return b.operator === 'Lt' && Number(b.values[0]) - Number(a.values[0]) <= 1;
    default:
      return false;
  }
}

/** A constraint as errors show it: `disktype=ssd`, `disktype NotIn [ssd, nvme]`, `cpu-generation Gt 3`, `gpu Exists`. */
export function describe(c: NodeConstraint): string {
  if (c.selector) return `${c.key}=${c.values[0]}`;
  if (c.values.length === 0) return `${c.key} ${c.operator}`;
  if (c.operator === 'Gt' || c.operator === 'Lt') return `${c.key} ${c.operator} ${c.values[0]}`;
  return `${c.key} ${c.operator} [${c.values.join(', ')}]`;
}

/** The node selector term of constraints, in the order they were asked for. */
export function termOf(constraints: readonly NodeConstraint[]): NodeSelectorTerm {
  const render = (c: NodeConstraint): NodeSelectorRequirement => (c.values.length > 0
    ? { key: c.key, operator: c.operator, values: [...c.values] }
    : { key: c.key, operator: c.operator });
  const expressions = constraints.filter(c => !c.onName).map(render);
  const fields = constraints.filter(c => c.onName).map(render);
  return {
    ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
    ...(fields.length > 0 ? { matchFields: fields } : {}),
  };
}
