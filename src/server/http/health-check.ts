/**
 * A datasource's health check, answered as Grafana's CheckDatasourceHealth does:
 * `{"status":"OK"|"ERROR"|"UNKNOWN","message",details?}`, 200 when OK and 400
 * otherwise; 501 with "Health check not implemented" when the handler has none.
 */
import type { Request, Response } from "express";
import type { Datasource } from "../../datasources/datasource.js";
import { ErrorCode, ShimError } from "../../errors.js";
import { runEach } from "../../handler/run-each.js";
import type { HealthResult } from "../../handler/types.js";
import { clientGone } from "./client-gone.js";
import type { GatewayContext } from "./context.js";
import { pluginContextOf } from "./convert-request.js";
import { logOf, traceOf } from "./request-trace.js";

export interface HealthAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const statuses = { ok: "OK", error: "ERROR", unknown: "UNKNOWN" } as const;

export async function checkHealth(
  ctx: GatewayContext,
  ds: Datasource,
  req: Request,
  res: Response,
): Promise<HealthAnswer> {
  const { handler } = ctx;
  if (!handler.checkHealth) {
    return { status: 501, body: { status: "UNKNOWN", message: "Health check not implemented" } };
  }
  const pluginContext = pluginContextOf(ds, req.get("user-agent") ?? "");
  const limits = {
    concurrency: 1,
    timeoutMs: ctx.options.queryTimeoutMs,
    onCancel: clientGone(res),
  };
  const trace = traceOf(res);
  const call = { headers: {}, log: logOf(res, ctx), ...(trace ? { trace } : {}) };
  const [outcome] = await runEach(
    [pluginContext],
    (pc, { signal }) => handler.checkHealth?.call(handler, { ...call, pluginContext: pc, signal }),
    limits,
  );
  if (!outcome?.ok) throw failed(outcome?.error.message ?? "no answer", outcome?.error.code);
  const result = outcome.value as HealthResult | undefined;
  const status = statuses[result?.status ?? "unknown"];
  if (!status) throw failed(`checkHealth returned status ${JSON.stringify(result?.status)}`);
  const body: Record<string, unknown> = { status, message: String(result?.message ?? "") };
  if (result?.details !== undefined) body.details = result.details;
  return { status: status === "OK" ? 200 : 400, body };
}

function failed(reason: string, code: ErrorCode = ErrorCode.Handler): ShimError {
  return new ShimError(code, `Plugin health check failed: ${reason}`);
}
