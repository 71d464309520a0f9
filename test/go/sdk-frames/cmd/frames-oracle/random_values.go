package main

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// valueGen returns one non-null value of a field type; extremes come up often on purpose.
type valueGen func(r *rand.Rand) any

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// extremeOr returns one of the extremes half of the time, else random().
func extremeOr[T any](r *rand.Rand, random func() T, extremes ...T) T {
	if r.IntN(2) == 0 {
		return pick(r, extremes...)
	}
	return random()
}

const maxSafe = 1<<53 - 1

var valueGens = map[data.FieldType]valueGen{
	data.FieldTypeInt8: func(r *rand.Rand) any {
		return extremeOr(r, func() int8 { return int8(r.Uint32()) }, math.MinInt8, math.MaxInt8, 0, -1)
	},
	data.FieldTypeInt16: func(r *rand.Rand) any {
		return extremeOr(r, func() int16 { return int16(r.Uint32()) }, math.MinInt16, math.MaxInt16, 0, -1)
	},
	data.FieldTypeInt32: func(r *rand.Rand) any {
		return extremeOr(r, func() int32 { return int32(r.Uint32()) }, math.MinInt32, math.MaxInt32, 0, -1)
	},
	data.FieldTypeInt64: func(r *rand.Rand) any {
		return extremeOr(r, func() int64 { return int64(r.Uint64()) },
			math.MinInt64, math.MaxInt64, 0, -1, maxSafe, -maxSafe, maxSafe+2, -maxSafe-2)
	},
	data.FieldTypeUint8: func(r *rand.Rand) any {
		return extremeOr(r, func() uint8 { return uint8(r.Uint32()) }, 0, math.MaxUint8)
	},
	data.FieldTypeUint16: func(r *rand.Rand) any {
		return extremeOr(r, func() uint16 { return uint16(r.Uint32()) }, 0, math.MaxUint16)
	},
	data.FieldTypeUint32: func(r *rand.Rand) any {
		return extremeOr(r, func() uint32 { return r.Uint32() }, 0, math.MaxUint32)
	},
	data.FieldTypeUint64: func(r *rand.Rand) any {
		return extremeOr(r, func() uint64 { return r.Uint64() }, 0, math.MaxUint64, maxSafe, maxSafe+2)
	},
	data.FieldTypeFloat32: func(r *rand.Rand) any {
		return extremeOr(r, func() float32 { return float32(r.NormFloat64() * 1e3) },
			float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), math.MaxFloat32,
			-math.MaxFloat32, math.SmallestNonzeroFloat32, 0, 0.1)
	},
	data.FieldTypeFloat64: func(r *rand.Rand) any {
		return extremeOr(r, func() float64 { return r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20)) },
			math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
			math.SmallestNonzeroFloat64, 0, 0.1, maxSafe, -maxSafe)
	},
	data.FieldTypeString: func(r *rand.Rand) any { return randomString(r) },
	data.FieldTypeBool:   func(r *rand.Rand) any { return r.IntN(2) == 0 },
	data.FieldTypeTime:   func(r *rand.Rand) any { return randomTime(r) },
	data.FieldTypeJSON:   func(r *rand.Rand) any { return pick(r, jsonValues...) },
	data.FieldTypeEnum: func(r *rand.Rand) any {
		return data.EnumItemIndex(extremeOr(r, func() uint16 { return uint16(r.IntN(8)) }, 0, math.MaxUint16))
	},
}

var stringPool = []string{
	"", "a", "Grafana ❤️", "🦥", "0🦥: not a prefix", "quote \" backslash \\ slash /",
	"tab\tnewline\ncr\r", "nul \x00 bell \x07", "line sep \u2028 para \u2029", "é ß 中文 العربية",
	"<script>&amp;</script>", "  padded  ", "null", "NaN",
}

func randomString(r *rand.Rand) string {
	if r.IntN(3) > 0 {
		return pick(r, stringPool...)
	}
	runes := make([]rune, r.IntN(12))
	for i := range runes {
		runes[i] = pick(r, rune(r.IntN(0x80)), rune(0x80+r.IntN(0xD800-0x80)), rune(0x10000+r.IntN(0x10000)))
	}
	return string(runes)
}

func randomTime(r *rand.Rand) time.Time {
	switch r.IntN(6) {
	case 0:
		return time.Unix(0, pick(r, int64(math.MinInt64), math.MaxInt64, 0, -1, 1, 999999, 1_000_000))
	case 1: // whole milliseconds only, no nanos
		return time.UnixMilli(r.Int64N(4_000_000_000_000) - 1_000_000_000_000)
	default:
		return time.Unix(0, r.Int64N(1<<62)-1<<61)
	}
}

var jsonValues = []json.RawMessage{
	json.RawMessage(`{}`), json.RawMessage(`[]`), json.RawMessage(`{"a":1,"b":[true,false,null]}`),
	json.RawMessage(`"text"`), json.RawMessage(`42`), json.RawMessage(`-1.5e-7`), json.RawMessage(`true`),
	json.RawMessage(`{ "spaced" : [ 1 , 2 ] }`), json.RawMessage(`{"emoji":"🦥","esc":"\"\\\n"}`),
	json.RawMessage(`[{"nested":{"deep":[[]]}}]`),
}
