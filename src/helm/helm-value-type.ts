/** The JSON type of a {@link HelmValue}, which its schema enforces. */
export enum HelmValueType {
  /** A string. */
  STRING = 'string',
  /** A whole number. */
  INTEGER = 'integer',
  /** Any number. */
  NUMBER = 'number',
  /** `true` or `false`. */
  BOOLEAN = 'boolean',
  /** A map. */
  OBJECT = 'object',
  /** A list. */
  ARRAY = 'array',
}
