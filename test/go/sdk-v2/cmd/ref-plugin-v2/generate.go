package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

type generateSpec struct {
	Name   string              `json:"name"`
	Rows   int                 `json:"rows"`
	Fields []generateFieldSpec `json:"fields"`
}

type generateFieldSpec struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	Nullable bool   `json:"nullable"`
}

// generators give the value of row i per type (ANSWER-SPEC-V2.md, generated frames).
var generators = map[string]func(i int) interface{}{
	"time":    func(i int) interface{} { return time.UnixMilli(1700000000000 + int64(i)*1000).UTC() },
	"int64":   func(i int) interface{} { return int64(i-50000) * 100000007 },
	"float64": func(i int) interface{} { return float64(i)*0.25 - 1000 },
	"string":  func(i int) interface{} { return "row-" + strconv.Itoa(i) },
	"bool":    func(i int) interface{} { return i%3 == 0 },
}

var generatedTypes = map[string]data.FieldType{
	"time": data.FieldTypeTime, "int64": data.FieldTypeInt64, "float64": data.FieldTypeFloat64,
	"string": data.FieldTypeString, "bool": data.FieldTypeBool,
}

func generateFrame(spec generateSpec) (*data.Frame, error) {
	frame := data.NewFrame(spec.Name)
	for _, f := range spec.Fields {
		generate, ok := generators[f.Type]
		if !ok {
			return nil, fmt.Errorf("generate: unknown field type %q", f.Type)
		}
		fieldType := generatedTypes[f.Type]
		if f.Nullable {
			fieldType = fieldType.NullableType()
		}
		name := f.Name
		if name == "" {
			name = f.Type
		}
		field := data.NewFieldFromFieldType(fieldType, spec.Rows)
		field.Name = name
		for i := 0; i < spec.Rows; i++ {
			if f.Nullable && i%10 == 9 {
				continue // NewFieldFromFieldType starts nullable fields with nulls
			}
			field.SetConcrete(i, generate(i))
		}
		frame.Fields = append(frame.Fields, field)
	}
	return frame, nil
}
