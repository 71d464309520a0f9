package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// maxReportedBody keeps big bodies out of the report: they are compared by hash.
const maxReportedBody = 1 << 20

// runCallResource joins each answer as Grafana does: code and headers of the first
// message, the bodies of all of them.
func runCallResource(ctx context.Context, client pluginv2.ResourceClient, requests []*pluginv2.CallResourceRequest) []interface{} {
	results := make([]interface{}, 0, len(requests))
	for _, req := range requests {
		results = append(results, callResource(ctx, client, req))
	}
	return results
}

func callResource(ctx context.Context, client pluginv2.ResourceClient, req *pluginv2.CallResourceRequest) map[string]interface{} {
	stream, err := client.CallResource(ctx, req)
	if err != nil {
		return map[string]interface{}{"grpcError": grpcErrorOf(err)}
	}
	result := map[string]interface{}{}
	var body []byte
	chunks := 0
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			result["grpcError"] = grpcErrorOf(err)
			break
		}
		if chunks == 0 {
			headers := map[string][]string{}
			for name, values := range msg.GetHeaders() {
				headers[name] = values.GetValues()
			}
			result["code"] = msg.GetCode()
			result["headers"] = headers
		}
		body = append(body, msg.GetBody()...)
		chunks++
	}
	result["chunks"] = chunks
	result["bodyBytes"] = len(body)
	result["bodySha256"] = fmt.Sprintf("%x", sha256.Sum256(body))
	if len(body) <= maxReportedBody {
		result["body"] = string(body)
	}
	return result
}
