// Command host-v101 starts a protocol-1 plugin the way Grafana 6.5-7.x did
// (go-plugin v1.0.1, grafana-plugin-model), sends it the requests of a JSON
// file and prints one JSON report: answers, timings and the host's own log.
//
//	host-v101 -plugin <exe> -requests <file.json> [-out <file.json>] [-timeout 30s]
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
	hostkit.Main(func(c *plugin.Client) interface{} { return c.NegotiatedVersion() })
}
