// Command host-current starts a protocol-1 plugin with the latest go-plugin
// and grafana-plugin-model, sends it the requests of a JSON file and prints
// one JSON report: answers, timings and the host's own log.
//
//	host-current -plugin <exe> -requests <file.json> [-out <file.json>] [-timeout 30s]
//	             [-versions 1,2] [-automtls] [-call-timeout 1s] [-end kill|exit] [-kill-limit 2s]
//	             [-bench -concurrency 8 -duration 5s [-warmup 1s] [-count N]]
//	             [-traceparent <00-…>]
//
// -versions offers these app versions (VersionedPlugins); every version gets
// the protocol-1 plugin set, since only version 1 is spoken here.
//
// -end and -kill-limit choose how the host leaves its plugin (see hostrun/ending.go).
//
// Exit code 0 when the host ran, 2 when the plugin could not be started.
package main

import (
	"context"
	"flag"
	"fmt"
	"grafana-shim/test/go/hostkit"
	"os"
	"strconv"
	"strings"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/metadata"
)

func main() {
	o := hostkit.Flags()
	flag.IntVar(&o.Count, "count", 0, "load mode: go on past -duration until this many calls were made after the warm-up")
	autoMTLS := flag.Bool("automtls", false, "let go-plugin set up mTLS (ClientConfig.AutoMTLS)")
	traceparent := flag.String("traceparent", "", "send this W3C traceparent in the gRPC metadata of every Query")
	versions := flag.String("versions", "", "offer these app versions, e.g. 1,2 (default: HandshakeConfig version 1)")
	o.Parse()

	config := &plugin.ClientConfig{Plugins: hostkit.PluginSet(), AutoMTLS: *autoMTLS}
	for _, item := range strings.Split(*versions, ",") {
		version, err := strconv.Atoi(strings.TrimSpace(item))
		if err != nil && item != "" {
			fmt.Fprintf(os.Stderr, "bad -versions item %q\n", item)
			os.Exit(1)
		} else if err == nil {
			if config.VersionedPlugins == nil {
				config.Plugins = nil
				config.VersionedPlugins = map[int]plugin.PluginSet{}
			}
			config.VersionedPlugins[version] = hostkit.PluginSet()
		}
	}
	withTrace := func(ctx context.Context) context.Context {
		if *traceparent == "" {
			return ctx
		}
		return metadata.AppendToOutgoingContext(ctx, "traceparent", *traceparent)
	}
	hostkit.Run(o, config, func(c *plugin.Client) interface{} { return c.NegotiatedVersion() }, withTrace)
}
