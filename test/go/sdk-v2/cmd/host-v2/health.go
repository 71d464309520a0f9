package main

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

func runCheckHealth(ctx context.Context, client pluginv2.DiagnosticsClient, requests []*pluginv2.QueryDataRequest) []interface{} {
	results := make([]interface{}, 0, len(requests))
	for _, req := range requests {
		resp, err := client.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
			PluginContext: req.GetPluginContext(),
			Headers:       req.GetHeaders(),
		})
		if err != nil {
			results = append(results, map[string]interface{}{"grpcError": grpcErrorOf(err)})
			continue
		}
		results = append(results, map[string]interface{}{
			"status":      resp.GetStatus().String(),
			"message":     resp.GetMessage(),
			"jsonDetails": string(resp.GetJsonDetails()),
		})
	}
	return results
}

func runCollectMetrics(ctx context.Context, client pluginv2.DiagnosticsClient) map[string]interface{} {
	resp, err := client.CollectMetrics(ctx, &pluginv2.CollectMetricsRequest{})
	if err != nil {
		return map[string]interface{}{"grpcError": grpcErrorOf(err)}
	}
	return map[string]interface{}{"text": string(resp.GetMetrics().GetPrometheus())}
}
