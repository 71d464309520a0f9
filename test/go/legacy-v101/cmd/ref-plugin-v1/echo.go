package main

import (
	"github.com/grafana/grafana-plugin-model/go/datasource"
)

// buildEcho gives the request as the query received it, numbers as JSON numbers.
func buildEcho(spec *answerSpec, query *datasource.Query, req *datasource.DatasourceRequest) (map[string]interface{}, error) {
	ds := req.GetDatasource()
	jsonData := map[string]interface{}{}
	if text := ds.GetJsonData(); text != "" {
		if err := decodeJSON([]byte(text), &jsonData); err != nil {
			return nil, err
		}
	}
	secure := ds.GetDecryptedSecureJsonData()
	if secure == nil {
		secure = map[string]string{}
	}
	timeRange := req.GetTimeRange()
	return map[string]interface{}{
		"refId":         query.GetRefId(),
		"maxDataPoints": query.GetMaxDataPoints(),
		"intervalMs":    query.GetIntervalMs(),
		"model":         spec.model,
		"timeRange": map[string]interface{}{
			"fromRaw": timeRange.GetFromRaw(),
			"toRaw":   timeRange.GetToRaw(),
			"fromMs":  timeRange.GetFromEpochMs(),
			"toMs":    timeRange.GetToEpochMs(),
		},
		"datasource": map[string]interface{}{
			"id":                      ds.GetId(),
			"orgId":                   ds.GetOrgId(),
			"name":                    ds.GetName(),
			"type":                    ds.GetType(),
			"url":                     ds.GetUrl(),
			"jsonData":                jsonData,
			"decryptedSecureJsonData": secure,
		},
		"queryCount": len(req.GetQueries()),
	}, nil
}
