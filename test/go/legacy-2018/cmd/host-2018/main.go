// Command host-2018 starts a protocol-1 plugin the way Grafana 5.2-6.1 did
// (go-plugin e8d22c7 of 2018-03-31, which offers no PLUGIN_PROTOCOL_VERSIONS and
// has no Shutdown call), sends it the requests of a JSON file and prints one
// JSON report: answers, timings and the host's own log.
//
//	host-2018 -plugin <exe> -requests <file.json> [-out <file.json>] [-timeout 30s]
//	          [-call-timeout 1s] [-end kill|exit] [-kill-limit 2s]
//	          [-bench -concurrency 8 -duration 5s [-warmup 1s]]
//
// -end and -kill-limit choose how the host leaves its plugin (see hostrun/ending.go).
//
// Exit code 0 when the host ran, 2 when the plugin could not be started.
package main

import (
	"grafana-shim/test/go/hostkit"

	plugin "github.com/hashicorp/go-plugin"
)

func main() {
	// This go-plugin revision cannot tell the version it negotiated.
	hostkit.Main(func(*plugin.Client) interface{} { return nil })
}
