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
	"grafana-shim/test/go/hostrun"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-model/go/datasource"
	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/metadata"
)

const pluginSetName = "backend-datasource"

type options struct {
	pluginPath, requestsPath, outPath string
	traceparent                       string
	timeout, duration, callTimeout    time.Duration
	warmup                            time.Duration
	bench, autoMTLS                   bool
	concurrency, count                int
	ending                            *hostrun.Ending
	versions                          []int
}

func parseOptions() options {
	var o options
	flag.StringVar(&o.pluginPath, "plugin", "", "plugin executable")
	flag.StringVar(&o.requestsPath, "requests", "", "JSON array of DatasourceRequest")
	flag.StringVar(&o.outPath, "out", "", "write the report here instead of stdout")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Second, "limit for the whole run")
	flag.BoolVar(&o.bench, "bench", false, "load mode: cycle through the requests")
	flag.IntVar(&o.concurrency, "concurrency", 8, "load mode: goroutines")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "load mode: how long")
	flag.DurationVar(&o.warmup, "warmup", 0, "load mode: load this long first without counting it")
	flag.IntVar(&o.count, "count", 0, "load mode: go on past -duration until this many calls were made after the warm-up")
	flag.DurationVar(&o.callTimeout, "call-timeout", 0, "a deadline for each Query call (default: the run's -timeout)")
	o.ending = hostrun.EndingFlags()
	flag.BoolVar(&o.autoMTLS, "automtls", false, "let go-plugin set up mTLS (ClientConfig.AutoMTLS)")
	flag.StringVar(&o.traceparent, "traceparent", "", "send this W3C traceparent in the gRPC metadata of every Query")
	versions := flag.String("versions", "", "offer these app versions, e.g. 1,2 (default: HandshakeConfig version 1)")
	flag.Parse()
	for _, item := range strings.Split(*versions, ",") {
		if version, err := strconv.Atoi(strings.TrimSpace(item)); err == nil {
			o.versions = append(o.versions, version)
		} else if item != "" {
			fmt.Fprintf(os.Stderr, "bad -versions item %q\n", item)
			os.Exit(1)
		}
	}
	if o.pluginPath == "" || o.requestsPath == "" {
		flag.Usage()
		os.Exit(1)
	}
	return o
}

func main() {
	o := parseOptions()
	requests, err := hostkit.ReadRequests(o.requestsPath)
	if err == nil && o.bench && len(requests) == 0 {
		err = fmt.Errorf("%s: load mode needs at least one request", o.requestsPath)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	hostLog := &hostrun.LockedBuffer{}
	cmd := exec.Command(o.pluginPath)
	config := &plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  1,
			MagicCookieKey:   "grafana_plugin_type",
			MagicCookieValue: "datasource",
		},
		Plugins:          pluginSet(),
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger: hclog.New(&hclog.LoggerOptions{
			Name: "host", Level: logLevel(o.bench), Output: hostLog, JSONFormat: true,
		}),
		StartTimeout: o.timeout,
		AutoMTLS:     o.autoMTLS,
	}
	if len(o.versions) > 0 {
		config.Plugins = nil
		config.VersionedPlugins = map[int]plugin.PluginSet{}
		for _, version := range o.versions {
			config.VersionedPlugins[version] = pluginSet()
		}
	}
	client := plugin.NewClient(config)
	// Calls give up at the deadline; the watchdog only ends a host that hangs past it.
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	watchdog := time.AfterFunc(o.timeout+2*time.Second, func() { hostrun.TimedOut(cmd, o.timeout) })
	defer watchdog.Stop()

	started := time.Now()
	rpcClient, err := client.Client()
	var raw interface{}
	if err == nil {
		raw, err = rpcClient.Dispense(pluginSetName)
	}
	if err != nil {
		client.Kill()
		hostrun.StartFailed(err, hostLog)
	}
	report := map[string]interface{}{
		"negotiatedVersion": client.NegotiatedVersion(),
		"startMs":           hostrun.MsSince(started),
	}
	plug := raw.(datasource.DatasourcePlugin)
	if o.traceparent != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", o.traceparent)
	}
	if o.bench {
		for key, value := range hostkit.RunBench(ctx, plug, requests, o.concurrency, o.warmup, o.duration, o.count) {
			report[key] = value
		}
	} else {
		report["results"] = hostkit.RunRequests(ctx, plug, requests, o.callTimeout)
	}
	o.ending.Finish(report, cmd, rpcClient, client, hostLog, o.outPath)
}

func pluginSet() plugin.PluginSet {
	return plugin.PluginSet{pluginSetName: &datasource.DatasourcePluginImpl{}}
}

// logLevel keeps the host log short in load mode, where it is not the point.
func logLevel(bench bool) hclog.Level {
	if bench {
		return hclog.Info
	}
	return hclog.Trace
}
