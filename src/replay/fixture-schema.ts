/**
 * The fixture format: one recorded exchange per file, readable JSON. What was
 * sent (`request`, in the protocol's own field names), what came back
 * (`response`), over which protocol and from which peer, when, a short note,
 * and the response paths that change from run to run (`volatile`).
 * Integers beyond 2^53 are read exactly (as bigint).
 */
import { z } from "zod";

export const protocols = ["v1", "v2", "tsdb-http", "ds-http"] as const;
export type Protocol = (typeof protocols)[number];

/** A JSON number; integers past 2^53 arrive as bigint and are kept. */
const number = z.union([z.number(), z.bigint()]);
const integer = z.union([z.number().int(), z.bigint()]).transform(Number);
/** Doubles that JSON cannot hold are written as these strings. */
export const specialNumbers = ["NaN", "+Inf", "-Inf"] as const;
const double = z.union([number, z.enum(specialNumbers)]);
const jsonObject = z.record(z.string(), z.unknown());
const strings = z.record(z.string(), z.string());

const grpcError = z
  .object({ grpcError: z.object({ code: z.string(), message: z.string() }).strict() })
  .strict();

// ---- protocol 1 (models.DatasourcePlugin), model and jsonData as JSON objects ----

const v1Request = z
  .object({
    timeRange: z
      .object({ fromRaw: z.string(), toRaw: z.string(), fromEpochMs: integer, toEpochMs: integer })
      .strict(),
    datasource: z
      .object({
        id: integer,
        orgId: integer,
        name: z.string(),
        type: z.string(),
        url: z.string(),
        jsonData: jsonObject,
        decryptedSecureJsonData: strings,
      })
      .strict(),
    queries: z.array(
      z
        .object({
          refId: z.string(),
          maxDataPoints: integer,
          intervalMs: integer,
          model: jsonObject,
        })
        .strict(),
    ),
  })
  .strict();

/** A table cell with its RowValue kind, as in test/go/ANSWER-SPEC.md. */
const cell = z.union([
  z.null(),
  z.object({ double }).strict(),
  z.object({ int64: z.string().regex(/^-?\d+$/) }).strict(),
  z.object({ bool: z.boolean() }).strict(),
  z.object({ string: z.string() }).strict(),
  z.object({ bytes: z.base64() }).strict(),
]);

const v1Result = z
  .object({
    refId: z.string(),
    error: z.string().optional(),
    meta: z.unknown().optional(),
    series: z.array(
      z
        .object({
          name: z.string(),
          tags: strings.optional(),
          points: z.array(z.tuple([double, integer])),
        })
        .strict(),
    ),
    tables: z.array(
      z.object({ columns: z.array(z.string()), rows: z.array(z.array(cell)) }).strict(),
    ),
  })
  .strict();

const v1Response = z.union([z.object({ results: z.array(v1Result) }).strict(), grpcError]);

// ---- protocol 2 (pluginv2), protojson names, JSON bytes fields as objects ----

const settingsCommon = {
  jsonData: jsonObject,
  decryptedSecureJsonData: strings,
  lastUpdatedMS: integer,
  apiVersion: z.string(),
};

const pluginContext = z
  .object({
    orgId: integer,
    pluginId: z.string(),
    pluginVersion: z.string(),
    user: z
      .object({ login: z.string(), name: z.string(), email: z.string(), role: z.string() })
      .strict()
      .optional(),
    appInstanceSettings: z.object(settingsCommon).strict().optional(),
    dataSourceInstanceSettings: z
      .object({
        id: integer,
        uid: z.string(),
        name: z.string(),
        url: z.string(),
        user: z.string(),
        database: z.string(),
        basicAuthEnabled: z.boolean(),
        basicAuthUser: z.string(),
        ...settingsCommon,
      })
      .strict()
      .optional(),
    grafanaConfig: strings,
    userAgent: z.string(),
    apiVersion: z.string(),
    namespace: z.string(),
  })
  .strict();

const v2Request = z
  .object({
    pluginContext,
    headers: strings,
    queries: z.array(
      z
        .object({
          refId: z.string(),
          queryType: z.string(),
          maxDataPoints: integer,
          intervalMS: integer,
          timeRange: z.object({ fromEpochMS: integer, toEpochMS: integer }).strict(),
          json: jsonObject,
        })
        .strict(),
    ),
    format: z.enum(["ARROW", "JSON"]),
  })
  .strict();

/** Frames as the SDK writes frame JSON (docs/protocol.md#frame-json); compared decoded. */
const v2Response = z.union([
  z
    .object({
      responses: z.record(
        z.string(),
        z
          .object({
            status: integer,
            error: z.string().optional(),
            errorSource: z.string().optional(),
            frames: z.array(jsonObject),
          })
          .strict(),
      ),
    })
    .strict(),
  grpcError,
]);

// ---- Grafana's HTTP query APIs ----

const httpRequest = (path: string) =>
  z
    .object({
      method: z.literal("POST"),
      path: z.literal(path),
      headers: strings.optional(),
      body: z.unknown(),
    })
    .strict();

const httpResponse = z.object({ status: z.number().int(), body: z.unknown() }).strict();

const common = {
  comment: z.string().min(1, "a fixture needs a short note in `comment`"),
  source: z.object({ peer: z.string().min(1), via: z.string().optional() }).strict(),
  recordedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  volatile: z.array(z.string().min(1)).default([]),
};

export const fixtureSchema = z.discriminatedUnion("protocol", [
  z
    .object({ ...common, protocol: z.literal("v1"), request: v1Request, response: v1Response })
    .strict(),
  z
    .object({ ...common, protocol: z.literal("v2"), request: v2Request, response: v2Response })
    .strict(),
  z
    .object({
      ...common,
      protocol: z.literal("tsdb-http"),
      request: httpRequest("/api/tsdb/query"),
      response: httpResponse,
    })
    .strict(),
  z
    .object({
      ...common,
      protocol: z.literal("ds-http"),
      request: httpRequest("/api/ds/query"),
      response: httpResponse,
    })
    .strict(),
]);

export type Fixture = z.infer<typeof fixtureSchema>;
export type FixtureOf<P extends Protocol> = Extract<Fixture, { protocol: P }>;
export type V1RequestForm = z.infer<typeof v1Request>;
export type V1ResponseForm = z.infer<typeof v1Response>;
export type V1ResultForm = z.infer<typeof v1Result>;
export type CellForm = z.infer<typeof cell>;
export type V2RequestForm = z.infer<typeof v2Request>;
export type V2ResponseForm = z.infer<typeof v2Response>;
export type HttpResponseForm = z.infer<typeof httpResponse>;
export type GrpcErrorForm = z.infer<typeof grpcError>;
/** Any protocol's response as a fixture holds it. */
export type ResponseForm = Fixture["response"];
