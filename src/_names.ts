/*
 * The name rules of Kubernetes (k8s.io/apimachinery/pkg/util/validation), in
 * one place: the construct checks, the helpers that derive names and the
 * manifest validator all use these.
 */

/** A DNS-1123 label without its 63-character limit: most object names, namespaces, container names. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain without its 253-character limit: dot-separated DNS-1123 labels. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1035 label without its 63-character limit: a DNS-1123 label that starts with a letter (Service names). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** An IANA service name without its 15-character limit (container and Service port names); it must also hold a letter. */
export const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A C identifier: what `$(VAR)` expansion and shells expect of an environment variable name. */
export const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a value is a DNS-1123 label of at most 63 characters. */
export function isDnsLabel(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** Whether a value is a DNS-1035 label of at most 63 characters. */
export function isDns1035Label(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && DNS1035_LABEL.test(value);
}

/** Whether a value is a DNS-1123 subdomain of at most 253 characters. */
export function isDnsSubdomain(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}
