/** An AbortSignal that fires when the host cancels a call or its deadline passes. */
import type { ServerSurfaceCall } from "@grpc/grpc-js/build/src/server-call.js";
import { ErrorCode, ShimError } from "../../errors.js";

export function callSignal(call: ServerSurfaceCall): {
  signal: AbortSignal;
  /** The host's deadline (epoch ms), when it set one. */
  deadline?: number;
  dispose: () => void;
} {
  const controller = new AbortController();
  const cancel = () =>
    controller.abort(new ShimError(ErrorCode.Cancelled, "the host cancelled the request"));
  call.on("cancelled", cancel);
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() - Date.now() : deadline - Date.now();
  const timer = Number.isFinite(ms)
    ? setTimeout(
        () => controller.abort(new ShimError(ErrorCode.Timeout, "the host's deadline passed")),
        Math.max(0, ms),
      )
    : undefined;
  return {
    signal: controller.signal,
    ...(Number.isFinite(ms) && { deadline: Date.now() + ms }),
    dispose: () => {
      clearTimeout(timer);
      call.removeListener("cancelled", cancel);
    },
  };
}

/**
 * A call's end as runEach takes it (RunLimits): the host's deadline and its cancellation,
 * with no signal or timer of its own; `ended` says whether either came before the answer.
 */
export function callEnd(call: ServerSurfaceCall): {
  readonly onCancel: (cancel: () => void) => () => void;
  readonly deadline?: number;
  readonly caller: string;
  readonly ended: () => boolean;
} {
  const at = call.getDeadline();
  const deadline = at instanceof Date ? at.getTime() : at;
  const hasDeadline = Number.isFinite(deadline);
  return {
    onCancel: (cancel) => {
      call.on("cancelled", cancel);
      return () => call.removeListener("cancelled", cancel);
    },
    ...(hasDeadline && { deadline }),
    caller: "the host",
    ended: () => call.cancelled || (hasDeadline && Date.now() >= deadline),
  };
}
