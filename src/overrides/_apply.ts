import { ApiObject } from 'cdk8s';
import { Overrides } from './overrides';
import { copyJson } from '../_boundary';
import { fail, show } from '../_errors';

/**
 * Applies an object's overrides to its rendered JSON (in place); a problem
 * (a missing list element, a removed field that is not there) is a library error.
 */
export function applyOverrides(object: ApiObject, json: any): void {
  const overrides = object.node.children.find((c): c is Overrides => c instanceof Overrides);
  if (!overrides) return;
  for (const { op, pointer, value } of overrides.operations) {
    const keys = pointer.slice(1).split('/').map(k => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    let holder = json;
    for (const [i, key] of keys.slice(0, -1).entries()) {
      if (Array.isArray(holder) && !(/^\d+$/.test(key) && Number(key) < holder.length)) {
        fail(overrides, `${op}(${pointer})`, `must point into an existing list element, got index '${key}' of a list of ${holder.length} at /${keys.slice(0, i).join('/')}`);
      }
      if (holder[key] === undefined || holder[key] === null) {
        if (op === 'remove') fail(overrides, `remove(${pointer})`, 'must remove a field the object has, got a path that is not there');
        holder[key] = {};
      } else if (typeof holder[key] !== 'object') {
        fail(overrides, `${op}(${pointer})`, `must point into an object or list, got ${show(holder[key])} at /${keys.slice(0, i + 1).join('/')}`);
      }
      holder = holder[key];
    }
    const last = keys[keys.length - 1];
    if (op === 'remove') {
      if (holder[last] === undefined) fail(overrides, `remove(${pointer})`, 'must remove a field the object has, got a path that is not there');
      if (Array.isArray(holder)) holder.splice(Number(last), 1);
      else delete holder[last];
    } else if (Array.isArray(holder) && last === '-') {
      holder.push(copyJson(value));
    } else {
      holder[last] = copyJson(value);
    }
  }
}
