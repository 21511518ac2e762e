import { IConstruct } from 'constructs';
import { fail, show } from './_errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** A DNS-1123 label: container, port-less service and namespace names. */
export function checkDnsLabel(scope: IConstruct | undefined, field: string, value: string): void {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    fail(scope, field, `must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got ${show(value)}`);
  }
}

/** A DNS-1123 subdomain: the name of most Kubernetes objects. */
export function checkDnsSubdomain(scope: IConstruct | undefined, field: string, value: string): void {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    fail(scope, field, `must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters), got ${show(value)}`);
  }
}

/** A port name as Kubernetes accepts it (IANA_SVC_NAME). */
export function checkPortName(scope: IConstruct | undefined, field: string, value: string): void {
  const ok = typeof value === 'string' && value.length <= 15 && IANA_SVC_NAME.test(value)
    && /[a-z]/.test(value) && !value.includes('--');
  if (!ok) {
    fail(scope, field, `must be an IANA service name (at most 15 lowercase letters, digits and single '-', with at least one letter), got ${show(value)}`);
  }
}

/** A TCP/UDP port number. */
export function checkPort(scope: IConstruct | undefined, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(scope, field, `must be an integer within 1-65535, got ${show(value)}`);
  }
}

/** A mount or file path inside a container. */
export function checkAbsolutePath(scope: IConstruct | undefined, field: string, value: string): void {
  if (typeof value !== 'string' || !value.startsWith('/') || value.split('/').includes('..')) {
    fail(scope, field, `must be an absolute path without '..', got ${show(value)}`);
  }
}

/** A container image reference. */
export function checkImage(scope: IConstruct | undefined, field: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
    fail(scope, field, `must be a container image reference such as 'registry/name:1.2.3', got ${show(value)}`);
  }
}
