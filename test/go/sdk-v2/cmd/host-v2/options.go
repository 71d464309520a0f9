package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"grafana-shim/test/go/hostrun"
)

type options struct {
	pluginPath, requestsPath, outPath, resourcesPath string
	gfVersion, format, streamPath, streamData        string
	disconnectPath, traceparent, tracestate          string
	timeout, duration, callTimeout, warmup           time.Duration
	bench, autoMTLS, query, checkHealth              bool
	collectMetrics, chunked                          bool
	concurrency, packets, count                      int
	versions                                         []int
	streamProbes                                     stringList
	ending                                           *hostrun.Ending
}

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func parseOptions() options {
	var o options
	flag.StringVar(&o.pluginPath, "plugin", "", "plugin executable")
	flag.StringVar(&o.requestsPath, "requests", "", "QueryDataRequest JSON: an array, or {\"requests\": [...]}")
	flag.StringVar(&o.outPath, "out", "", "write the report here instead of stdout")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Second, "limit for the whole run")
	flag.StringVar(&o.gfVersion, "gf-version", "", "set GF_VERSION (and GF_EDITION=oss) for the plugin, as Grafana >= 7 does")
	flag.BoolVar(&o.autoMTLS, "automtls", false, "let go-plugin set up mTLS (ClientConfig.AutoMTLS)")
	flag.StringVar(&o.format, "format", "", "ask every QueryData for this frame format: arrow or json (default: as in the file)")
	flag.BoolVar(&o.query, "query", true, "call QueryData with each request")
	flag.BoolVar(&o.chunked, "chunked", false, "call QueryChunkedData instead of QueryData (same request fields), reading each stream to its end")
	flag.BoolVar(&o.checkHealth, "check-health", false, "call CheckHealth with each request's pluginContext and headers")
	flag.BoolVar(&o.collectMetrics, "collect-metrics", false, "call CollectMetrics after the other calls")
	flag.StringVar(&o.resourcesPath, "call-resource", "", "CallResourceRequest JSON: an array, or {\"requests\": [...]}")
	flag.StringVar(&o.streamPath, "stream", "", "subscribe to this stream path, run it for -packets packets, cancel")
	flag.IntVar(&o.packets, "packets", 5, "stream: packets to receive before cancelling")
	flag.StringVar(&o.streamData, "stream-data", "", "stream: the data of SubscribeStream and RunStream (JSON)")
	flag.Var(&o.streamProbes, "stream-probe", "subscribe, run (first packet or error) and publish this path; repeatable")
	flag.StringVar(&o.disconnectPath, "disconnect-stream", "", "before the other calls: run this stream on a connection of its own, close that connection after -packets packets")
	flag.StringVar(&o.traceparent, "traceparent", "", "send this W3C traceparent in the gRPC metadata of every call, as Grafana's otelgrpc client does")
	flag.StringVar(&o.tracestate, "tracestate", "", "with -traceparent: this W3C tracestate too")
	flag.DurationVar(&o.callTimeout, "call-timeout", 0, "a deadline for each QueryData call (default: the run's -timeout)")
	flag.BoolVar(&o.bench, "bench", false, "load mode: cycle through the requests")
	flag.IntVar(&o.concurrency, "concurrency", 8, "load mode: goroutines")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "load mode: how long")
	flag.DurationVar(&o.warmup, "warmup", 0, "load mode: load this long first without counting it")
	flag.IntVar(&o.count, "count", 0, "load mode: go on past -duration until this many calls were made after the warm-up")
	o.ending = hostrun.EndingFlags()
	versions := flag.String("versions", "2", "offer these app versions, e.g. 1,2")
	flag.Parse()
	for _, item := range strings.Split(*versions, ",") {
		if version, err := strconv.Atoi(strings.TrimSpace(item)); err == nil && (version == 1 || version == 2) {
			o.versions = append(o.versions, version)
		} else if item != "" {
			usageError("bad -versions item %q (1 or 2)", item)
		}
	}
	switch {
	case o.pluginPath == "":
		usageError("-plugin is required")
	case len(o.versions) == 0:
		usageError("-versions offers nothing")
	case o.format != "" && o.format != "arrow" && o.format != "json":
		usageError("-format is arrow or json")
	case o.bench && o.requestsPath == "":
		usageError("load mode needs -requests")
	case o.bench && o.chunked:
		usageError("-chunked is not for load mode")
	case o.disconnectPath != "" && o.autoMTLS:
		usageError("-disconnect-stream dials in plaintext: not with -automtls")
	}
	return o
}

func usageError(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	flag.Usage()
	os.Exit(1)
}
