import type { Frame } from "../../src/model/frame.js";
import { field } from "./helpers.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Every field type, nullable twins with nulls, extremes, NaN/±Inf, ns times, odd names. */
export function allTypesFrame(): Frame {
  return {
    name: "all types",
    refId: "A",
    meta: { executedQueryString: "SELECT 1", custom: { nested: [1, "two", null] } },
    fields: [
      field("time", "time", [0, 1568039445000, -1, 9223372036854, -9223372036855], {
        nanos: [0, 1, 999999, 775807, 224192],
        config: { interval: 1000 },
      }),
      field("time", "time", [null, 1568039445123, null, 0, 1], { nullable: true }),
      field("", "int8", [-128, 127, 0, -1, 1], { labels: { host: "a", dc: "eu" } }),
      field("i16", "int16", [-32768, 32767, null, 0, 1], { nullable: true }),
      field("i32", "int32", [-2147483648, 2147483647, 0, -1, 1]),
      field("i64", "int64", [INT64_MIN, INT64_MAX, null, -(2n ** 53n) - 1n, 2n ** 53n + 1n], {
        nullable: true,
      }),
      field("u8", "uint8", [0, 255, 1, 2, 3]),
      field("u16", "uint16", [0, 65535, null, 2, 3], { nullable: true }),
      field("u32", "uint32", [0, 4294967295, 1, 2, 3]),
      field("u64", "uint64", [0n, UINT64_MAX, null, 2n ** 53n + 1n, 1n], { nullable: true }),
      field("f32", "float32", [Math.fround(0.1), Number.NaN, Infinity, -Infinity, -0]),
      field("f64", "float64", [Number.MIN_VALUE, Number.MAX_VALUE, Number.NaN, null, -Infinity], {
        nullable: true,
      }),
      field("s", "string", ["", "ascii", "❤️ 🦥", 'line\nbreak "quoted"', "\u0000"]),
      field("s?", "string", [null, "x", "", "é", null], { nullable: true }),
      field("b", "bool", [true, false, true, false, true]),
      field("b?", "bool", [null, false, true, null, true], { nullable: true }),
      field("j", "json", [{ a: 1 }, [1, 2, 3], "text", null, 12.5]),
      field("j?", "json", [null, { b: { c: [true] } }, 0, false, null], { nullable: true }),
      field("e", "enum", [0, 1, 2, 65535, 3], {
        config: { type: { enum: { text: ["zero", "one", "two"] } } },
      }),
      field("e?", "enum", [null, 1, null, 0, 2], { nullable: true }),
    ],
  };
}

/** Ten time + float64 series of `points` rows, built from typed arrays. */
export function seriesFrames(series: number, points: number): Frame[] {
  return Array.from({ length: series }, (_, s) => {
    const time = new Float64Array(points);
    const value = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      time[i] = 1_700_000_000_000 + i * 1000;
      value[i] = Math.sin(i / 100 + s);
    }
    return {
      name: `series ${s}`,
      refId: "A",
      fields: [
        field("time", "time", time),
        field("value", "float64", value, { labels: { series: String(s) } }),
      ],
    };
  });
}
