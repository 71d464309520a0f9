package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/grafana/grafana-plugin-model/go/datasource"
)

// answerSpec is the `answer` key of a query model (ANSWER-SPEC.md).
type answerSpec struct {
	RefID   *string         `json:"refId"`
	Error   *string         `json:"error"`
	Meta    json.RawMessage `json:"meta"`
	Echo    bool            `json:"echo"`
	Series  []seriesSpec    `json:"series"`
	Tables  []tableSpec     `json:"tables"`
	SleepMs float64         `json:"sleepMs"`
	model   map[string]interface{}
}

type seriesSpec struct {
	Name   string               `json:"name"`
	Tags   map[string]string    `json:"tags"`
	Points [][2]json.RawMessage `json:"points"`
}

type tableSpec struct {
	Columns []string                       `json:"columns"`
	Rows    [][]map[string]json.RawMessage `json:"rows"`
}

func decodeJSON(text []byte, into interface{}) error {
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.UseNumber()
	return decoder.Decode(into)
}

// parseAnswerSpec reads the model; an empty model is `{}`.
func parseAnswerSpec(modelJSON string) (*answerSpec, error) {
	model := map[string]interface{}{}
	if modelJSON != "" {
		if err := decodeJSON([]byte(modelJSON), &model); err != nil {
			return nil, fmt.Errorf("model is not a JSON object: %v", err)
		}
	}
	spec := &answerSpec{}
	if answer, ok := model["answer"]; ok {
		text, _ := json.Marshal(answer)
		if err := json.Unmarshal(text, spec); err != nil {
			return nil, fmt.Errorf("bad answer spec: %v", err)
		}
	}
	spec.model = model
	return spec, nil
}

func buildResult(spec *answerSpec, query *datasource.Query, req *datasource.DatasourceRequest) (*datasource.QueryResult, error) {
	result := &datasource.QueryResult{RefId: query.GetRefId()}
	if spec.RefID != nil {
		result.RefId = *spec.RefID
	}
	if spec.Error != nil {
		result.Error = *spec.Error
	}
	metaJSON, err := buildMeta(spec, query, req)
	if err != nil {
		return nil, err
	}
	result.MetaJson = metaJSON
	for _, s := range spec.Series {
		series, err := buildSeries(s)
		if err != nil {
			return nil, err
		}
		result.Series = append(result.Series, series)
	}
	for _, t := range spec.Tables {
		table, err := buildTable(t)
		if err != nil {
			return nil, err
		}
		result.Tables = append(result.Tables, table)
	}
	return result, nil
}

// buildMeta gives "" without meta and echo, else the JSON text of meta with echo merged in.
func buildMeta(spec *answerSpec, query *datasource.Query, req *datasource.DatasourceRequest) (string, error) {
	if spec.Meta == nil && !spec.Echo {
		return "", nil
	}
	meta := map[string]interface{}{}
	if spec.Meta != nil {
		// Like the twin's object spread, a meta that is not an object adds nothing.
		_ = decodeJSON(spec.Meta, &meta)
	}
	if spec.Echo {
		echo, err := buildEcho(spec, query, req)
		if err != nil {
			return "", err
		}
		meta["echo"] = echo
	}
	text, err := json.Marshal(meta)
	return string(text), err
}

func buildSeries(spec seriesSpec) (*datasource.TimeSeries, error) {
	series := &datasource.TimeSeries{Name: spec.Name, Tags: spec.Tags}
	for _, p := range spec.Points {
		value, err := specialNumber(p[0])
		if err != nil {
			return nil, err
		}
		timestamp, err := strconv.ParseInt(string(p[1]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad point time %s", p[1])
		}
		// Null and ±Inf have no place in Point.value: Grafana >= 6.4 shows NaN as null.
		if math.IsInf(value, 0) || value != value {
			value = math.NaN()
		}
		series.Points = append(series.Points, &datasource.Point{Timestamp: timestamp, Value: value})
	}
	return series, nil
}

func buildTable(spec tableSpec) (*datasource.Table, error) {
	table := &datasource.Table{}
	for _, name := range spec.Columns {
		table.Columns = append(table.Columns, &datasource.TableColumn{Name: name})
	}
	for _, row := range spec.Rows {
		values := make([]*datasource.RowValue, 0, len(row))
		for _, cell := range row {
			value, err := buildCell(cell)
			if err != nil {
				return nil, err
			}
			values = append(values, value)
		}
		table.Rows = append(table.Rows, &datasource.TableRow{Values: values})
	}
	return table, nil
}

// specialNumber reads a number, null (NaN), "NaN", "+Inf" or "-Inf".
func specialNumber(raw json.RawMessage) (float64, error) {
	if string(raw) == "null" {
		return math.NaN(), nil
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		switch text {
		case "NaN":
			return math.NaN(), nil
		case "+Inf":
			return math.Inf(1), nil
		case "-Inf":
			return math.Inf(-1), nil
		}
		return 0, fmt.Errorf("bad number %s", raw)
	}
	value, err := strconv.ParseFloat(string(raw), 64)
	if err != nil && !isRangeError(err) {
		return 0, fmt.Errorf("bad number %s", raw)
	}
	return value, nil
}

func isRangeError(err error) bool {
	numErr, ok := err.(*strconv.NumError)
	return ok && numErr.Err == strconv.ErrRange
}

func buildCell(cell map[string]json.RawMessage) (*datasource.RowValue, error) {
	if cell == nil {
		return &datasource.RowValue{Kind: datasource.RowValue_TYPE_NULL}, nil
	}
	if len(cell) != 1 {
		return nil, fmt.Errorf("a cell has exactly one key, got %d", len(cell))
	}
	for kind, raw := range cell {
		return cellOfKind(kind, raw)
	}
	return nil, nil
}

func cellOfKind(kind string, raw json.RawMessage) (*datasource.RowValue, error) {
	value := &datasource.RowValue{}
	var err error
	switch kind {
	case "double":
		value.DoubleValue, err = specialNumber(raw)
		value.Kind = datasource.RowValue_TYPE_DOUBLE
		// NaN and ±Inf in a double cell fail Grafana's JSON answer: send them as null.
		if math.IsInf(value.DoubleValue, 0) || value.DoubleValue != value.DoubleValue {
			value = &datasource.RowValue{Kind: datasource.RowValue_TYPE_NULL}
		}
	case "int64":
		var text string
		if err = json.Unmarshal(raw, &text); err == nil {
			value.Int64Value, err = strconv.ParseInt(text, 10, 64)
		}
		value.Kind = datasource.RowValue_TYPE_INT64
	case "bool":
		err = json.Unmarshal(raw, &value.BoolValue)
		value.Kind = datasource.RowValue_TYPE_BOOL
	case "string":
		err = json.Unmarshal(raw, &value.StringValue)
		value.Kind = datasource.RowValue_TYPE_STRING
	case "bytes":
		var text string
		if err = json.Unmarshal(raw, &text); err == nil {
			value.BytesValue, err = base64.StdEncoding.DecodeString(text)
		}
		value.Kind = datasource.RowValue_TYPE_BYTES
	default:
		err = fmt.Errorf("unknown cell kind %q", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("bad %s cell %s: %v", kind, raw, err)
	}
	return value, nil
}
