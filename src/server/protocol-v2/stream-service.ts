/**
 * `pluginv2.Stream` (Grafana 8+): subscribe, run and publish routed to the
 * handler's stream part. Packets are frame JSON, as Grafana Live expects.
 */
import type { ServerUnaryCall, ServerWritableStream, sendUnaryData } from "@grpc/grpc-js";
import { ErrorCode, grpcStatusOf, ShimError, toShimError } from "../../errors.js";
import { frameToJSON } from "../../frames/json/frames.js";
import type { Handler, StreamContext, StreamRequest } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import type { Frame } from "../../model/frame.js";
import { wireBytes } from "../../protocol/grpc/bytes.js";
import { callSignal } from "../../protocol/grpc/call-signal.js";
import { pluginContextFromProto } from "../../protocol/v2/convert-context.js";
import {
  StreamStatus,
  type WireStreamRequest,
  type WireStreamResponse,
} from "../../protocol/v2/wire.js";

const utf8 = new TextEncoder();
const validPath = /^[A-Za-z0-9_\-/]+$/;

export function streamRequestFromProto(wire: WireStreamRequest): StreamRequest {
  if (!validPath.test(wire.path)) {
    throw new ShimError(
      ErrorCode.InvalidArgument,
      `stream path ${JSON.stringify(wire.path)} may only hold A-Z a-z 0-9 _ - /`,
    );
  }
  const text = new TextDecoder().decode(wireBytes(wire.data));
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Raw text is allowed: the payload is the client's.
  }
  return { path: wire.path, data, headers: { ...wire.headers } };
}

function answerToProto(
  answer: { ok: boolean; data?: unknown },
  denied: number,
): WireStreamResponse {
  if (!answer.ok) return { status: denied };
  return {
    status: StreamStatus.OK,
    ...(answer.data === undefined ? {} : { data: utf8.encode(JSON.stringify(answer.data)) }),
  };
}

type Unary = ServerUnaryCall<WireStreamRequest, WireStreamResponse>;

export function streamImplementation(handler: Handler, log: Logger) {
  const context = (
    call: Unary | ServerWritableStream<WireStreamRequest, unknown>,
    signal: AbortSignal,
  ): StreamContext => ({
    pluginContext: pluginContextFromProto(call.request.pluginContext),
    signal,
    log,
  });
  const unary =
    (kind: "subscribe" | "publish", denied: number) =>
    async (call: Unary, callback: sendUnaryData<WireStreamResponse>) => {
      const { signal, dispose } = callSignal(call);
      try {
        const request = streamRequestFromProto(call.request);
        const part = handler.streams?.[kind];
        if (!part) {
          callback(null, {
            status: kind === "subscribe" ? StreamStatus.NOT_FOUND : StreamStatus.PERMISSION_DENIED,
          });
          return;
        }
        callback(
          null,
          answerToProto(await part.call(handler.streams, request, context(call, signal)), denied),
        );
      } catch (thrown) {
        const error = toShimError(thrown);
        callback({ code: grpcStatusOf(error), details: error.message });
      } finally {
        dispose();
      }
    };
  return {
    SubscribeStream: unary("subscribe", StreamStatus.NOT_FOUND),
    PublishStream: unary("publish", StreamStatus.PERMISSION_DENIED),

    async RunStream(call: ServerWritableStream<WireStreamRequest, { data: Uint8Array }>) {
      const { signal, dispose } = callSignal(call);
      const send = async (frame: Frame) => {
        if (signal.aborted || call.cancelled)
          throw signal.reason ?? new ShimError(ErrorCode.Cancelled, "stream closed");
        call.write({ data: utf8.encode(frameToJSON(frame)) });
      };
      try {
        const request = streamRequestFromProto(call.request);
        if (!handler.streams)
          throw new ShimError(
            ErrorCode.NotFound,
            `no stream "${request.path}": this handler has no streams`,
          );
        await handler.streams.run(request, send, context(call, signal));
        call.end();
      } catch (thrown) {
        const error = toShimError(thrown);
        if (signal.aborted) log.debug("stream ended by the host", { path: call.request.path });
        else {
          log.warn("stream failed", { path: call.request.path, error: error.message });
          call.emit("error", { code: grpcStatusOf(error), details: error.message });
        }
      } finally {
        dispose();
      }
    },
  };
}
