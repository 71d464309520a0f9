// Command ref-plugin-v1 is the reference protocol-1 plugin: a Go plugin built
// with grafana-plugin-model and go-plugin v1.0.1, as Grafana 5-7 plugins were.
// Each query's model says what to answer (test/go/ANSWER-SPEC.md), so the
// shim running the TypeScript twin must give the same responses on the wire.
package main

import (
	"context"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-model/go/datasource"
	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

type referencePlugin struct{}

func (p *referencePlugin) Query(ctx context.Context, req *datasource.DatasourceRequest) (*datasource.DatasourceResponse, error) {
	response := &datasource.DatasourceResponse{}
	for _, query := range req.GetQueries() {
		spec, err := parseAnswerSpec(query.GetModelJson())
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "query %q: %v", query.GetRefId(), err)
		}
		if spec.SleepMs > 0 {
			select {
			case <-time.After(time.Duration(spec.SleepMs) * time.Millisecond):
			case <-ctx.Done():
				return nil, status.Error(codes.Canceled, ctx.Err().Error())
			}
		}
		result, err := buildResult(spec, query, req)
		if err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "query %q: %v", query.GetRefId(), err)
		}
		response.Results = append(response.Results, result)
	}
	return response, nil
}

func main() {
	// Created before Serve, which swaps os.Stderr for a pipe: lines go to the real stderr.
	logger := hclog.New(&hclog.LoggerOptions{
		Name:       "ref-plugin-v1",
		Level:      hclog.Trace,
		Output:     os.Stderr,
		JSONFormat: true,
	})
	versions, offered := os.LookupEnv("PLUGIN_PROTOCOL_VERSIONS")
	_, autoMTLS := os.LookupEnv("PLUGIN_CLIENT_CERT")
	logger.Debug("plugin environment", "PLUGIN_PROTOCOL_VERSIONS", versions,
		"versionsOffered", offered, "autoMTLS", autoMTLS)

	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  1,
			MagicCookieKey:   "grafana_plugin_type",
			MagicCookieValue: "datasource",
		},
		Plugins: map[string]plugin.Plugin{
			"backend-datasource": &datasource.DatasourcePluginImpl{Plugin: &referencePlugin{}},
		},
		GRPCServer: plugin.DefaultGRPCServer,
		Logger:     logger,
	})
}
