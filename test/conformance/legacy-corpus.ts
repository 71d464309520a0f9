/**
 * Hand-picked legacy series lists and tables for the frontend rules conformance test: each
 * shows one thing Grafana's conversions and the shim's could disagree on.
 */
import type { Series, Table } from "../../src/model/legacy.js";

const limit = 9223372036854; // the widest epoch milliseconds a frame holds (int64 ns)
const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number;

export const seriesCases: Readonly<Record<string, readonly Series[]>> = {
  "null, NaN, ±Inf and -0 values": [
    {
      name: "cpu",
      points: [
        [1, 1000],
        [null, 2000],
        [nan, 3000],
        [inf, 4000],
        [ninf, 5000],
        [-0, 6000],
      ],
    },
  ],
  "tags, one key": [
    { name: "cpu", tags: { host: "a" }, points: [[1, 1000]] },
    { name: "cpu", tags: { host: "b" }, points: [[2, 1000]] },
  ],
  "tags, several keys": [{ name: "load", tags: { host: "a", dc: "x" }, points: [[0.5, 0]] }],
  "empty tags": [{ name: "x", tags: {}, points: [[1, 1]] }],
  "duplicate names": [
    { name: "cpu", points: [[1, 1000]] },
    { name: "cpu", points: [[2, 1000]] },
  ],
  "unsorted points and duplicate times": [
    {
      name: "mem",
      points: [
        [2, 2000],
        [3, 1000],
        [4, 1000],
      ],
    },
  ],
  "sorted and unsorted series together": [
    { name: "a", points: [[1, 1000]] },
    {
      name: "b",
      points: [
        [1, 2000],
        [2, 1000],
      ],
    },
  ],
  "empty series": [{ name: "nothing", points: [] }],
  "no series": [],
  "nameless series": [{ name: "", points: [[1, 1000]] }],
  "nameless tagged series": [{ name: "", tags: { host: "a" }, points: [[1, 1000]] }],
  "names the frontend uses itself": [
    { name: "Value", points: [[1, 1000]] },
    { name: "value", points: [[2, 1000]] },
    { name: "Time", points: [[3, 1000]] },
    { name: "time", tags: { Value: "v" }, points: [[4, 1000]] },
  ],
  "times far from zero": [
    {
      name: "far",
      points: [
        [1, -limit],
        [2, -1],
        [3, 0],
        [4, limit],
      ],
    },
  ],
};

export const tableCases: Readonly<Record<string, Table>> = {
  "empty table": { columns: [], rows: [] },
  "columns without rows": { columns: [{ text: "a" }, { text: "b" }], rows: [] },
  "time column": {
    columns: [{ text: "time" }, { text: "value" }],
    rows: [
      [1000, 1.5],
      [2000, null],
    ],
  },
  "Date column, time going back": {
    columns: [{ text: "Date" }, { text: "n" }, { text: "host" }],
    rows: [
      [2000, 1, "a"],
      [1000, 2, "b"],
    ],
  },
  "time column that cannot be a frame time": {
    columns: [{ text: "time" }, { text: "TIME" }, { text: "date" }],
    rows: [
      [null, "yesterday", 1.5],
      [1000, "today", 1e16],
    ],
  },
  "NaN, ±Inf and -0 cells": {
    columns: [{ text: "x" }],
    rows: [[nan], [inf], [ninf], [-0], [1]],
  },
  "int64, bool, string and bytes columns": {
    columns: [{ text: "i" }, { text: "b" }, { text: "s" }, { text: "bytes" }],
    rows: [
      [5n, true, "x", new Uint8Array([1, 2])],
      [-(2n ** 40n), false, "", new Uint8Array([])],
    ],
  },
  "strings that look like numbers and booleans": {
    columns: [{ text: "n" }, { text: "b" }],
    rows: [
      ["12", "true"],
      ["abc", "no"],
    ],
  },
  "mixed-type columns": {
    columns: [{ text: "m" }, { text: "first null" }],
    rows: [
      [5n, null],
      ["a", nan],
      [true, "s"],
      [new Uint8Array([255]), -0],
      [null, inf],
    ],
  },
  "a column without values, duplicate names": {
    columns: [{ text: "a" }, { text: "a" }, { text: "nothing" }],
    rows: [
      [1, 2, null],
      [3, 4, null],
    ],
  },
};
