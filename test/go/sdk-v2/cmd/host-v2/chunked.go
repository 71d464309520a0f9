package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// runChunkedQueries sends each request as a QueryChunkedDataRequest and reads the stream to
// its end. Each result has the shape of runQueries' ({"response": {refId: ...}}, decodeError?,
// or grpcError), so the two can be compared; "messages" counts the stream's messages, and a
// stream that fails after some messages gives both "response" and "grpcError".
func runChunkedQueries(ctx context.Context, client pluginv2.DataClient, requests []*pluginv2.QueryDataRequest, callTimeout time.Duration) []interface{} {
	results := make([]interface{}, 0, len(requests))
	for _, req := range requests {
		results = append(results, chunkedOnce(ctx, client, req, callTimeout))
	}
	return results
}

func chunkedOnce(ctx context.Context, client pluginv2.DataClient, req *pluginv2.QueryDataRequest, callTimeout time.Duration) map[string]interface{} {
	if callTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, callTimeout)
		defer cancel()
	}
	stream, err := client.QueryChunkedData(ctx, &pluginv2.QueryChunkedDataRequest{
		PluginContext: req.GetPluginContext(),
		Headers:       req.GetHeaders(),
		Queries:       req.GetQueries(),
		Format:        req.GetFormat(),
	})
	if err != nil {
		return map[string]interface{}{"grpcError": grpcErrorOf(err)}
	}
	acc := chunkedAccumulator{responses: map[string]*chunkedResponse{}, frameIDs: map[string]bool{}}
	result := map[string]interface{}{}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			result["grpcError"] = grpcErrorOf(err)
			break
		}
		acc.add(msg)
	}
	responses := map[string]interface{}{}
	for refID, r := range acc.responses {
		responses[refID] = r.entry()
	}
	result["response"] = responses
	result["messages"] = acc.messages
	if acc.decodeError != "" {
		result["decodeError"] = acc.decodeError
	}
	return result
}

type chunkedAccumulator struct {
	responses   map[string]*chunkedResponse
	frameIDs    map[string]bool
	messages    int
	decodeError string
}

// chunkedResponse gathers a refId's messages: frames in the order received, the first
// message's status and format (the format of the first frame when there are frames), the
// first error with its status and errorSource.
type chunkedResponse struct {
	status                    int32
	format                    string
	err, errorSource          string
	statusMismatch, hasFrames bool
	frames, frameIDs          []string
	decodeError               string
}

func (a *chunkedAccumulator) add(msg *pluginv2.QueryChunkedDataResponse) {
	a.messages++
	refID := msg.GetRefId()
	r := a.responses[refID]
	if r == nil {
		r = &chunkedResponse{status: msg.GetStatus(), format: msg.GetFormat().String(), frames: []string{}, frameIDs: []string{}}
		a.responses[refID] = r
	} else if msg.GetStatus() != r.status && msg.GetError() == "" {
		r.statusMismatch = true
	}
	if msg.GetError() != "" && r.err == "" {
		r.err, r.errorSource, r.status = msg.GetError(), msg.GetErrorSource(), msg.GetStatus()
	}
	if msg.GetFrameId() == "" && len(msg.GetFrame()) == 0 {
		return
	}
	fail := func(message string) {
		if r.decodeError == "" {
			r.decodeError = message
		}
		if a.decodeError == "" {
			a.decodeError = fmt.Sprintf("%s: %s", refID, message)
		}
	}
	key := refID + "\x00" + msg.GetFrameId()
	if a.frameIDs[key] {
		// Rows appended to an earlier frame: this host does not merge them.
		fail(fmt.Sprintf("frameId %q repeated", msg.GetFrameId()))
		return
	}
	a.frameIDs[key] = true
	if !r.hasFrames {
		r.hasFrames, r.format = true, msg.GetFormat().String()
	}
	frame, err := decodeChunkFrame(msg.GetFormat(), msg.GetFrame())
	if err != nil {
		fail(fmt.Sprintf("frame %q: %v", msg.GetFrameId(), err))
		return
	}
	text, err := frame.MarshalJSON()
	if err != nil {
		fail(fmt.Sprintf("frame %q: MarshalJSON: %v", msg.GetFrameId(), err))
		return
	}
	r.frames = append(r.frames, string(text))
	r.frameIDs = append(r.frameIDs, msg.GetFrameId())
}

// decodeChunkFrame decodes one frame as the SDK writes it for the message's format.
func decodeChunkFrame(format pluginv2.DataFrameFormat, b []byte) (*data.Frame, error) {
	switch format {
	case pluginv2.DataFrameFormat_ARROW:
		return data.UnmarshalArrowFrame(b)
	case pluginv2.DataFrameFormat_JSON:
		var frame *data.Frame
		if err := json.Unmarshal(b, &frame); err != nil {
			return nil, err
		}
		if frame == nil {
			return nil, errors.New("null frame")
		}
		return frame, nil
	default:
		return nil, errors.New("unknown data frame format: " + format.String())
	}
}

func (r *chunkedResponse) entry() map[string]interface{} {
	entry := map[string]interface{}{
		"status":      r.status,
		"error":       r.err,
		"errorSource": r.errorSource,
		"format":      r.format,
		"frameCount":  len(r.frames),
		"frames":      r.frames,
		"frameIds":    r.frameIDs,
	}
	if r.statusMismatch {
		entry["statusMismatch"] = true
	}
	if r.decodeError != "" {
		entry["decodeError"] = r.decodeError
	}
	return entry
}
