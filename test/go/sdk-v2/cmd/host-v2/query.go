package main

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// runQueries sends the requests one after the other; callTimeout > 0 gives each its own deadline.
func runQueries(ctx context.Context, client pluginv2.DataClient, requests []*pluginv2.QueryDataRequest, callTimeout time.Duration) []interface{} {
	results := make([]interface{}, 0, len(requests))
	for _, req := range requests {
		resp, err := queryOnce(ctx, client, req, callTimeout)
		if err != nil {
			results = append(results, map[string]interface{}{"grpcError": grpcErrorOf(err)})
			continue
		}
		results = append(results, queryEntry(resp))
	}
	return results
}

func queryOnce(ctx context.Context, client pluginv2.DataClient, req *pluginv2.QueryDataRequest, callTimeout time.Duration) (*pluginv2.QueryDataResponse, error) {
	if callTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, callTimeout)
		defer cancel()
	}
	return client.QueryData(ctx, req)
}

// queryEntry is {"response": {refId: ...}} plus "decodeError" when a response does not
// decode: Grafana then fails every query of the request.
func queryEntry(resp *pluginv2.QueryDataResponse) map[string]interface{} {
	responses := map[string]interface{}{}
	var decodeError string
	for refID, r := range resp.GetResponses() {
		entry, err := dataResponseEntry(refID, r)
		if err != "" && decodeError == "" {
			decodeError = fmt.Sprintf("%s: %s", refID, err)
		}
		responses[refID] = entry
	}
	result := map[string]interface{}{"response": responses}
	if decodeError != "" {
		result["decodeError"] = decodeError
	}
	return result
}

// dataResponseEntry gives the wire fields as sent and the frames as Grafana decodes them
// (the SDK's FromProto), each re-encoded with the SDK's Frame.MarshalJSON.
func dataResponseEntry(refID string, r *pluginv2.DataResponse) (map[string]interface{}, string) {
	entry := map[string]interface{}{
		"status":      r.GetStatus(),
		"error":       r.GetError(),
		"errorSource": r.GetErrorSource(),
		"format":      r.GetFormat().String(),
		"frameCount":  len(r.GetFrames()),
	}
	if len(r.GetJsonMeta()) > 0 {
		entry["jsonMeta"] = string(r.GetJsonMeta())
	}
	one := &pluginv2.QueryDataResponse{Responses: map[string]*pluginv2.DataResponse{refID: r}}
	decoded, err := backend.FromProto().QueryDataResponse(one)
	if err != nil {
		entry["decodeError"] = err.Error()
		return entry, err.Error()
	}
	frames := []string{}
	for i, frame := range decoded.Responses[refID].Frames {
		text, err := frame.MarshalJSON()
		if err != nil {
			message := fmt.Sprintf("frame %d: MarshalJSON: %v", i, err)
			entry["decodeError"] = message
			return entry, message
		}
		frames = append(frames, string(text))
	}
	entry["frames"] = frames
	return entry, ""
}
