import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { checkType } from '../_validate';

/** A range of IP addresses: the first address as a number, the prefix length, the family's width. */
interface Cidr {
  readonly address: bigint;
  readonly prefix: number;
  /** 32 for IPv4, 128 for IPv6. */
  readonly bits: number;
}

const CIDR_RULE = "must be a CIDR: an IPv4 or IPv6 address and a prefix length, such as '10.0.0.0/8' or '2001:db8::/32'";

/**
 * Fails unless a value is a CIDR whose address is the first of its range
 * (no bit set after the prefix length): the API server takes
 * `10.0.0.1/24` as `10.0.0.0/24`, which is seldom what was meant.
 * IPv4 parts are decimal without leading zeros, which some tools read as octal.
 */
export function checkCidr(scope: IConstruct, field: string, value: unknown): void {
  cidrOf(scope, field, value);
}

/**
 * Fails unless `except` lists CIDRs strictly inside `cidr`, as a
 * NetworkPolicy's `ipBlock` takes them; `cidr` is checked first.
 */
export function checkIpBlock(scope: IConstruct, cidr: unknown, except: unknown): void {
  const range = cidrOf(scope, 'cidr', cidr);
  checkType(scope, 'except', except, 'array');
  (except as unknown[]).forEach((item, i) => {
    const inner = cidrOf(scope, `except[${i}]`, item);
    const size = rangeSize(range);
    const inside = inner.bits === range.bits && inner.prefix > range.prefix && inner.address / size === range.address / size;
    if (!inside) fail(scope, `except[${i}]`, `must be a range strictly inside 'cidr' ${show(cidr)} (of the same IP family, with a longer prefix), got ${show(item)}`);
  });
}

function cidrOf(scope: IConstruct, field: string, value: unknown): Cidr {
  checkType(scope, field, value, 'string');
  const text = value as string;
  const slash = text.indexOf('/');
  const address = slash < 0 ? undefined : parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) fail(scope, field, `${CIDR_RULE}, got ${show(value)}`);
  const prefix = Number(prefixText);
  if (prefix > address.bits) fail(scope, field, `must have a prefix length of at most ${address.bits} for an IPv${address.bits === 32 ? 4 : 6} address, got ${show(value)}`);
  const size = rangeSize({ prefix, bits: address.bits });
  const first = address.value - address.value % size;
  if (first !== address.value) {
    fail(scope, field, `must have no address bit set after the prefix length, got ${show(value)}; write '${format(first, address.bits)}/${prefix}', the first address of the range`);
  }
  return { address: first, prefix, bits: address.bits };
}

/** How many addresses a range of that prefix length holds. */
function rangeSize(range: { prefix: number; bits: number }): bigint {
  return 2n ** BigInt(range.bits - range.prefix);
}

function parseAddress(text: string): { value: bigint; bits: number } | undefined {
  if (!text.includes(':')) {
    const value = parseIpv4(text);
    return value === undefined ? undefined : { value, bits: 32 };
  }
  const value = parseIpv6(text);
  return value === undefined ? undefined : { value, bits: 128 };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every(p => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256n + BigInt(p), 0n);
}

/** An IPv6 address in any RFC 4291 text form: hexadecimal groups, one `::`, an IPv4 tail. */
function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map(h => (h === '' ? [] : h.split(':')));
  const all = groups.flat();
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    const tail = groups[groups.length - 1];
    tail.splice(tail.length - 1, 1, (v4 / 65536n).toString(16), (v4 % 65536n).toString(16));
  }
  const count = groups.reduce((n, g) => n + g.length, 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  if (!groups.flat().every(g => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const hex = halves.length === 1 ? groups[0] : [...groups[0], ...Array(8 - count).fill('0'), ...groups[1]];
  return hex.reduce((acc, g) => acc * 65536n + BigInt(`0x${g}`), 0n);
}

/** An address as text: dotted decimal, or RFC 5952 IPv6 (lowercase, the longest run of zero groups as `::`). */
function format(value: bigint, bits: number): string {
  if (bits === 32) return [3n, 2n, 1n, 0n].map(i => String(value / 256n ** i % 256n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number(value / 65536n ** BigInt(7 - i) % 65536n));
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map(g => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
