package hostkit

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/grafana/grafana-plugin-model/go/datasource"
	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"grafana-shim/test/go/hostrun"
)

const pluginSetName = "backend-datasource"

// Options are the flags every protocol-1 host takes; a host adds its own before Parse.
type Options struct {
	PluginPath, RequestsPath, OutPath      string
	Timeout, Duration, CallTimeout, Warmup time.Duration
	Bench                                  bool
	Concurrency, Count                     int
	Ending                                 *hostrun.Ending
}

// Flags registers the common flags on the command line.
func Flags() *Options {
	o := &Options{}
	flag.StringVar(&o.PluginPath, "plugin", "", "plugin executable")
	flag.StringVar(&o.RequestsPath, "requests", "", "JSON array of DatasourceRequest")
	flag.StringVar(&o.OutPath, "out", "", "write the report here instead of stdout")
	flag.DurationVar(&o.Timeout, "timeout", 30*time.Second, "limit for the whole run")
	flag.BoolVar(&o.Bench, "bench", false, "load mode: cycle through the requests")
	flag.IntVar(&o.Concurrency, "concurrency", 8, "load mode: goroutines")
	flag.DurationVar(&o.Duration, "duration", 5*time.Second, "load mode: how long")
	flag.DurationVar(&o.Warmup, "warmup", 0, "load mode: load this long first without counting it")
	flag.DurationVar(&o.CallTimeout, "call-timeout", 0, "a deadline for each Query call (default: the run's -timeout)")
	o.Ending = hostrun.EndingFlags()
	return o
}

// Parse reads the command line; without -plugin and -requests it prints the usage and exits 1.
func (o *Options) Parse() {
	flag.Parse()
	if o.PluginPath == "" || o.RequestsPath == "" {
		flag.Usage()
		os.Exit(1)
	}
}

// PluginSet is the protocol-1 datasource plugin under the name Grafana dispenses it by.
func PluginSet() map[string]plugin.Plugin {
	return map[string]plugin.Plugin{pluginSetName: &datasource.DatasourcePluginImpl{}}
}

// Main is the whole of a host that offers protocol 1 alone, as Grafana 5.2-7.x did.
func Main(negotiated func(*plugin.Client) interface{}) {
	o := Flags()
	o.Parse()
	Run(o, &plugin.ClientConfig{Plugins: PluginSet()}, negotiated, nil)
}

// Run starts the plugin with config, whose plugin set the host chooses (Run sets the handshake,
// command, protocol, logger and start timeout), sends it the requests or the load, and writes
// the report. negotiated gives the version go-plugin chose (nil where its revision cannot tell);
// callContext adds to the context of every call.
func Run(o *Options, config *plugin.ClientConfig, negotiated func(*plugin.Client) interface{}, callContext func(context.Context) context.Context) {
	requests, err := ReadRequests(o.RequestsPath)
	if err == nil && o.Bench && len(requests) == 0 {
		err = fmt.Errorf("%s: load mode needs at least one request", o.RequestsPath)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	hostLog := &hostrun.LockedBuffer{}
	cmd := exec.Command(o.PluginPath)
	config.HandshakeConfig = plugin.HandshakeConfig{
		ProtocolVersion:  1,
		MagicCookieKey:   "grafana_plugin_type",
		MagicCookieValue: "datasource",
	}
	config.Cmd = cmd
	config.AllowedProtocols = []plugin.Protocol{plugin.ProtocolGRPC}
	config.Logger = hclog.New(&hclog.LoggerOptions{
		Name: "host", Level: logLevel(o.Bench), Output: hostLog, JSONFormat: true,
	})
	config.StartTimeout = o.Timeout
	client := plugin.NewClient(config)
	// Calls give up at the deadline; the watchdog only ends a host that hangs past it.
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	watchdog := time.AfterFunc(o.Timeout+2*time.Second, func() { hostrun.TimedOut(cmd, o.Timeout) })
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
		"negotiatedVersion": negotiated(client),
		"startMs":           hostrun.MsSince(started),
	}
	plug := raw.(datasource.DatasourcePlugin)
	if callContext != nil {
		ctx = callContext(ctx)
	}
	if o.Bench {
		for key, value := range RunBench(ctx, plug, requests, o.Concurrency, o.Warmup, o.Duration, o.Count) {
			report[key] = value
		}
	} else {
		report["results"] = RunRequests(ctx, plug, requests, o.CallTimeout)
	}
	o.Ending.Finish(report, cmd, rpcClient, client, hostLog, o.OutPath)
}

// logLevel keeps the host log short in load mode, where it is not the point.
func logLevel(bench bool) hclog.Level {
	if bench {
		return hclog.Info
	}
	return hclog.Trace
}
