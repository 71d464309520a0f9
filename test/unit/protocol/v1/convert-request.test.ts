/** `models.DatasourceRequest` into the legacy model: every field arrives, bad queries fail alone. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type protobuf from "protobufjs";
import { ShimError } from "../../../../src/errors.js";
import type { LegacyRequest } from "../../../../src/model/legacy.js";
import { protoRoot } from "../../../../src/protocol/grpc/proto-root.js";
import {
  type ConvertedRequest,
  legacyRequestFromProto,
} from "../../../../src/protocol/v1/convert-request.js";
import type { WireDatasourceRequest } from "../../../../src/protocol/v1/wire.js";

const requestType = () =>
  protoRoot("legacy/datasource.proto").lookupType("models.DatasourceRequest");

/** What the gRPC server hands the converter: the message after a trip through the wire. */
function fromWire(message: Record<string, unknown>): WireDatasourceRequest {
  const type = requestType();
  const bytes = type.encode(type.fromObject(message)).finish();
  return type.decode(bytes) as unknown as WireDatasourceRequest;
}

function convert(message: Record<string, unknown>): ConvertedRequest {
  return legacyRequestFromProto(fromWire(message));
}

/** Paths of every scalar, enum and map field under a message type, e.g. `queries.refId`. */
function leafPaths(type: protobuf.Type, prefix = ""): string[] {
  return type.fieldsArray.flatMap((field) => {
    const path = `${prefix}${field.name}`;
    const nested = field.resolvedType;
    if (!field.map && nested && "fieldsArray" in nested) {
      return leafPaths(nested as protobuf.Type, `${path}.`);
    }
    return [path];
  });
}

/** Builds a message with every leaf set to the value `valueFor` gives for its path. */
function fullMessage(
  type: protobuf.Type,
  valueFor: (path: string, field: protobuf.Field) => unknown,
  prefix = "",
): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const path = `${prefix}${field.name}`;
    const nested = field.resolvedType;
    const value =
      !field.map && nested && "fieldsArray" in nested
        ? fullMessage(nested as protobuf.Type, valueFor, `${path}.`)
        : valueFor(path, field);
    message[field.name] = field.repeated && !field.map ? [value] : value;
  }
  return message;
}

interface Arrival {
  /** What to send; by default derived from the field's type and path. */
  readonly send?: unknown;
  readonly read: (request: LegacyRequest) => unknown;
  /** What must arrive; by default the sent value (int64 as a number). */
  readonly want?: unknown;
}

const jsonData = { tlsSkipVerify: true, nested: { list: [1, "b", null] }, "<&>": "é" };
const model = { refId: "B", datasourceId: 7, target: "cpu.*", custom: { deep: [true] } };

/** Where each proto field lands in the legacy model. A new proto field fails the test until added. */
const arrivals: Readonly<Record<string, Arrival>> = {
  "timeRange.fromRaw": { read: (r) => r.timeRange.fromRaw },
  "timeRange.toRaw": { read: (r) => r.timeRange.toRaw },
  "timeRange.fromEpochMs": { read: (r) => r.timeRange.fromMs },
  "timeRange.toEpochMs": { read: (r) => r.timeRange.toMs },
  "datasource.id": { read: (r) => r.datasource.id },
  "datasource.orgId": { read: (r) => r.datasource.orgId },
  "datasource.name": { read: (r) => r.datasource.name },
  "datasource.type": { read: (r) => r.datasource.type },
  "datasource.url": { read: (r) => r.datasource.url },
  "datasource.jsonData": {
    send: JSON.stringify(jsonData),
    read: (r) => r.datasource.jsonData,
    want: jsonData,
  },
  "datasource.decryptedSecureJsonData": { read: (r) => r.datasource.decryptedSecureJsonData },
  "queries.refId": { read: (r) => r.queries[0]?.refId },
  "queries.maxDataPoints": { read: (r) => r.queries[0]?.maxDataPoints },
  "queries.intervalMs": { read: (r) => r.queries[0]?.intervalMs },
  "queries.modelJson": {
    send: JSON.stringify(model),
    read: (r) => r.queries[0]?.model,
    want: model,
  },
};

