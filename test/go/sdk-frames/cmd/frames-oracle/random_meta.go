package main

import (
	"math/rand/v2"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func randomLabels(r *rand.Rand) data.Labels {
	labels := data.Labels{}
	for range r.IntN(4) {
		labels[pick(r, "host", "job", "le", "🦥", "", randomString(r))] = randomString(r)
	}
	return labels
}

// randomConfig fills only FieldConfig keys the SDK round-trips (unknown keys it drops).
func randomConfig(r *rand.Rand) *data.FieldConfig {
	config := &data.FieldConfig{}
	if r.IntN(2) == 0 {
		config.DisplayName = randomString(r)
	}
	if r.IntN(2) == 0 {
		config.Unit = pick(r, "ms", "bytes", "percent", "Requests/sec")
	}
	if r.IntN(3) == 0 {
		decimals := uint16(r.IntN(5))
		config.Decimals = &decimals
	}
	if r.IntN(3) == 0 {
		lo, hi := data.ConfFloat64(-r.Float64()*100), data.ConfFloat64(r.Float64()*100)
		config.Min, config.Max = &lo, &hi
	}
	if r.IntN(3) == 0 {
		config.Interval = float64(pick(r, 1000, 15000, 60000))
	}
	if r.IntN(3) == 0 {
		filterable := r.IntN(2) == 0
		config.Filterable = &filterable
	}
	if r.IntN(4) == 0 {
		config.Custom = map[string]any{"lineWidth": 2.0, "note": randomString(r), "nested": map[string]any{"x": true}}
	}
	return config
}

func randomMeta(r *rand.Rand) *data.FrameMeta {
	meta := &data.FrameMeta{}
	if r.IntN(2) == 0 {
		meta.Type = pick(r, data.FrameTypeTimeSeriesMulti, data.FrameTypeTimeSeriesWide,
			data.FrameTypeTimeSeriesLong, data.FrameTypeNumericLong, data.FrameTypeTable)
		meta.TypeVersion = data.FrameTypeVersion{0, uint(r.IntN(2))}
	}
	if r.IntN(2) == 0 {
		meta.ExecutedQueryString = randomString(r)
	}
	if r.IntN(3) == 0 {
		meta.Custom = map[string]any{"resultType": "matrix", "n": 3.0, "list": []any{"a", 1.0}}
	}
	if r.IntN(3) == 0 {
		meta.Notices = []data.Notice{{Severity: data.NoticeSeverityWarning, Text: randomString(r),
			Link: "https://example.invalid/doc", Inspect: data.InspectTypeData}}
	}
	if r.IntN(4) == 0 {
		meta.Stats = []data.QueryStat{{FieldConfig: data.FieldConfig{DisplayName: "rows", Unit: "short"}, Value: 42}}
	}
	if r.IntN(4) == 0 {
		meta.PreferredVisualization = pick(r, data.VisTypeGraph, data.VisTypeTable, data.VisTypeLogs)
		meta.Channel = "ds/abc/stream"
		meta.Path = "a/b"
		meta.PathSeparator = "/"
	}
	return meta
}
