/** A request's cancellation as runEach takes it (RunLimits.onCancel): the client went away before its answer was sent. */
import type { ServerResponse } from "node:http";

export function clientGone(res: ServerResponse): (cancel: () => void) => () => void {
  return (cancel) => {
    const onClose = () => {
      if (!res.writableFinished) cancel();
    };
    res.once("close", onClose);
    return () => res.removeListener("close", onClose);
  };
}
