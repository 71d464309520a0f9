/**
 * Responses made comparable: frames are decoded (frame JSON, or base64 Arrow in
 * /api/tsdb/query's `dataframes`) into one plain form, so two encodings of the
 * same frame compare equal and a difference names a field and a row.
 */
import { frameFromJSON } from "../frames/json/frames.js";
import type { Field, Frame } from "../model/frame.js";
import type { Protocol } from "./fixture/fixture-schema.js";
import { doubleToForm } from "./fixture/numbers.js";

export function canonicalFrame(frame: Frame): Record<string, unknown> {
  const meta = canonicalMeta(frame.meta);
  return {
    name: frame.name ?? "",
    refId: frame.refId ?? "",
    ...(meta === undefined ? {} : { meta }),
    fields: frame.fields.map(canonicalField),
  };
}

/** Go cannot tell typeVersion [0,0] from none, nor an empty meta from none. */
function canonicalMeta(meta: Frame["meta"]): Record<string, unknown> | undefined {
  if (meta === undefined) return undefined;
  const { typeVersion, ...rest } = meta;
  const zero = typeVersion === undefined || (typeVersion[0] === 0 && typeVersion[1] === 0);
  const out = zero ? rest : { ...rest, typeVersion };
  return Object.keys(out).length > 0 ? out : undefined;
}

function canonicalField(field: Field): Record<string, unknown> {
  const nanos = field.nanos ? Array.from(field.nanos) : [];
  const floats = field.type === "float32" || field.type === "float64";
  return {
    name: field.name,
    type: field.type,
    nullable: field.nullable,
    ...(nonEmpty(field.labels) ? { labels: field.labels } : {}),
    ...(nonEmpty(field.config) ? { config: field.config } : {}),
    values: Array.from(field.values as ArrayLike<unknown>, (v) =>
      floats && typeof v === "number" ? doubleToForm(v) : v,
    ),
    ...(nanos.some((n) => n !== 0) ? { nanos } : {}),
  };
}

function nonEmpty(value: object | undefined): boolean {
  return value !== undefined && Object.keys(value).length > 0;
}

type ArrowDecoder = (bytes: Uint8Array) => Frame;

/** A frame in canonical form, or the value as it was when it does not decode. */
function decoded(value: unknown, decode: (v: unknown) => Frame): unknown {
  try {
    return canonicalFrame(decode(value));
  } catch {
    return value;
  }
}

function mapFrames(list: unknown, decode: (v: unknown) => Frame): unknown {
  return Array.isArray(list) ? list.map((v) => decoded(v, decode)) : list;
}

/** Each entry of a by-refId object, changed by `edit`. */
function eachResult(
  results: unknown,
  edit: (r: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  if (typeof results !== "object" || results === null || Array.isArray(results)) return results;
  return Object.fromEntries(
    Object.entries(results).map(([k, r]) =>
      typeof r === "object" && r !== null ? [k, edit(r as Record<string, unknown>)] : [k, r],
    ),
  );
}

/** The response of a fixture, or an actual one, ready for firstDifference. */
export async function comparable(protocol: Protocol, response: unknown): Promise<unknown> {
  const r = response as Record<string, unknown>;
  if (protocol === "v2") {
    return {
      ...r,
      responses: eachResult(r.responses, (x) => ({
        ...x,
        frames: mapFrames(x.frames, frameFromJSON),
      })),
    };
  }
  if (protocol === "v1") return response;
  const body = r.body as Record<string, unknown> | undefined;
  if (typeof body !== "object" || body === null) return response;
  const arrow = protocol === "tsdb-http" ? await arrowDecoder() : undefined;
  const results = eachResult(body.results, (x) => ({
    ...x,
    ...("frames" in x ? { frames: mapFrames(x.frames, frameFromJSON) } : {}),
    ...(arrow && "dataframes" in x
      ? { dataframes: mapFrames(x.dataframes, (b) => arrow(Buffer.from(String(b), "base64"))) }
      : {}),
  }));
  return { ...r, body: { ...body, results } };
}

async function arrowDecoder(): Promise<ArrowDecoder> {
  return (await import("../frames/arrow/frames.js")).frameFromArrow;
}
