package hostkit

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-model/go/datasource"
	"grafana-shim/test/go/hostrun"
)

// RunBench cycles through the requests from `concurrency` goroutines for `warmup` plus
// `duration`, and on until `count` calls were made after the warm-up when count > 0.
func RunBench(ctx context.Context, plug datasource.DatasourcePlugin, requests []*datasource.DatasourceRequest, concurrency int, warmup, duration time.Duration, count int) map[string]interface{} {
	query := func(i int) error {
		_, err := plug.Query(ctx, requests[i%len(requests)])
		return err
	}
	return hostrun.Load(ctx, query, concurrency, warmup, duration, count)
}

// RunRequests sends the requests one after the other; each call gets its own deadline
// when callTimeout > 0, as Grafana's request timeout gives one.
func RunRequests(ctx context.Context, plug datasource.DatasourcePlugin, requests []*datasource.DatasourceRequest, callTimeout time.Duration) []interface{} {
	results := make([]interface{}, 0, len(requests))
	for _, req := range requests {
		callCtx, cancel := ctx, context.CancelFunc(func() {})
		if callTimeout > 0 {
			callCtx, cancel = context.WithTimeout(ctx, callTimeout)
		}
		resp, err := plug.Query(callCtx, req)
		cancel()
		results = append(results, ResultEntry(resp, err))
	}
	return results
}
