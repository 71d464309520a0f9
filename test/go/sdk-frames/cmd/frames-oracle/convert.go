package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func runArrowToJSON(fs *flag.FlagSet, args []string) error {
	in, out := ioFlags(fs)
	_ = fs.Parse(args)
	var items []string
	if err := readJSONInput(*in, &items); err != nil {
		return err
	}
	results := make([]any, len(items))
	for i, item := range items {
		results[i] = arrowToJSON(item)
	}
	return writeJSON(*out, results)
}

func arrowToJSON(b64 string) any {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return itemError{"base64: " + err.Error()}
	}
	frame, err := data.UnmarshalArrowFrame(raw)
	if err != nil {
		return itemError{err.Error()}
	}
	js, err := frame.MarshalJSON()
	if err != nil {
		return itemError{"MarshalJSON: " + err.Error()}
	}
	return json.RawMessage(js)
}

func runJSONToArrow(fs *flag.FlagSet, args []string) error {
	in, out := ioFlags(fs)
	_ = fs.Parse(args)
	var items []json.RawMessage
	if err := readJSONInput(*in, &items); err != nil {
		return err
	}
	results := make([]any, len(items))
	for i, item := range items {
		results[i] = jsonToArrow(item)
	}
	return writeJSON(*out, results)
}

func jsonToArrow(js []byte) any {
	frame := &data.Frame{}
	if err := frame.UnmarshalJSON(js); err != nil {
		return itemError{"UnmarshalJSON: " + err.Error()}
	}
	raw, err := frame.MarshalArrow()
	if err != nil {
		return itemError{"MarshalArrow: " + err.Error()}
	}
	return base64.StdEncoding.EncodeToString(raw)
}

func readJSONInput(path string, v any) error {
	b, err := readInput(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
