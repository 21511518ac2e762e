import { HelmValueType } from './helm-value-type';

/** The JSON type of a value, undefined when it is not JSON. */
export function typeOf(value: unknown): HelmValueType | undefined {
  if (typeof value === 'string') return HelmValueType.STRING;
  if (typeof value === 'boolean') return HelmValueType.BOOLEAN;
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? HelmValueType.INTEGER : HelmValueType.NUMBER;
  if (Array.isArray(value)) return HelmValueType.ARRAY;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return HelmValueType.OBJECT;
  return undefined;
}

/** Whether a JSON value is of a type (an integer is a number too). */
export function fits(type: HelmValueType, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === type || (type === HelmValueType.NUMBER && actual === HelmValueType.INTEGER);
}
