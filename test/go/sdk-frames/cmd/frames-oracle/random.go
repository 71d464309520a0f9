package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// fieldTypes lists every non-nullable SDK field type in a fixed order (seeds must repeat).
var fieldTypes = []data.FieldType{
	data.FieldTypeInt8, data.FieldTypeInt16, data.FieldTypeInt32, data.FieldTypeInt64,
	data.FieldTypeUint8, data.FieldTypeUint16, data.FieldTypeUint32, data.FieldTypeUint64,
	data.FieldTypeFloat32, data.FieldTypeFloat64, data.FieldTypeString, data.FieldTypeBool,
	data.FieldTypeTime, data.FieldTypeJSON, data.FieldTypeEnum,
}

type randomItem struct {
	Arrow string          `json:"arrow"`
	JSON  json.RawMessage `json:"json"`
}

func runRandom(fs *flag.FlagSet, args []string) error {
	seed := fs.Uint64("seed", 1, "random seed")
	count := fs.Int("count", 10, "number of frames")
	out := fs.String("out", "", "output file (default stdout)")
	_ = fs.Parse(args)
	r := rand.New(rand.NewPCG(*seed, 0x6772616661))
	items := make([]randomItem, *count)
	for i := range items {
		frame := randomFrame(r, i)
		raw, err := frame.MarshalArrow()
		if err != nil {
			return fmt.Errorf("frame %d: MarshalArrow: %w", i, err)
		}
		js, err := frame.MarshalJSON()
		if err != nil {
			return fmt.Errorf("frame %d: MarshalJSON: %w", i, err)
		}
		items[i] = randomItem{base64.StdEncoding.EncodeToString(raw), js}
	}
	return writeJSON(*out, items)
}

// randomFrame makes frame number i; the first len(fieldTypes) frames each start with
// one field of every type (plain and nullable) so that small counts still cover all types.
func randomFrame(r *rand.Rand, i int) *data.Frame {
	rows := pick(r, 0, 1, 2, 3, 5, 8, 13, r.IntN(200))
	frame := data.NewFrame(pick(r, "", "A frame", "🦥 frame", randomString(r)))
	frame.RefID = pick(r, "", "A", "B", randomString(r))
	if r.IntN(3) > 0 {
		frame.Meta = randomMeta(r)
	}
	if i == 0 {
		for _, ft := range fieldTypes {
			frame.Fields = append(frame.Fields, randomField(r, ft, rows), randomField(r, ft.NullableType(), rows))
		}
	}
	for range r.IntN(6) {
		ft := pick(r, fieldTypes...)
		if r.IntN(2) == 0 {
			ft = ft.NullableType()
		}
		frame.Fields = append(frame.Fields, randomField(r, ft, rows))
	}
	return frame
}

func randomField(r *rand.Rand, ft data.FieldType, rows int) *data.Field {
	field := data.NewFieldFromFieldType(ft, rows)
	field.Name = pick(r, "", "time", "value", "Value", ft.ItemTypeString(), randomString(r))
	if r.IntN(3) == 0 {
		field.Labels = randomLabels(r)
	}
	if r.IntN(3) == 0 {
		field.Config = randomConfig(r)
	}
	gen := valueGens[ft.NonNullableType()]
	for row := range rows {
		if ft.Nullable() && r.IntN(4) == 0 {
			continue // NewFieldFromFieldType starts with nil pointers
		}
		field.Set(row, asFieldValue(gen(r), ft.Nullable()))
	}
	return field
}

// asFieldValue returns v, or a pointer to a copy of v for nullable fields.
func asFieldValue(v any, nullable bool) any {
	if !nullable {
		return v
	}
	p := reflect.New(reflect.TypeOf(v))
	p.Elem().Set(reflect.ValueOf(v))
	return p.Interface()
}
