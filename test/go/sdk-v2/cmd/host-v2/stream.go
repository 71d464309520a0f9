package main

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc/status"
	"grafana-shim/test/go/hostrun"
)

// unknownPath is a stream path no plugin of the spec knows.
const unknownPath = "no-such-stream"

// runStream is one live session as Grafana runs it: subscribe, RunStream until n packets
// came, cancel; then the refusals the spec defines (unknown path, publishing).
func runStream(ctx context.Context, client pluginv2.StreamClient, pc *pluginv2.PluginContext, path string, n int, payload []byte) map[string]interface{} {
	report := map[string]interface{}{
		"subscribe":        subscribe(ctx, client, pc, path, payload),
		"subscribeUnknown": subscribe(ctx, client, pc, unknownPath, nil),
	}
	for key, value := range runSession(ctx, client, pc, path, n, payload) {
		report[key] = value
	}
	report["runUnknown"] = runUnknown(ctx, client, pc)
	report["publish"] = publish(ctx, client, pc, "echo", []byte(`{"published":true}`))
	report["publishDenied"] = publish(ctx, client, pc, path, []byte(`{"published":true}`))
	return report
}

func subscribe(ctx context.Context, client pluginv2.StreamClient, pc *pluginv2.PluginContext, path string, payload []byte) map[string]interface{} {
	resp, err := client.SubscribeStream(ctx, &pluginv2.SubscribeStreamRequest{PluginContext: pc, Path: path, Data: payload})
	if err != nil {
		return map[string]interface{}{"grpcError": grpcErrorOf(err)}
	}
	return map[string]interface{}{"status": resp.GetStatus().String(), "data": string(resp.GetData())}
}

func publish(ctx context.Context, client pluginv2.StreamClient, pc *pluginv2.PluginContext, path string, payload []byte) map[string]interface{} {
	resp, err := client.PublishStream(ctx, &pluginv2.PublishStreamRequest{PluginContext: pc, Path: path, Data: payload})
	if err != nil {
		return map[string]interface{}{"grpcError": grpcErrorOf(err)}
	}
	return map[string]interface{}{"status": resp.GetStatus().String(), "data": string(resp.GetData())}
}

func runSession(ctx context.Context, client pluginv2.StreamClient, pc *pluginv2.PluginContext, path string, n int, payload []byte) map[string]interface{} {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	started := time.Now()
	stream, err := client.RunStream(runCtx, &pluginv2.RunStreamRequest{PluginContext: pc, Path: path, Data: payload})
	if err != nil {
		return map[string]interface{}{"runError": grpcErrorOf(err)}
	}
	packets := []interface{}{}
	report := map[string]interface{}{}
	for len(packets) < n {
		packet, err := stream.Recv()
		if err != nil {
			report["runError"] = grpcErrorOf(err)
			break
		}
		packets = append(packets, packetEntry(packet.GetData()))
	}
	report["packets"] = packets
	report["packetsMs"] = hostrun.MsSince(started)
	cancel()
	// After the cancel the stream must end (as Canceled) without a hang.
	cancelled := time.Now()
	late := 0
	for {
		if _, err := stream.Recv(); err != nil {
			report["endCode"] = status.Code(err).String()
			break
		}
		late++
	}
	report["packetsAfterCancel"] = late
	report["endMs"] = hostrun.MsSince(cancelled)
	return report
}

// runUnknown waits at most 5 s: a plugin that neither fails nor sends must not stall the run.
func runUnknown(ctx context.Context, client pluginv2.StreamClient, pc *pluginv2.PluginContext) map[string]interface{} {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	stream, err := client.RunStream(ctx, &pluginv2.RunStreamRequest{PluginContext: pc, Path: unknownPath})
	if err == nil {
		_, err = stream.Recv()
	}
	if err == nil {
		return map[string]interface{}{"packet": true}
	}
	return map[string]interface{}{"grpcError": grpcErrorOf(err)}
}

// packetEntry gives the packet as sent and as the SDK decodes and re-encodes it.
func packetEntry(raw []byte) map[string]interface{} {
	entry := map[string]interface{}{"raw": string(raw)}
	frame := &data.Frame{}
	if err := frame.UnmarshalJSON(raw); err != nil {
		entry["decodeError"] = err.Error()
		return entry
	}
	text, err := frame.MarshalJSON()
	if err != nil {
		entry["decodeError"] = err.Error()
		return entry
	}
	entry["frame"] = string(text)
	return entry
}
