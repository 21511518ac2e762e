/**
 * A custom kind the app may create objects of: one a
 * {@link CustomResourceDefinition} of the app defines, or one of a vendor's
 * definitions imported with {@link ImportedCustomResourceDefinitions}.
 */
export interface ICustomResourceDefinition {
  /** The API group, e.g. `tickets.example.com`. */
  readonly group: string;
  /** The kind, e.g. `Venue`. */
  readonly kind: string;
  /** The resource name in URLs and RBAC rules, e.g. `venues`. */
  readonly plural: string;
  /** Whether the objects live in namespaces. */
  readonly namespaced: boolean;
  /** The versions the API serves. */
  readonly servedVersions: string[];
  /** The version objects are stored in. */
  readonly storageVersion: string;

  /**
   * The apiVersion of the objects in a served version, `<group>/<version>`.
   * @param version the version; default: the storage version
   */
  apiVersionOf(version?: string): string;
}
