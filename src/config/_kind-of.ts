/** What a value is, for an error message, without serializing it (constructs are circular): `an ImmutableConfigMap`. */
export function kindOf(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  const name: string = typeof value === 'object' ? value.constructor?.name ?? 'object' : typeof value;
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}
