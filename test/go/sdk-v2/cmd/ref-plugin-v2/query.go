package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// answerSpec is the `answer` key of a query's JSON (ANSWER-SPEC-V2.md).
type answerSpec struct {
	Frames      []json.RawMessage `json:"frames"`
	Generate    []generateSpec    `json:"generate"`
	Error       *string           `json:"error"`
	Status      int               `json:"status"`
	ErrorSource string            `json:"errorSource"`
	Echo        bool              `json:"echo"`
	SleepMs     float64           `json:"sleepMs"`
}

func (p *referencePlugin) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	response := backend.NewQueryDataResponse()
	for _, query := range req.Queries {
		response.Responses[query.RefID] = answerQuery(ctx, req, query)
	}
	return response, nil
}

// answerQuery follows the spec; a spec it cannot read is an error of the response.
func answerQuery(ctx context.Context, req *backend.QueryDataRequest, query backend.DataQuery) backend.DataResponse {
	model, spec, err := parseQueryJSON(query.JSON)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
	}
	if spec.SleepMs > 0 {
		select {
		case <-time.After(time.Duration(spec.SleepMs * float64(time.Millisecond))):
		case <-ctx.Done():
			return backend.ErrDataResponse(backend.StatusTimeout, ctx.Err().Error())
		}
	}
	frames, err := answerFrames(spec)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
	}
	if spec.Echo {
		frames = append(frames, echoFrame(req, query, model))
	}
	resp := backend.DataResponse{Frames: frames, Status: backend.Status(spec.Status)}
	if spec.Error != nil {
		resp.Error = errors.New(*spec.Error)
	}
	resp.ErrorSource = backend.ErrorSource(spec.ErrorSource)
	return resp
}

// parseQueryJSON gives the query JSON parsed (numbers kept as written) and its answer spec.
func parseQueryJSON(text []byte) (interface{}, *answerSpec, error) {
	model := interface{}(map[string]interface{}{})
	if len(text) > 0 {
		if err := decodeJSON(text, &model); err != nil {
			return nil, nil, fmt.Errorf("query JSON: %v", err)
		}
	}
	spec := &answerSpec{}
	if object, ok := model.(map[string]interface{}); ok && object["answer"] != nil {
		var wrapper struct {
			Answer *answerSpec `json:"answer"`
		}
		if err := json.Unmarshal(text, &wrapper); err != nil {
			return nil, nil, fmt.Errorf("bad answer spec: %v", err)
		}
		spec = wrapper.Answer
	}
	return model, spec, nil
}

func answerFrames(spec *answerSpec) (data.Frames, error) {
	frames := data.Frames{}
	for i, raw := range spec.Frames {
		text := []byte(raw)
		var asString string
		if json.Unmarshal(raw, &asString) == nil {
			text = []byte(asString)
		}
		frame := &data.Frame{}
		if err := frame.UnmarshalJSON(text); err != nil {
			return nil, fmt.Errorf("answer frame %d: %v", i, err)
		}
		frames = append(frames, frame)
	}
	for _, g := range spec.Generate {
		frame, err := generateFrame(g)
		if err != nil {
			return nil, err
		}
		frames = append(frames, frame)
	}
	return frames, nil
}
