// Command host-v2 starts a protocol-2 plugin the way Grafana does (go-plugin,
// the SDK's pluginv2 gRPC clients), sends it the requests of a JSON file and
// prints one JSON report: answers decoded by the SDK, timings and the host log.
//
//	host-v2 -plugin <exe> [-requests <file.json>] [-out <file.json>] [-timeout 30s]
//	        [-versions 2 | -versions 1,2 -gf-version 7.5.17] [-automtls] [-format json]
//	        [-query=false] [-chunked] [-check-health] [-collect-metrics] [-call-resource <file.json>]
//	        [-stream <path> -packets N [-stream-data <json>]] [-stream-probe <path>]...
//	        [-disconnect-stream <path>] [-call-timeout 1s] [-traceparent <00-…> [-tracestate <…>]]
//	        [-end kill|exit] [-kill-limit 2s]
//	        [-bench -concurrency 8 -duration 5s [-warmup 1s] [-count N]]
//
// -versions 1,2 with -gf-version is Grafana 7.x (VersionedPlugins {1: a
// protocol-1 placeholder, 2: pluginv2}, GF_VERSION set); -versions 2 is Grafana
// 8 and later. A plugin that picks protocol 1 gets no calls: the report says so.
//
// The report: {negotiatedVersion, startMs, results: [{response: {refId: {status, error,
// errorSource, format, frameCount, jsonMeta?, frames: [frame JSON text]}}, decodeError?} |
// {grpcError: {code, message, errorSource?}}], checkHealth: [...], callResource: [...],
// stream: {...}, streamProbes: [{path, subscribe, run, publish}], disconnect: {packets, ...},
// collectMetrics: {text}, pingOk, killMs, exited, hostLog}. Frames are decoded
// as Grafana decodes them (backend.FromProto().QueryDataResponse) and each is re-encoded with
// the SDK's Frame.MarshalJSON, kept as text so 64-bit integers survive any JSON reader. Load
// mode reports {count, errors, p50Ms, p99Ms, meanMs, throughputPerSec} instead of results.
//
// Like Grafana, the host always sends a plugin context and every query a time range
// (empty ones when the file has none).
//
// -disconnect-stream runs first: RunStream on a second connection of the host's own, whose
// socket is closed (no cancel, no GOAWAY) after -packets packets, as a host that goes away.
// -chunked calls QueryChunkedData instead of QueryData and reports each stream in the
// results' shape, its frames decoded by the SDK in the order received (see chunked.go).
// -call-timeout gives each QueryData call its own deadline, as Grafana's request timeout does.
//
// -end and -kill-limit choose how the host leaves its plugin (see hostrun/ending.go).
//
// Exit code 0 when the host ran, 2 when the plugin could not be started.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/metadata"
	"grafana-shim/test/go/hostrun"
)

// withTraceContext puts a W3C trace context in the outgoing gRPC metadata, where
// Grafana's otelgrpc client handler puts it.
func withTraceContext(ctx context.Context, traceparent, tracestate string) context.Context {
	if traceparent == "" {
		return ctx
	}
	ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", traceparent)
	if tracestate != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "tracestate", tracestate)
	}
	return ctx
}

func main() {
	o := parseOptions()
	in, err := readInputs(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	hostLog := &hostrun.LockedBuffer{}
	cmd := exec.Command(o.pluginPath)
	if o.gfVersion != "" {
		// Grafana >= 7.0 adds these on top of its own environment (go-plugin appends os.Environ()).
		cmd.Env = []string{"GF_VERSION=" + o.gfVersion, "GF_EDITION=oss"}
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  handshake,
		VersionedPlugins: versionedPlugins(o.versions),
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger: hclog.New(&hclog.LoggerOptions{
			Name: "host", Level: logLevel(o.bench), Output: hostLog, JSONFormat: true,
		}),
		StartTimeout: o.timeout,
		AutoMTLS:     o.autoMTLS,
	})
	// Calls give up at the deadline; the watchdog only ends a host that hangs past it.
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	watchdog := time.AfterFunc(o.timeout+2*time.Second, func() { hostrun.TimedOut(cmd, o.timeout) })
	defer watchdog.Stop()

	started := time.Now()
	rpcClient, err := client.Client()
	if err != nil {
		client.Kill()
		hostrun.StartFailed(err, hostLog)
	}
	report := map[string]interface{}{
		"negotiatedVersion": client.NegotiatedVersion(),
		"startMs":           hostrun.MsSince(started),
	}
	if client.NegotiatedVersion() == 2 {
		clients, err := dispenseV2(rpcClient)
		if err != nil {
			client.Kill()
			hostrun.StartFailed(err, hostLog)
		}
		if o.disconnectPath != "" {
			report["disconnect"] = runDisconnect(ctx, client.ReattachConfig().Addr, in.firstContext(), o.disconnectPath, o.packets, []byte(o.streamData))
		}
		runCalls(ctx, o, in, clients, report)
	} else {
		report["protocolError"] = fmt.Sprintf("the plugin chose protocol %d: no pluginv2 calls made", client.NegotiatedVersion())
	}
	o.ending.Finish(report, cmd, rpcClient, client, hostLog, o.outPath)
}

// runCalls makes the calls the options ask for; metrics come last, so they count the others.
func runCalls(ctx context.Context, o options, in inputs, c v2Clients, report map[string]interface{}) {
	ctx = withTraceContext(ctx, o.traceparent, o.tracestate)
	if o.bench {
		for key, value := range runBench(ctx, c.data, in.queries, o.concurrency, o.warmup, o.duration, o.count) {
			report[key] = value
		}
		return
	}
	if o.query && len(in.queries) > 0 && o.chunked {
		report["results"] = runChunkedQueries(ctx, c.data, in.queries, o.callTimeout)
	} else if o.query && len(in.queries) > 0 {
		report["results"] = runQueries(ctx, c.data, in.queries, o.callTimeout)
	}
	if o.checkHealth {
		report["checkHealth"] = runCheckHealth(ctx, c.diagnostics, in.queries)
	}
	if in.resources != nil {
		report["callResource"] = runCallResource(ctx, c.resource, in.resources)
	}
	if o.streamPath != "" {
		report["stream"] = runStream(ctx, c.stream, in.firstContext(), o.streamPath, o.packets, []byte(o.streamData))
	}
	if len(o.streamProbes) > 0 {
		report["streamProbes"] = runStreamProbes(ctx, c.stream, in.firstContext(), o.streamProbes, []byte(o.streamData))
	}
	if o.collectMetrics {
		report["collectMetrics"] = runCollectMetrics(ctx, c.diagnostics)
	}
}

// logLevel keeps the host log short in load mode, where it is not the point.
func logLevel(bench bool) hclog.Level {
	if bench {
		return hclog.Info
	}
	return hclog.Trace
}
