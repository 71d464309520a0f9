package main

import (
	"encoding/json"
	"flag"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// wideResult is the SDK's view of one frame: its time-series schema and, for long
// frames, the LongToWide result (the widening Grafana's FrameToSeriesSlice did first).
type wideResult struct {
	Schema string          `json:"schema"`
	Wide   json.RawMessage `json:"wide,omitempty"`
	Error  string          `json:"error,omitempty"`
}

func runLongToWide(fs *flag.FlagSet, args []string) error {
	in, out := ioFlags(fs)
	_ = fs.Parse(args)
	var items []json.RawMessage
	if err := readJSONInput(*in, &items); err != nil {
		return err
	}
	results := make([]wideResult, len(items))
	for i, item := range items {
		results[i] = longToWide(item)
	}
	return writeJSON(*out, results)
}

func longToWide(js []byte) wideResult {
	frame := &data.Frame{}
	if err := frame.UnmarshalJSON(js); err != nil {
		return wideResult{Error: "UnmarshalJSON: " + err.Error()}
	}
	schema := frame.TimeSeriesSchema()
	res := wideResult{Schema: schema.Type.String()}
	if schema.Type != data.TimeSeriesTypeLong {
		return res
	}
	wide, err := data.LongToWide(frame, nil)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	if res.Wide, err = wide.MarshalJSON(); err != nil {
		res.Error = "MarshalJSON: " + err.Error()
	}
	return res
}
