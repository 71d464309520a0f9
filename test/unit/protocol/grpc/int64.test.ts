/** int64 on the wire (protobufjs Long objects) to plain JavaScript numbers and back. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ShimError } from "../../../../src/errors.js";
import {
  bigIntToInt64,
  int64ToBigInt,
  int64ToNumber,
  type LongLike,
} from "../../../../src/protocol/grpc/int64.js";
import { protoRoot } from "../../../../src/protocol/grpc/proto-root.js";

/** The Long protobufjs would hand over for this value. */
function long(value: bigint, unsigned = false): LongLike {
  return {
    low: Number(BigInt.asIntN(32, value)),
    high: Number(BigInt.asIntN(32, value >> 32n)),
    unsigned,
  };
}

/** A real Long, decoded by protobufjs from an int64 field. */
function decodedInt64(value: bigint): LongLike {
  const type = protoRoot("legacy/datasource.proto").lookupType("models.Point");
  const bytes = type.encode(type.fromObject({ timestamp: value.toString() })).finish();
  return (type.decode(bytes) as unknown as { timestamp: LongLike }).timestamp;
}

const max = BigInt(Number.MAX_SAFE_INTEGER);
const min = BigInt(Number.MIN_SAFE_INTEGER);

describe("int64ToNumber", () => {
  const exact: readonly [string, LongLike | number | string, number][] = [
    ["a number", 5, 5],
    ["a decimal string", "-123", -123],
    ["Long 0", long(0n), 0],
    ["Long 1", long(1n), 1],
    ["Long -1", long(-1n), -1],
    ["Long 2^32", long(2n ** 32n), 2 ** 32],
    ["Long -(2^32) - 1", long(-(2n ** 32n) - 1n), -(2 ** 32) - 1],
    ["Long 2^31 (low word negative as int32)", long(2n ** 31n), 2 ** 31],
    ["Long epoch ms 2026", long(1767366245123n), 1767366245123],
    ["Long -1 ms before 1970", long(-1767366245123n), -1767366245123],
    ["Long MAX_SAFE_INTEGER", long(max), Number.MAX_SAFE_INTEGER],
    ["Long MIN_SAFE_INTEGER", long(min), Number.MIN_SAFE_INTEGER],
    ["unsigned Long 2^32 + 5", long(2n ** 32n + 5n, true), 2 ** 32 + 5],
    ["unsigned Long with the low word's top bit set", long(0xffffffffn, true), 0xffffffff],
  ];
  for (const [name, value, want] of exact) {
    test(name, () => assert.equal(int64ToNumber(value, "f"), want));
  }

  test("Longs decoded by protobufjs, both signs", () => {
    for (const value of [0n, 1n, -1n, 1767366245123n, -86400000n, max, min]) {
      assert.equal(int64ToNumber(decodedInt64(value), "f"), Number(value));
    }
  });

  const tooBig: readonly [string, LongLike | string, string][] = [
    ["Long 2^53", long(2n ** 53n), "9007199254740992"],
    ["Long -(2^53)", long(-(2n ** 53n)), "-9007199254740992"],
    ["Long int64 max", long(2n ** 63n - 1n), "9223372036854775807"],
    ["Long int64 min", long(-(2n ** 63n)), "-9223372036854775808"],
    ["unsigned Long 2^64 - 1", long(2n ** 64n - 1n, true), "18446744073709551615"],
    ["unsigned Long 2^63", long(2n ** 63n, true), "9223372036854775808"],
    ["decimal string 2^53 + 1", "9007199254740993", "9007199254740993"],
  ];
  for (const [name, value, digits] of tooBig) {
    test(`${name}: an error naming the field`, () => {
      assert.throws(
        () => int64ToNumber(value, "queries[3].maxDataPoints"),
        (error: unknown) =>
          error instanceof ShimError &&
          error.code === "invalid_argument" &&
          error.message === `queries[3].maxDataPoints ${digits} is out of the supported range`,
      );
    });
  }

  test("a decoded Long beyond 2^53", () => {
    assert.throws(() => int64ToNumber(decodedInt64(2n ** 60n), "timeRange.toEpochMs"), {
      message: `timeRange.toEpochMs ${2n ** 60n} is out of the supported range`,
    });
  });
});

describe("int64ToBigInt", () => {
  const cases: readonly [LongLike | number | string, bigint][] = [
    [long(2n ** 63n - 1n), 2n ** 63n - 1n],
    [long(-(2n ** 63n)), -(2n ** 63n)],
    [long(-1n), -1n],
    [long(2n ** 64n - 1n, true), 2n ** 64n - 1n],
    [long(2n ** 63n, true), 2n ** 63n],
    [7, 7n],
    ["-9007199254740993", -9007199254740993n],
  ];
  for (const [value, want] of cases) {
    test(String(want), () => assert.equal(int64ToBigInt(value), want));
  }
  test("decoded Longs", () => {
    for (const value of [2n ** 63n - 1n, -(2n ** 63n), -42n]) {
      assert.equal(int64ToBigInt(decodedInt64(value)), value);
    }
  });
});

describe("bigIntToInt64", () => {
  test("the whole int64 range, as exact decimal text protobufjs encodes", () => {
    const type = protoRoot("legacy/datasource.proto").lookupType("models.Point");
    for (const value of [0n, -1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      const text = bigIntToInt64(value, "cell");
      assert.equal(text, value.toString());
      const decoded = type.decode(type.encode({ timestamp: text }).finish()) as unknown as {
        timestamp: LongLike;
      };
      assert.equal(int64ToBigInt(decoded.timestamp), value, `${value} survives the wire`);
    }
  });
  for (const value of [2n ** 63n, -(2n ** 63n) - 1n, 2n ** 64n]) {
    test(`${value}: an error naming the field`, () => {
      assert.throws(
        () => bigIntToInt64(value, "tables[0].rows[2][1]"),
        (error: unknown) =>
          error instanceof ShimError &&
          error.message === `tables[0].rows[2][1] ${value} does not fit in int64`,
      );
    });
  }
});
