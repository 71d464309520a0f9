// Command ref-plugin-v2 is the reference protocol-2 plugin: a Go plugin built
// with grafana-plugin-sdk-go and served by backend.Manage, as current Grafana
// plugins are. Each request says what to answer (test/go/ANSWER-SPEC-V2.md), so
// the shim running the TypeScript twin must give the same answers on the wire.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// pluginID names the plugin to Manage (standalone-mode files only; never on the wire).
const pluginID = "grafana-shim-ref-v2"

type referencePlugin struct{}

func main() {
	// What the host offered, for tests that check the hosts themselves.
	_, offered := os.LookupEnv("PLUGIN_PROTOCOL_VERSIONS")
	_, autoMTLS := os.LookupEnv("PLUGIN_CLIENT_CERT")
	backend.Logger.Debug("plugin environment",
		"PLUGIN_PROTOCOL_VERSIONS", os.Getenv("PLUGIN_PROTOCOL_VERSIONS"),
		"versionsOffered", offered, "autoMTLS", autoMTLS, "GF_VERSION", os.Getenv("GF_VERSION"))

	p := &referencePlugin{}
	err := backend.Manage(pluginID, backend.ServeOpts{
		QueryDataHandler:    p,
		CheckHealthHandler:  p,
		CallResourceHandler: p,
		StreamHandler:       p,
	})
	if err != nil {
		backend.Logger.Error("serve failed", "error", err.Error())
		os.Exit(1)
	}
}
