package main

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"grafana-shim/test/go/hostrun"
)

// runBench cycles through the requests for `warmup` plus `duration`, and on until `count`
// calls after the warm-up. A call counts as done
// when its frames are decoded as Grafana decodes them; a gRPC or decode error counts as an error.
func runBench(ctx context.Context, client pluginv2.DataClient, requests []*pluginv2.QueryDataRequest, concurrency int, warmup, duration time.Duration, count int) map[string]interface{} {
	query := func(i int) error {
		resp, err := client.QueryData(ctx, requests[i%len(requests)])
		if err == nil {
			_, err = backend.FromProto().QueryDataResponse(resp)
		}
		return err
	}
	return hostrun.Load(ctx, query, concurrency, warmup, duration, count)
}
