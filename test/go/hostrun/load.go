package hostrun

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Load runs call(i) from `concurrency` goroutines, i counting up across them, for `warmup`
// plus `duration`; with count > 0 it goes on until `count` calls were also started after the
// warm-up. Only calls started after the warm-up count. A call returning an error counts as an
// error.
func Load(ctx context.Context, call func(i int) error, concurrency int, warmup, duration time.Duration, count int) map[string]interface{} {
	var next, counted, errors int64
	latencies := make([][]float64, concurrency)
	started := time.Now().Add(warmup)
	deadline := started.Add(duration)
	var wg sync.WaitGroup
	for g := 0; g < concurrency; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for ctx.Err() == nil {
				callStarted := time.Now()
				late := !callStarted.Before(deadline)
				if late && count <= 0 {
					return
				}
				warming := callStarted.Before(started)
				if !warming && count > 0 && atomic.AddInt64(&counted, 1) > int64(count) && late {
					return
				}
				i := int(atomic.AddInt64(&next, 1) - 1)
				err := call(i)
				if warming {
					continue
				}
				if err != nil {
					atomic.AddInt64(&errors, 1)
				}
				latencies[g] = append(latencies[g], MsSince(callStarted))
			}
		}(g)
	}
	wg.Wait()
	elapsed := time.Since(started).Seconds()
	var all []float64
	for _, l := range latencies {
		all = append(all, l...)
	}
	sort.Float64s(all)
	return map[string]interface{}{
		"count":            len(all),
		"errors":           errors,
		"p50Ms":            percentile(all, 0.50),
		"p99Ms":            percentile(all, 0.99),
		"meanMs":           mean(all),
		"throughputPerSec": float64(len(all)) / elapsed,
	}
}

func percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(q*float64(len(sorted)-1))]
}

func mean(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return sum / float64(len(values))
}
