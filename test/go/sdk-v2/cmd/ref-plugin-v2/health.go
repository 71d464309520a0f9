package main

import (
	"context"
	"encoding/json"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type healthSpec struct {
	Status  string          `json:"status"`
	Message string          `json:"message"`
	Details json.RawMessage `json:"details"`
}

var healthStatuses = map[string]backend.HealthStatus{
	"ok": backend.HealthStatusOk, "error": backend.HealthStatusError, "unknown": backend.HealthStatusUnknown,
}

func (p *referencePlugin) CheckHealth(_ context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if spec := healthSpecOf(req.PluginContext); spec != nil {
		return &backend.CheckHealthResult{
			Status:      healthStatuses[spec.Status],
			Message:     spec.Message,
			JSONDetails: spec.Details,
		}, nil
	}
	details, err := json.Marshal(map[string]interface{}{
		"pluginContext": pluginContextEcho(req.PluginContext),
		"headers":       stringMap(req.Headers),
	})
	if err != nil {
		return nil, err
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: "echo ok", JSONDetails: details}, nil
}

// healthSpecOf reads `health` from the datasource's jsonData, if there is one.
func healthSpecOf(pc backend.PluginContext) *healthSpec {
	ds := pc.DataSourceInstanceSettings
	if ds == nil || len(ds.JSONData) == 0 {
		return nil
	}
	var settings struct {
		Health *healthSpec `json:"health"`
	}
	if json.Unmarshal(ds.JSONData, &settings) != nil {
		return nil
	}
	return settings.Health
}
