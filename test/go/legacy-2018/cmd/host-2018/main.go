// Command host-2018 starts a protocol-1 plugin the way Grafana 5.2-6.1 did
// (go-plugin e8d22c7 of 2018-03-31, which offers no PLUGIN_PROTOCOL_VERSIONS and
// has no Shutdown call), sends it the requests of a JSON file and prints one
// JSON report: answers, timings and the host's own log.
//
//	host-2018 -plugin <exe> -requests <file.json> [-out <file.json>] [-timeout 30s]
//	          [-bench -concurrency 8 -duration 5s]
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
	timeout, duration                 time.Duration
	bench                             bool
	concurrency                       int
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
		"negotiatedVersion": nil, // this go-plugin revision cannot tell
		"startMs":           hostrun.MsSince(started),
	}
	plug := raw.(datasource.DatasourcePlugin)
	if o.bench {
		for key, value := range hostkit.RunBench(ctx, plug, requests, o.concurrency, o.duration) {
			report[key] = value
		}
	} else {
		report["results"] = runRequests(ctx, plug, requests)
	}
	report["pingOk"] = rpcClient.Ping() == nil

	pid := cmd.Process.Pid
	killStarted := time.Now()
	client.Kill()
	report["killMs"] = hostrun.MsSince(killStarted)
	report["exited"] = client.Exited() && hostrun.ProcessGone(pid)
	report["hostLog"] = hostLog.Entries()
	if err := hostrun.WriteReport(o.outPath, report); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// logLevel keeps the host log short in load mode, where it is not the point.
func logLevel(bench bool) hclog.Level {
	if bench {
		return hclog.Info
	}
	return hclog.Trace
}

func runRequests(ctx context.Context, plug datasource.DatasourcePlugin, requests []*datasource.DatasourceRequest) []interface{} {
	results := make([]interface{}, 0, len(requests))
	for _, req := range requests {
		resp, err := plug.Query(ctx, req)
		results = append(results, hostkit.ResultEntry(resp, err))
	}
	return results
}
