/** Runs the Go OTLP receiver (test/go/sdk-v2/cmd/otlp-receiver) and collects the spans it prints. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface ReceivedSpan {
  readonly protocol: "grpc" | "http";
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: string;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly status: { readonly code: string; readonly message: string };
}

export interface OtlpReceiver {
  /** host:port of its OTLP/gRPC listener. */
  readonly grpc: string;
  /** http://host:port of its OTLP/HTTP listener. */
  readonly http: string;
  readonly spans: ReceivedSpan[];
  /** Resolves once `done(spans)` holds, or rejects with what came after `ms`. */
  waitFor(done: (spans: readonly ReceivedSpan[]) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const child = spawn(join(root, "test/.bin/otlp-receiver"), [], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const spans: ReceivedSpan[] = [];
  let buffered = "";
  let listening: ((where: { grpc: string; http: string }) => void) | undefined;
  const where = new Promise<{ grpc: string; http: string }>((resolve, reject) => {
    listening = resolve;
    child.once("exit", (code) => reject(new Error(`otlp-receiver exited with ${code}`)));
  });
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    buffered += text;
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      const line = JSON.parse(buffered.slice(0, end)) as Record<string, unknown>;
      buffered = buffered.slice(end + 1);
      if ("grpc" in line) listening?.(line as { grpc: string; http: string });
      else spans.push(line as unknown as ReceivedSpan);
      end = buffered.indexOf("\n");
    }
  });
  const { grpc, http } = await where;
  return {
    grpc,
    http,
    spans,
    async waitFor(done, ms = 15_000) {
      const until = Date.now() + ms;
      while (!done(spans)) {
        if (Date.now() > until)
          throw new Error(
            `spans not as expected after ${ms} ms:\n${JSON.stringify(spans, null, 1)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin.end();
      await exited;
    },
  };
}
