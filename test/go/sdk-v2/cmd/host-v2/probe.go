package main

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// runStreamProbes tries each path the three ways a host can: subscribe, run (first packet
// or error, at most 5 s) and publish. For paths that must be refused.
func runStreamProbes(ctx context.Context, client pluginv2.StreamClient, pc *pluginv2.PluginContext, paths []string, payload []byte) []interface{} {
	probes := make([]interface{}, 0, len(paths))
	for _, path := range paths {
		probes = append(probes, map[string]interface{}{
			"path":      path,
			"subscribe": subscribe(ctx, client, pc, path, payload),
			"run":       runFirstPacket(ctx, client, pc, path, payload),
			"publish":   publish(ctx, client, pc, path, payload),
		})
	}
	return probes
}

func runFirstPacket(ctx context.Context, client pluginv2.StreamClient, pc *pluginv2.PluginContext, path string, payload []byte) map[string]interface{} {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	stream, err := client.RunStream(ctx, &pluginv2.RunStreamRequest{PluginContext: pc, Path: path, Data: payload})
	if err == nil {
		var packet *pluginv2.StreamPacket
		if packet, err = stream.Recv(); err == nil {
			return map[string]interface{}{"packet": string(packet.GetData())}
		}
	}
	return map[string]interface{}{"grpcError": grpcErrorOf(err)}
}