/** A non-default value for a field, different for every path. */
function distinctValue(path: string, field: protobuf.Field, index: number): unknown {
  if (field.map) return { [`key:${path}`]: `value:${path}`, other: "✓" };
  switch (field.type) {
    case "string":
      return `value:${path}`;
    case "int64":
      // Above 2^32, so both words of the Long matter.
      return 1_700_000_000_000 + index * 1_000_003;
    default:
      throw new Error(`completeness test: no distinct value for ${field.type} (${path})`);
  }
}

function hasLong(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if ("low" in value && "high" in value && "unsigned" in value) return true;
  return Object.values(value).some(hasLong);
}

describe("legacyRequestFromProto: completeness", () => {
  const paths = leafPaths(requestType());

  test("every DatasourceRequest field has an arrival check", () => {
    assert.deepEqual([...paths].sort(), Object.keys(arrivals).sort());
  });

  test("every field, set to a non-default value, arrives", () => {
    const sent = new Map<string, unknown>();
    const message = fullMessage(requestType(), (path, field) => {
      const value = arrivals[path]?.send ?? distinctValue(path, field, sent.size);
      sent.set(path, value);
      return value;
    });
    const converted = convert(message);
    assert.deepEqual(converted.rejected, []);
    for (const path of paths) {
      const arrival = arrivals[path];
      assert.ok(arrival, path);
      const value = sent.get(path);
      assert.notEqual(value, undefined, `${path} was sent`);
      assert.deepEqual(arrival.read(converted.request), arrival.want ?? value, path);
    }
    assert.equal(hasLong(converted.request), false, "no Long objects past the converter");
  });
});

