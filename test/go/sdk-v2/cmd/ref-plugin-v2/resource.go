package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

const alphabet = "abcdefghijklmnopqrstuvwxyz"

func (p *referencePlugin) CallResource(_ context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	status, contentType, body := answerResource(req)
	return sender.Send(&backend.CallResourceResponse{
		Status:  status,
		Headers: map[string][]string{"Content-Type": {contentType}},
		Body:    body,
	})
}

// answerResource routes by path (ANSWER-SPEC-V2.md, CallResource).
func answerResource(req *backend.CallResourceRequest) (int, string, []byte) {
	path := req.Path
	switch {
	case path == "echo" || strings.HasPrefix(path, "echo/"):
		headers := req.Headers
		if headers == nil {
			headers = map[string][]string{}
		}
		return jsonAnswer(http.StatusOK, map[string]interface{}{
			"method": req.Method, "path": req.Path, "url": req.URL, "headers": headers,
			"body": string(req.Body), "pluginContext": pluginContextEcho(req.PluginContext),
		})
	case strings.HasPrefix(path, "status/"):
		if code, err := strconv.Atoi(strings.TrimPrefix(path, "status/")); err == nil {
			return jsonAnswer(code, map[string]interface{}{"status": code})
		}
	case strings.HasPrefix(path, "bytes/"):
		if n, err := strconv.Atoi(strings.TrimPrefix(path, "bytes/")); err == nil && n >= 0 {
			body := make([]byte, n)
			for i := range body {
				body[i] = alphabet[i%len(alphabet)]
			}
			return http.StatusOK, "text/plain", body
		}
	}
	return jsonAnswer(http.StatusNotFound, map[string]interface{}{"error": "not found", "path": path})
}

func jsonAnswer(status int, body interface{}) (int, string, []byte) {
	text, _ := json.Marshal(body)
	return status, "application/json", text
}
