package hostkit

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-model/go/datasource"
	"grafana-shim/test/go/hostrun"
)

// RunBench cycles through the requests from `concurrency` goroutines for `duration`.
func RunBench(ctx context.Context, plug datasource.DatasourcePlugin, requests []*datasource.DatasourceRequest, concurrency int, duration time.Duration) map[string]interface{} {
	query := func(i int) error {
		_, err := plug.Query(ctx, requests[i%len(requests)])
		return err
	}
	return hostrun.Load(ctx, query, concurrency, 0, duration)
}
