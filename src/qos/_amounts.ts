import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';
import { kplus } from '../_plus';
import { isQuantity, parseQuantity } from '../_quantity';
import { checkInstance } from '../_validate';

/**
 * A CPU amount such as `Cpu.millis(250)`: a Kubernetes quantity of at least
 * 0 (`Cpu.millis(NaN)` would render `NaNm`). Returns it as rendered.
 */
export function checkCpu(scope: IConstruct, field: string, cpu: unknown): string {
  checkInstance(scope, field, cpu, kplus.Cpu, 'a Cpu such as Cpu.millis(250)');
  const amount: unknown = cpu.amount;
  if (!isQuantity(amount) || parseQuantity(amount as string) < 0n) {
    fail(scope, field, `must be a CPU amount of at least 0 such as Cpu.millis(250) or Cpu.units(1), got ${show(amount)}`);
  }
  return amount as string;
}

/**
 * A memory amount: a `Size` of a whole number of mebibytes, at least 0
 * (`Size.mebibytes(NaN)` would render `NaNMi`). Returns it as rendered, e.g. `256Mi`.
 */
export function checkMemory(scope: IConstruct, field: string, memory: unknown): string {
  checkInstance(scope, field, memory, Size, 'a Size such as Size.mebibytes(256)');
  let mebibytes = NaN;
  try {
    mebibytes = memory.toMebibytes();
  } catch {}
  if (!Number.isInteger(mebibytes) || mebibytes < 0) {
    fail(scope, field, `must be a whole number of mebibytes, got ${show(memory.asString())}`);
  }
  return `${mebibytes}Mi`;
}

/**
 * The size limit of an emptyDir volume: a whole number of mebibytes above 0
 * (cdk8s-plus renders it in mebibytes).
 */
export function checkSizeLimit(scope: IConstruct, field: string, size: unknown): Size {
  const limit = checkMemory(scope, field, size);
  if (limit === '0Mi') fail(scope, field, "must be above 0 such as Size.mebibytes(256), got '0Mi'");
  return size as Size;
}

/**
 * A storage request: a `Size` of a finite amount above 0.
 */
export function checkSize(scope: IConstruct, field: string, size: unknown): Size {
  checkInstance(scope, field, size, Size, 'a Size such as Size.gibibytes(10)');
  const text = size.asString();
  if (!isQuantity(text) || parseQuantity(text) <= 0n) {
    fail(scope, field, `must be a positive size such as Size.gibibytes(10), got ${show(text)}`);
  }
  return size;
}
