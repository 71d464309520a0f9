// Command host-v101 starts a protocol-1 plugin the way Grafana 6.5-7.x did
// (go-plugin v1.0.1, grafana-plugin-model), sends it the requests of a JSON
// file and prints one JSON report: answers, timings and the host's own log.
//
//	host-v101 -plugin <exe> -requests <file.json> [-out <file.json>] [-timeout 30s]
//	          [-call-timeout 1s] [-end kill|exit] [-kill-limit 2s]
//	          [-bench -concurrency 8 -duration 5s]
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
	"time"

	"github.com/grafana/grafana-plugin-model/go/datasource"
	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
)

const pluginSetName = "backend-datasource"

type options struct {
	pluginPath, requestsPath, outPath string
	timeout, duration, callTimeout    time.Duration
	bench                             bool
	concurrency                       int
	ending                            *hostrun.Ending
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
	flag.DurationVar(&o.callTimeout, "call-timeout", 0, "a deadline for each Query call (default: the run's -timeout)")
	o.ending = hostrun.EndingFlags()
	flag.Parse()
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
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  1,
			MagicCookieKey:   "grafana_plugin_type",
			MagicCookieValue: "datasource",
		},
		Plugins:          map[string]plugin.Plugin{pluginSetName: &datasource.DatasourcePluginImpl{}},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger: hclog.New(&hclog.LoggerOptions{
			Name: "host", Level: logLevel(o.bench), Output: hostLog, JSONFormat: true,
		}),
		StartTimeout: o.timeout,
	})
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
	if o.bench {
		for key, value := range hostkit.RunBench(ctx, plug, requests, o.concurrency, 0, o.duration, 0) {
			report[key] = value
		}
	} else {
		report["results"] = hostkit.RunRequests(ctx, plug, requests, o.callTimeout)
	}
	o.ending.Finish(report, cmd, rpcClient, client, hostLog, o.outPath)
}

// logLevel keeps the host log short in load mode, where it is not the point.
func logLevel(bench bool) hclog.Level {
	if bench {
		return hclog.Info
	}
	return hclog.Trace
}
