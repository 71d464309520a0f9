/**
 * `pluginv2.Resource/CallResource`: HTTP-like calls routed to the handler's
 * `callResource`; a path that could climb out of its place answers 400 (resource-path.ts).
 * Large bodies go out in chunks; the host joins them.
 */
import type { ServerWritableStream } from "@grpc/grpc-js";
import { toShimError } from "../../errors.js";
import { resourcePathProblem } from "../../handler/resource-path.js";
import type { Handler, ResourceRequest, ResourceResponse } from "../../handler/types.js";
import type { Logger } from "../../log/logger.js";
import { wireBytes } from "../../protocol/grpc/bytes.js";
import { callSignal } from "../../protocol/grpc/call-signal.js";
import { metadataReader } from "../../protocol/grpc/trace-metadata.js";
import { pluginContextFromProto } from "../../protocol/v2/convert-context.js";
import type {
  WireCallResourceRequest,
  WireCallResourceResponse,
  WireStringList,
} from "../../protocol/v2/wire.js";
import {
  endCallSpan,
  pluginContextAttributes,
  rpcAttributes,
} from "../../tracing/call-attributes.js";
import { type Tracing, tracedLog } from "../../tracing/tracing.js";

const chunkBytes = 1 << 20;
const utf8 = new TextEncoder();

export function resourceRequestFromProto(wire: WireCallResourceRequest): ResourceRequest {
  const headers: Record<string, readonly string[]> = {};
  for (const [name, list] of Object.entries(wire.headers)) headers[name] = [...list.values];
  return {
    path: wire.path,
    method: wire.method,
    url: wire.url,
    headers,
    body: wireBytes(wire.body),
  };
}

/** The first message carries code and headers, later ones only more body. */
export function resourceResponseToProto(response: ResourceResponse): WireCallResourceResponse[] {
  const headers: Record<string, WireStringList> = {};
  for (const [name, values] of Object.entries(response.headers ?? {}))
    headers[name] = { values: [...values] };
  const body = bodyBytes(response.body);
  if (
    !(response.body instanceof Uint8Array) &&
    typeof response.body === "object" &&
    !hasHeader(headers, "content-type")
  ) {
    headers["Content-Type"] = { values: ["application/json"] };
  }
  const messages: WireCallResourceResponse[] = [
    { code: response.status, headers, body: body.subarray(0, chunkBytes) },
  ];
  for (let at = chunkBytes; at < body.length; at += chunkBytes) {
    messages.push({ code: response.status, body: body.subarray(at, at + chunkBytes) });
  }
  return messages;
}

function bodyBytes(body: ResourceResponse["body"]): Uint8Array {
  if (body === undefined) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  return utf8.encode(typeof body === "string" ? body : JSON.stringify(body));
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}

function checkResponse(response: unknown): ResourceResponse {
  const r = response as Partial<ResourceResponse> | undefined;
  if (typeof r !== "object" || r === null || !Number.isInteger(r.status)) {
    throw new Error("callResource must return {status, headers?, body?}");
  }
  return r as ResourceResponse;
}

function jsonError(status: number, message: string): ResourceResponse {
  return { status, body: { message } };
}

export function resourceImplementation(handler: Handler, baseLog: Logger, tracing: Tracing) {
  return {
    async CallResource(
      call: ServerWritableStream<WireCallResourceRequest, WireCallResourceResponse>,
    ) {
      if (tracing.loading) await tracing.loading;
      const pluginContext = pluginContextFromProto(call.request.pluginContext);
      const span = tracing.begin("sdk.callResource", metadataReader(call.metadata));
      span?.setAttributes({
        ...rpcAttributes("/pluginv2.Resource/CallResource"),
        ...pluginContextAttributes(pluginContext),
      });
      const log = tracedLog(baseLog, span);
      const { signal, dispose } = callSignal(call);
      let messages: WireCallResourceResponse[];
      let failure: string | undefined;
      try {
        const request = resourceRequestFromProto(call.request);
        const problem = resourcePathProblem(request.path);
        let response: unknown;
        if (problem) response = jsonError(400, problem);
        else if (!handler.callResource)
          response = jsonError(404, `no resource "${request.path}": this handler has no resources`);
        else {
          const ctx = { pluginContext, signal, log };
          response = await handler.callResource.call(
            handler,
            request,
            span ? { ...ctx, trace: span } : ctx,
          );
        }
        const checked = checkResponse(response);
        span?.setAttributes({ "http.status_code": checked.status });
        messages = resourceResponseToProto(checked);
      } catch (thrown) {
        const error = toShimError(thrown);
        failure = error.message;
        log.warn("resource call failed", { path: call.request.path, error: error.message });
        messages = resourceResponseToProto(jsonError(500, error.message));
      } finally {
        dispose();
        if (span) {
          const outcome = { pluginErrors: 0, downstreamErrors: 0, cancelled: signal.aborted };
          endCallSpan(span, failure === undefined ? outcome : { ...outcome, error: failure });
        }
      }
      for (const message of messages) {
        if (call.cancelled) break;
        call.write(message);
      }
      call.end();
    },
  };
}
