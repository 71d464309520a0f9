/**
 * Protocol-1 exchanges as fixtures hold them: requests to and from the legacy model,
 * with the wire's field names (model and jsonData as objects); results
 * with each cell's kind spelled out.
 */

import type { CallOutcome } from "../../backends/plugin-client/calls.js";
import { withoutBigints } from "../../exact-json.js";
import type { Cell, LegacyRequest, LegacyResult } from "../../model/legacy.js";
import type { CellForm, V1RequestForm, V1ResponseForm, V1ResultForm } from "../fixture-schema.js";
import { doubleToForm } from "./numbers.js";

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