describe("legacyRequestFromProto", () => {
  const timeRange = {
    fromRaw: "now-6h",
    toRaw: "now",
    fromEpochMs: "1767344645000",
    toEpochMs: "1767366245000",
  };

  test("no timeRange and no datasource: empty defaults", () => {
    const { request, rejected } = convert({ queries: [{ refId: "A" }] });
    assert.deepEqual(rejected, []);
    assert.deepEqual(request.timeRange, { fromRaw: "", toRaw: "", fromMs: 0, toMs: 0 });
    assert.deepEqual(request.datasource, {
      id: 0,
      orgId: 0,
      name: "",
      type: "",
      url: "",
      jsonData: {},
      decryptedSecureJsonData: {},
    });
    assert.deepEqual(request.queries, [{ refId: "A", maxDataPoints: 0, intervalMs: 0, model: {} }]);
  });

  test("unknown model keys reach the handler untouched", () => {
    const modelJson = '{"zeta":1,"alpha":{"b":[1,2,{"c":null}]},"refId":"A","__proto__x":"y","":0}';
    const { request } = convert({ timeRange, queries: [{ refId: "A", modelJson }] });
    assert.deepEqual(request.queries[0]?.model, JSON.parse(modelJson));
    assert.deepEqual(Object.keys(request.queries[0]?.model ?? {}), [
      "zeta",
      "alpha",
      "refId",
      "__proto__x",
      "",
    ]);
  });

  const badModels: readonly [string, string, string][] = [
    ["not JSON", "{target: cpu}", "query model is not valid JSON: "],
    ["truncated", '{"a":', "query model is not valid JSON: "],
    ["an array", "[1,2]", "query model must be a JSON object, not an array"],
    ["a number", "42", "query model must be a JSON object, not number"],
    ["a string", '"x"', "query model must be a JSON object, not string"],
    ["null", "null", "query model must be a JSON object, not null"],
    ["true", "true", "query model must be a JSON object, not boolean"],
  ];
  for (const [name, modelJson, message] of badModels) {
    test(`a model that is ${name}: that query alone is rejected`, () => {
      const { request, rejected } = convert({
        timeRange,
        queries: [
          { refId: "A", modelJson: "{}" },
          { refId: "B", modelJson },
          { refId: "C", modelJson: '{"k":1}' },
        ],
      });
      assert.deepEqual(
        request.queries.map((q) => q.refId),
        ["A", "C"],
      );
      assert.equal(rejected.length, 1);
      assert.equal(rejected[0]?.index, 1);
      assert.equal(rejected[0]?.refId, "B");
      assert.ok(rejected[0]?.error instanceof ShimError);
      assert.equal(rejected[0]?.error.code, "invalid_argument");
      assert.ok(
        rejected[0]?.error.message.startsWith(message),
        `${rejected[0]?.error.message} starts with ${message}`,
      );
    });
  }

  const badCounts: readonly [Record<string, unknown>, string][] = [
    [{ maxDataPoints: -1 }, "maxDataPoints must not be negative (got -1)"],
    [{ intervalMs: -1000 }, "intervalMs must not be negative (got -1000)"],
    [
      { maxDataPoints: "-9223372036854775808" },
      "maxDataPoints -9223372036854775808 is out of the supported range",
    ],
    [
      { intervalMs: "9007199254740993" },
      "intervalMs 9007199254740993 is out of the supported range",
    ],
  ];
  for (const [fields, message] of badCounts) {
    test(`${JSON.stringify(fields)}: that query alone is rejected`, () => {
      const { request, rejected } = convert({
        timeRange,
        queries: [
          { refId: "A", ...fields },
          { refId: "B", maxDataPoints: 100, intervalMs: 1000 },
        ],
      });
      assert.deepEqual(request.queries, [
        { refId: "B", maxDataPoints: 100, intervalMs: 1000, model: {} },
      ]);
      assert.deepEqual(
        rejected.map((r) => [r.index, r.refId, r.error.code, r.error.message]),
        [[0, "A", "invalid_argument", message]],
      );
    });
  }

  test("zero maxDataPoints and intervalMs (legacy alerting) are fine", () => {
    const { request, rejected } = convert({
      queries: [{ refId: "A", maxDataPoints: 0, intervalMs: 0 }],
    });
    assert.deepEqual(rejected, []);
    assert.equal(request.queries[0]?.maxDataPoints, 0);
  });

  test("datasource jsonData that is not a JSON object rejects every query, naming it", () => {
    for (const [text, message] of [
      ["{", "datasource jsonData is not valid JSON: "],
      ["[]", "datasource jsonData must be a JSON object, not an array"],
    ] as const) {
      const { request, rejected } = convert({
        datasource: { id: 1, jsonData: text },
        queries: [{ refId: "A" }, { refId: "B" }],
      });
      assert.deepEqual(request.queries, []);
      assert.deepEqual(
        rejected.map((r) => [r.index, r.refId]),
        [
          [0, "A"],
          [1, "B"],
        ],
      );
      for (const r of rejected) assert.ok(r.error.message.startsWith(message), r.error.message);
    }
  });

  test("a datasource id beyond 2^53 rejects every query, naming the field", () => {
    const { rejected } = convert({
      datasource: { id: "9007199254740993" },
      queries: [{ refId: "A" }],
    });
    assert.equal(
      rejected[0]?.error.message,
      "datasource.id 9007199254740993 is out of the supported range",
    );
  });

  test("a time range beyond 2^53 fails the request, naming the field", () => {
    assert.throws(
      () =>
        convert({
          timeRange: { ...timeRange, toEpochMs: "-9007199254740993" },
          queries: [{ refId: "A" }],
        }),
      (error: unknown) =>
        error instanceof ShimError &&
        error.message === "timeRange.toEpochMs -9007199254740993 is out of the supported range",
    );
  });

  test("negative epoch milliseconds (before 1970) are fine", () => {
    const { request } = convert({
      timeRange: { ...timeRange, fromEpochMs: "-86400000" },
      queries: [{ refId: "A" }],
    });
    assert.equal(request.timeRange.fromMs, -86_400_000);
  });

  test("an empty query list converts to no queries (the service answers InvalidArgument)", () => {
    const { request, rejected } = convert({ timeRange, queries: [] });
    assert.deepEqual([request.queries, rejected], [[], []]);
  });
});
