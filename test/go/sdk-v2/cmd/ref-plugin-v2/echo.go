package main

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func decodeJSON(text []byte, into interface{}) error {
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.UseNumber()
	return decoder.Decode(into)
}

// echoFrame says what the handler was given (ANSWER-SPEC-V2.md, the echo frame).
func echoFrame(req *backend.QueryDataRequest, query backend.DataQuery, model interface{}) *data.Frame {
	echo := map[string]interface{}{
		"refId":         query.RefID,
		"queryType":     query.QueryType,
		"maxDataPoints": query.MaxDataPoints,
		"intervalMs":    query.Interval.Milliseconds(),
		"timeRange": map[string]interface{}{
			"fromMs": query.TimeRange.From.UnixMilli(),
			"toMs":   query.TimeRange.To.UnixMilli(),
		},
		"json":          model,
		"format":        formatName(req.Format),
		"headers":       stringMap(req.Headers),
		"queryCount":    len(req.Queries),
		"pluginContext": pluginContextEcho(req.PluginContext),
	}
	frame := data.NewFrame("echo", data.NewField("refId", nil, []string{query.RefID}))
	frame.Meta = &data.FrameMeta{Custom: echo}
	return frame
}

func formatName(format backend.DataFrameFormat) string {
	switch format {
	case backend.DataFrameFormat_ARROW:
		return "arrow"
	case backend.DataFrameFormat_JSON:
		return "json"
	}
	return strconv.Itoa(int(format))
}

func pluginContextEcho(pc backend.PluginContext) map[string]interface{} {
	echo := map[string]interface{}{
		"orgId":         pc.OrgID,
		"pluginId":      pc.PluginID,
		"pluginVersion": pc.PluginVersion,
		"apiVersion":    pc.APIVersion,
		"namespace":     pc.Namespace,
		"userAgent":     "",
		"user":          nil,
		"datasource":    nil,
		"app":           nil,
		"grafanaConfig": map[string]string{},
	}
	if pc.UserAgent != nil {
		echo["userAgent"] = pc.UserAgent.String()
	}
	if u := pc.User; u != nil {
		echo["user"] = map[string]interface{}{"login": u.Login, "name": u.Name, "email": u.Email, "role": u.Role}
	}
	if ds := pc.DataSourceInstanceSettings; ds != nil {
		echo["datasource"] = map[string]interface{}{
			"id": ds.ID, "uid": ds.UID, "type": ds.Type, "name": ds.Name, "url": ds.URL,
			"user": ds.User, "database": ds.Database,
			"basicAuthEnabled": ds.BasicAuthEnabled, "basicAuthUser": ds.BasicAuthUser,
			"jsonData":                parsedOrEmpty(ds.JSONData),
			"decryptedSecureJsonData": stringMap(ds.DecryptedSecureJSONData),
			"updatedMs":               ds.Updated.UnixMilli(),
			"apiVersion":              ds.APIVersion,
		}
	}
	if app := pc.AppInstanceSettings; app != nil {
		echo["app"] = map[string]interface{}{
			"jsonData":                parsedOrEmpty(app.JSONData),
			"decryptedSecureJsonData": stringMap(app.DecryptedSecureJSONData),
			"updatedMs":               app.Updated.UnixMilli(),
			"apiVersion":              app.APIVersion,
		}
	}
	if pc.GrafanaConfig != nil {
		echo["grafanaConfig"] = stringMap(pc.GrafanaConfig.Config())
	}
	return echo
}

// parsedOrEmpty parses JSON settings; empty (or unreadable) settings give {}.
func parsedOrEmpty(text []byte) interface{} {
	var parsed interface{}
	if len(text) == 0 || decodeJSON(text, &parsed) != nil {
		return map[string]interface{}{}
	}
	return parsed
}

func stringMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
