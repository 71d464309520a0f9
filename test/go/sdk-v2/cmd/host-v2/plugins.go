package main

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

// handshake is Grafana's; VersionedPlugins decides which app versions are offered.
var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// versionedPlugins gives each offered version Grafana's plugin set for it.
func versionedPlugins(versions []int) map[int]plugin.PluginSet {
	sets := map[int]plugin.PluginSet{}
	for _, version := range versions {
		if version == 1 {
			sets[1] = plugin.PluginSet{"backend-datasource": &protocolOnePlaceholder{}}
		} else {
			// As Grafana's pkg/plugins/backendplugin/grpcplugin does.
			sets[2] = plugin.PluginSet{
				"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
				"resource":    &grpcplugin.ResourceGRPCPlugin{},
				"data":        &grpcplugin.DataGRPCPlugin{},
				"stream":      &grpcplugin.StreamGRPCPlugin{},
			}
		}
	}
	return sets
}

// protocolOnePlaceholder stands for Grafana 7's protocol-1 plugin set; this host never calls it.
type protocolOnePlaceholder struct {
	plugin.NetRPCUnsupportedPlugin
}

func (p *protocolOnePlaceholder) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error {
	return fmt.Errorf("host only")
}

func (p *protocolOnePlaceholder) GRPCClient(context.Context, *plugin.GRPCBroker, *grpc.ClientConn) (interface{}, error) {
	return p, nil
}

type v2Clients struct {
	diagnostics pluginv2.DiagnosticsClient
	resource    pluginv2.ResourceClient
	data        pluginv2.DataClient
	stream      pluginv2.StreamClient
}

func dispenseV2(rpcClient plugin.ClientProtocol) (v2Clients, error) {
	var c v2Clients
	raw := map[string]interface{}{}
	for _, name := range []string{"diagnostics", "resource", "data", "stream"} {
		client, err := rpcClient.Dispense(name)
		if err != nil {
			return c, fmt.Errorf("dispense %s: %v", name, err)
		}
		raw[name] = client
	}
	c.diagnostics = raw["diagnostics"].(pluginv2.DiagnosticsClient)
	c.resource = raw["resource"].(pluginv2.ResourceClient)
	c.data = raw["data"].(pluginv2.DataClient)
	c.stream = raw["stream"].(pluginv2.StreamClient)
	return c, nil
}
