package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

type inputs struct {
	queries   []*pluginv2.QueryDataRequest
	resources []*pluginv2.CallResourceRequest
}

// firstContext is the plugin context of the first request, for calls that have none of their own.
func (in inputs) firstContext() *pluginv2.PluginContext {
	if len(in.queries) > 0 {
		return in.queries[0].GetPluginContext()
	}
	return &pluginv2.PluginContext{}
}

func readInputs(o options) (inputs, error) {
	var in inputs
	if o.requestsPath != "" {
		items, err := readItems(o.requestsPath)
		if err != nil {
			return in, err
		}
		for i, item := range items {
			req := &pluginv2.QueryDataRequest{}
			if err := unmarshalItem(item, queryBytesFields, req); err != nil {
				return in, fmt.Errorf("%s: request %d: %v", o.requestsPath, i, err)
			}
			withGrafanaDefaults(req)
			if o.format == "json" {
				req.Format = pluginv2.DataFrameFormat_JSON
			} else if o.format == "arrow" {
				req.Format = pluginv2.DataFrameFormat_ARROW
			}
			in.queries = append(in.queries, req)
		}
	}
	if o.resourcesPath != "" {
		items, err := readItems(o.resourcesPath)
		if err != nil {
			return in, err
		}
		in.resources = []*pluginv2.CallResourceRequest{}
		for i, item := range items {
			req := &pluginv2.CallResourceRequest{}
			if err := unmarshalItem(item, resourceBytesFields, req); err != nil {
				return in, fmt.Errorf("%s: request %d: %v", o.resourcesPath, i, err)
			}
			if req.PluginContext == nil {
				req.PluginContext = &pluginv2.PluginContext{}
			}
			in.resources = append(in.resources, req)
		}
	}
	return in, nil
}

// withGrafanaDefaults sets what Grafana always sends (the SDK's converters panic without them).
func withGrafanaDefaults(req *pluginv2.QueryDataRequest) {
	if req.PluginContext == nil {
		req.PluginContext = &pluginv2.PluginContext{}
	}
	for _, query := range req.Queries {
		if query.TimeRange == nil {
			query.TimeRange = &pluginv2.TimeRange{}
		}
	}
}

// readItems reads a JSON array, or the `requests` array of a fixture ({"comment", "requests"}).
func readItems(path string) ([]map[string]json.RawMessage, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var items []map[string]json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(text), []byte("{")) {
		var fixture struct {
			Requests []map[string]json.RawMessage `json:"requests"`
		}
		err = json.Unmarshal(text, &fixture)
		items = fixture.Requests
	} else {
		err = json.Unmarshal(text, &items)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return items, nil
}

// Bytes fields that fixtures may write as JSON values (objects, arrays, numbers) instead of base64.
var (
	contextBytesFields  = []string{"pluginContext.dataSourceInstanceSettings.jsonData", "pluginContext.appInstanceSettings.jsonData"}
	queryBytesFields    = append([]string{"queries[].json"}, contextBytesFields...)
	resourceBytesFields = append([]string{"body"}, contextBytesFields...)
)

func unmarshalItem(item map[string]json.RawMessage, bytesFields []string, into proto.Message) error {
	for _, path := range bytesFields {
		if err := jsonValueToBytes(item, strings.Split(path, ".")); err != nil {
			return err
		}
	}
	// A body may also be given as text.
	if text, ok := item["bodyText"]; ok {
		var s string
		if err := json.Unmarshal(text, &s); err != nil {
			return fmt.Errorf("bodyText: %v", err)
		}
		item["body"] = quotedBase64([]byte(s))
		delete(item, "bodyText")
	}
	text, err := json.Marshal(item)
	if err != nil {
		return err
	}
	return protojson.Unmarshal(text, into)
}

// jsonValueToBytes replaces a non-string JSON value at path by base64 of its compact text.
func jsonValueToBytes(object map[string]json.RawMessage, path []string) error {
	key := strings.TrimSuffix(path[0], "[]")
	raw, ok := object[key]
	if !ok {
		return nil
	}
	if len(path) == 1 {
		trimmed := bytes.TrimSpace(raw)
		if len(trimmed) == 0 || trimmed[0] == '"' || string(trimmed) == "null" {
			return nil
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, trimmed); err != nil {
			return err
		}
		object[key] = quotedBase64(compact.Bytes())
		return nil
	}
	var children []map[string]json.RawMessage
	if strings.HasSuffix(path[0], "[]") {
		if err := json.Unmarshal(raw, &children); err != nil {
			return fmt.Errorf("%s: %v", key, err)
		}
	} else {
		var child map[string]json.RawMessage
		if err := json.Unmarshal(raw, &child); err != nil || child == nil {
			return nil
		}
		children = []map[string]json.RawMessage{child}
	}
	for _, child := range children {
		if err := jsonValueToBytes(child, path[1:]); err != nil {
			return err
		}
	}
	var err error
	if strings.HasSuffix(path[0], "[]") {
		object[key], err = json.Marshal(children)
	} else {
		object[key], err = json.Marshal(children[0])
	}
	return err
}

func quotedBase64(b []byte) json.RawMessage {
	text, _ := json.Marshal(base64.StdEncoding.EncodeToString(b))
	return text
}
