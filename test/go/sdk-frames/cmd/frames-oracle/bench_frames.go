package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// benchCase is one workload: the frames encoded or decoded together by one operation.
type benchCase struct {
	name   string
	frames []*data.Frame
	points int // cells per operation, for points/s
}

// seriesCase is 10 series of rows points each, one (time, float64) frame per series,
// the shape legacy series become.
func seriesCase(rows int) benchCase {
	r := rand.New(rand.NewPCG(10, 1))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	frames := make([]*data.Frame, 10)
	for s := range frames {
		times, values := make([]time.Time, rows), make([]float64, rows)
		for i := range rows {
			times[i] = start.Add(time.Duration(i) * 15 * time.Second)
			values[i] = math.Round(r.NormFloat64()*1e4) / 100
		}
		frames[s] = data.NewFrame(fmt.Sprintf("series %d", s),
			data.NewField("time", nil, times),
			data.NewField("value", data.Labels{"series": fmt.Sprint(s)}, values))
	}
	return benchCase{"series", frames, 10 * rows}
}

// tableCase is one 20-column table of rows rows with a mix of types and nulls.
func tableCase(rows int) benchCase {
	r := rand.New(rand.NewPCG(20, 1))
	types := []data.FieldType{
		data.FieldTypeTime, data.FieldTypeFloat64, data.FieldTypeNullableFloat64, data.FieldTypeInt64,
		data.FieldTypeNullableInt64, data.FieldTypeString, data.FieldTypeNullableString, data.FieldTypeBool,
		data.FieldTypeInt32, data.FieldTypeUint8, data.FieldTypeFloat32, data.FieldTypeNullableBool,
		data.FieldTypeUint64, data.FieldTypeInt16, data.FieldTypeNullableTime, data.FieldTypeString,
		data.FieldTypeFloat64, data.FieldTypeNullableUint32, data.FieldTypeEnum, data.FieldTypeJSON,
	}
	frame := data.NewFrame("table")
	for c, ft := range types {
		field := data.NewFieldFromFieldType(ft, rows)
		field.Name = fmt.Sprintf("col%02d_%s", c, ft.ItemTypeString())
		gen := tableValueGen(ft.NonNullableType())
		for i := range rows {
			if ft.Nullable() && i%7 == 3 {
				continue
			}
			field.Set(i, asFieldValue(gen(r, i), ft.Nullable()))
		}
		frame.Fields = append(frame.Fields, field)
	}
	return benchCase{"table", []*data.Frame{frame}, len(types) * rows}
}

// tableValueGen gives realistic, finite values (random extremes are the random command's job).
func tableValueGen(ft data.FieldType) func(r *rand.Rand, i int) any {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	words := []string{"alpha", "beta", "gamma", "delta", "a somewhat longer cell value"}
	switch ft {
	case data.FieldTypeTime:
		return func(_ *rand.Rand, i int) any { return start.Add(time.Duration(i) * time.Second) }
	case data.FieldTypeString:
		return func(r *rand.Rand, _ int) any { return pick(r, words...) }
	case data.FieldTypeJSON:
		return func(_ *rand.Rand, i int) any { return json.RawMessage(fmt.Sprintf(`{"row":%d}`, i)) }
	case data.FieldTypeFloat64:
		return func(r *rand.Rand, _ int) any { return r.NormFloat64() * 100 }
	case data.FieldTypeFloat32:
		return func(r *rand.Rand, _ int) any { return float32(r.NormFloat64()) }
	case data.FieldTypeBool:
		return func(r *rand.Rand, _ int) any { return r.IntN(2) == 0 }
	}
	gen := valueGens[ft] // integer types: full range is realistic enough
	return func(r *rand.Rand, _ int) any { return gen(r) }
}
