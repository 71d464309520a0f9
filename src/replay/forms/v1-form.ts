/**
 * Protocol-1 exchanges as fixtures hold them, to and from the legacy model:
 * requests with the wire's field names (model and jsonData as objects), results
 * with each cell's kind spelled out.
 */

import type { CallOutcome } from "../../backends/plugin-client/calls.js";
import { withoutBigints } from "../../frames/json-parse.js";
import type { Cell, LegacyRequest, LegacyResult, Point } from "../../model/legacy.js";
import type { CellForm, V1RequestForm, V1ResponseForm, V1ResultForm } from "../fixture-schema.js";
import { doubleFromForm, doubleToForm } from "./numbers.js";

export function legacyRequestToForm(request: LegacyRequest): V1RequestForm {
  const { timeRange: t, datasource: ds } = request;
  return {
    timeRange: { fromRaw: t.fromRaw, toRaw: t.toRaw, fromEpochMs: t.fromMs, toEpochMs: t.toMs },
    datasource: {
      id: ds.id,
      orgId: ds.orgId,
      name: ds.name,
      type: ds.type,
      url: ds.url,
      jsonData: { ...ds.jsonData },
      decryptedSecureJsonData: { ...ds.decryptedSecureJsonData },
    },
    queries: request.queries.map((q) => ({
      refId: q.refId,
      maxDataPoints: q.maxDataPoints,
      intervalMs: q.intervalMs,
      model: { ...q.model },
    })),
  };
}

/** Objects are as JSON.parse reads them on the wire, so bigints become numbers. */
const parsedJson = (value: Record<string, unknown>) =>
  withoutBigints(value) as Record<string, unknown>;

export function legacyRequestFromForm(form: V1RequestForm): LegacyRequest {
  const { timeRange: t, datasource: ds } = form;
  return {
    timeRange: { fromRaw: t.fromRaw, toRaw: t.toRaw, fromMs: t.fromEpochMs, toMs: t.toEpochMs },
    datasource: { ...ds, jsonData: parsedJson(ds.jsonData) },
    queries: form.queries.map((q) => ({ ...q, model: parsedJson(q.model) })),
  };
}

export function legacyOutcomeToForm(outcome: CallOutcome<readonly LegacyResult[]>): V1ResponseForm {
  if (!outcome.ok) return { grpcError: { ...outcome.failure } };
  return { results: outcome.value.map(resultToForm) };
}

function resultToForm(result: LegacyResult): V1ResultForm {
  return {
    refId: result.refId,
    ...(result.error ? { error: result.error } : {}),
    ...(result.meta === undefined ? {} : { meta: result.meta }),
    series: (result.series ?? []).map((s) => ({
      name: s.name,
      ...(s.tags && Object.keys(s.tags).length > 0 ? { tags: { ...s.tags } } : {}),
      points: s.points.map(([value, time]) => [doubleToForm(value ?? Number.NaN), time]),
    })),
    tables: (result.tables ?? []).map((t) => ({
      columns: t.columns.map((c) => c.text),
      rows: t.rows.map((row) => row.map(cellToForm)),
    })),
  };
}

/** One encoder per JavaScript type of a cell: the type is the RowValue kind. */
function cellToForm(cell: Cell): CellForm {
  if (cell === null) return null;
  switch (typeof cell) {
    case "number":
      return { double: doubleToForm(cell) };
    case "bigint":
      return { int64: cell.toString() };
    case "boolean":
      return { bool: cell };
    case "string":
      return { string: cell };
    default:
      return { bytes: Buffer.from(cell).toString("base64") };
  }
}

export function legacyResultsFromForm(form: V1ResponseForm): CallOutcome<LegacyResult[]> {
  if ("grpcError" in form) return { ok: false, failure: form.grpcError };
  return { ok: true, value: form.results.map(resultFromForm) };
}

function resultFromForm(form: V1ResultForm): LegacyResult {
  return {
    refId: form.refId,
    ...(form.error ? { error: form.error } : {}),
    ...(form.meta === undefined ? {} : { meta: withoutBigints(form.meta) }),
    series: form.series.map((s) => ({
      name: s.name,
      ...(s.tags ? { tags: s.tags } : {}),
      points: s.points.map(([v, t]): Point => [doubleFromForm(v), t]),
    })),
    tables: form.tables.map((t) => ({
      columns: t.columns.map((text) => ({ text })),
      rows: t.rows.map((row) => row.map(cellFromForm)),
    })),
  };
}

function cellFromForm(form: CellForm): Cell {
  if (form === null) return null;
  if ("double" in form) return doubleFromForm(form.double);
  if ("int64" in form) return BigInt(form.int64);
  if ("bool" in form) return form.bool;
  if ("string" in form) return form.string;
  return new Uint8Array(Buffer.from(form.bytes, "base64"));
}
