package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func (p *referencePlugin) SubscribeStream(_ context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	if req.Path != "counter" {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
	}
	return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusOK}, nil
}

func (p *referencePlugin) PublishStream(_ context.Context, req *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	if req.Path != "echo" {
		return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusPermissionDenied}, nil
	}
	return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusOK, Data: req.Data}, nil
}

// RunStream sends counter frames until the host cancels (ANSWER-SPEC-V2.md, streams).
func (p *referencePlugin) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	if req.Path != "counter" {
		return status.Errorf(codes.NotFound, "no stream %q", req.Path)
	}
	settings := struct {
		IntervalMs float64 `json:"intervalMs"`
	}{IntervalMs: 20}
	if len(req.Data) > 0 {
		_ = json.Unmarshal(req.Data, &settings)
	}
	ticker := time.NewTicker(time.Duration(settings.IntervalMs * float64(time.Millisecond)))
	defer ticker.Stop()
	for i := int64(0); ; i++ {
		frame := data.NewFrame("counter",
			data.NewField("time", nil, []time.Time{time.UnixMilli(1700000000000 + i*1000).UTC()}),
			data.NewField("value", nil, []int64{i}),
		)
		if err := sender.SendFrame(frame, data.IncludeAll); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}
