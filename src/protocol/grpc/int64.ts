/** int64 values as protobufjs decodes them (Long objects), turned into plain JavaScript once. */
import { ErrorCode, ShimError } from "../../errors.js";

export interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
}

export type WireInt64 = LongLike | number | string;

export function int64ToBigInt(value: WireInt64): bigint {
  if (typeof value === "number") return BigInt(value);
  if (typeof value === "string") return BigInt(value);
  const high = BigInt(value.high) << 32n;
  const low = BigInt(value.low >>> 0);
  return value.unsigned ? BigInt.asUintN(64, high | low) : BigInt.asIntN(64, high | low);
}

/** A number, or a ShimError naming the field when it cannot be one exactly. */
export function int64ToNumber(value: WireInt64, field: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "object") {
    const high = value.unsigned ? value.high >>> 0 : value.high;
    const n = high * 4294967296 + (value.low >>> 0); // exact whenever the result is safe
    if (Number.isSafeInteger(n)) return n;
  }
  const big = int64ToBigInt(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ShimError(ErrorCode.InvalidArgument, `${field} ${big} is out of the supported range`);
  }
  return Number(big);
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Decimal text protobufjs writes exactly; a ShimError when out of int64 range. */
export function bigIntToInt64(value: bigint, field: string): string {
  if (value < int64Min || value > int64Max) {
    throw new ShimError(ErrorCode.InvalidArgument, `${field} ${value} does not fit in int64`);
  }
  return value.toString();
}

/** A count (maxDataPoints, an interval): a number that must not be negative. */
export function int64ToCount(value: WireInt64, field: string): number {
  const n = int64ToNumber(value, field);
  if (n < 0)
    throw new ShimError(ErrorCode.InvalidArgument, `${field} must not be negative (got ${n})`);
  return n;
}
