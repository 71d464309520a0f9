/**
 * stderr for the gateway's log lines, written once per turn of the event loop:
 * under load, one access-log line per request as its own write costs more than
 * the request. Lines keep their order; whatever is pending is written at exit.
 */
export function batchedStderr(): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    process.stderr.write(text);
  };
  process.on("exit", flush);
  return (line) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
