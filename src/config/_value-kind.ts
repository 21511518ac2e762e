/** What a value is, for an error message, without serializing it (constructs are circular): `an ImmutableConfigMap`. */
export function describeValueKind(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  const name: string = typeof value === 'object' ? value.constructor?.name ?? 'object' : typeof value;
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

/** What a value is, for an error message that must not show it (a secret): `a 12-character string`, `a number`. */
export function secretKind(value: unknown): string {
  return typeof value === 'string' ? `a ${value.length}-character string` : describeValueKind(value);
}
