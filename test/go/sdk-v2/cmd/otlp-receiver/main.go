// Command otlp-receiver is a small OpenTelemetry collector stand-in for tests: it accepts
// trace exports over OTLP/gRPC and OTLP/HTTP (protobuf, POST /v1/traces) on 127.0.0.1,
// decodes them with the collector's own protos (go.opentelemetry.io/proto/otlp), and prints
// one JSON line per span on stdout.
//
//	otlp-receiver
//
// The first line says where it listens: {"grpc": "127.0.0.1:<port>", "http": "http://127.0.0.1:<port>"}.
// Each span: {"protocol", "service", "traceId", "spanId", "parentSpanId", "name", "kind",
// "attributes": {key: value}, "status": {"code", "message"}, "startNs", "endNs"}.
// It exits when its stdin closes.
package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"

	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

var out = json.NewEncoder(os.Stdout)
var outMu sync.Mutex

func emit(line map[string]interface{}) {
	outMu.Lock()
	defer outMu.Unlock()
	_ = out.Encode(line)
}

type traceServer struct {
	collectortrace.UnimplementedTraceServiceServer
}

func (traceServer) Export(_ context.Context, req *collectortrace.ExportTraceServiceRequest) (*collectortrace.ExportTraceServiceResponse, error) {
	printSpans("grpc", req)
	return &collectortrace.ExportTraceServiceResponse{}, nil
}

func printSpans(protocol string, req *collectortrace.ExportTraceServiceRequest) {
	for _, rs := range req.ResourceSpans {
		service := ""
		for _, kv := range rs.GetResource().GetAttributes() {
			if kv.Key == "service.name" {
				service = kv.GetValue().GetStringValue()
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, span := range ss.Spans {
				emit(map[string]interface{}{
					"protocol":     protocol,
					"service":      service,
					"traceId":      hex.EncodeToString(span.TraceId),
					"spanId":       hex.EncodeToString(span.SpanId),
					"parentSpanId": hex.EncodeToString(span.ParentSpanId),
					"name":         span.Name,
					"kind":         span.Kind.String(),
					"attributes":   attributes(span.Attributes),
					"status":       map[string]interface{}{"code": span.GetStatus().GetCode().String(), "message": span.GetStatus().GetMessage()},
					"startNs":      span.StartTimeUnixNano,
					"endNs":        span.EndTimeUnixNano,
				})
			}
		}
	}
}

func attributes(list []*commonpb.KeyValue) map[string]interface{} {
	values := map[string]interface{}{}
	for _, kv := range list {
		switch v := kv.GetValue().GetValue().(type) {
		case *commonpb.AnyValue_StringValue:
			values[kv.Key] = v.StringValue
		case *commonpb.AnyValue_IntValue:
			values[kv.Key] = v.IntValue
		case *commonpb.AnyValue_DoubleValue:
			values[kv.Key] = v.DoubleValue
		case *commonpb.AnyValue_BoolValue:
			values[kv.Key] = v.BoolValue
		default:
			values[kv.Key] = fmt.Sprint(kv.GetValue())
		}
	}
	return values
}

func serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
		http.Error(w, "POST /v1/traces only", http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req := &collectortrace.ExportTraceServiceRequest{}
	if err := proto.Unmarshal(body, req); err != nil {
		http.Error(w, "not an ExportTraceServiceRequest in protobuf: "+err.Error(), http.StatusBadRequest)
		return
	}
	printSpans("http", req)
	answer, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(answer)
}

func main() {
	grpcListener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	httpListener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	server := grpc.NewServer()
	collectortrace.RegisterTraceServiceServer(server, traceServer{})
	go func() { _ = server.Serve(grpcListener) }()
	go func() { _ = http.Serve(httpListener, http.HandlerFunc(serveHTTP)) }()
	emit(map[string]interface{}{
		"grpc": grpcListener.Addr().String(),
		"http": "http://" + httpListener.Addr().String(),
	})
	_, _ = io.Copy(io.Discard, os.Stdin)
	server.Stop()
}
