package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
)

// grpcErrorOf gives code, message and the error source newer Grafana reads from a
// google.rpc.ErrorInfo detail.
func grpcErrorOf(err error) map[string]interface{} {
	st, _ := status.FromError(err)
	entry := map[string]interface{}{"code": st.Code().String(), "message": st.Message()}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok {
			entry["errorSource"] = info.GetMetadata()["errorSource"]
		}
	}
	return entry
}

func writeReport(path string, report map[string]interface{}) error {
	text, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	text = append(text, '\n')
	if path == "" {
		_, err = os.Stdout.Write(text)
		return err
	}
	return os.WriteFile(path, text, 0o644)
}

func startFailed(err error, hostLog *lockedBuffer) {
	fmt.Fprintf(os.Stderr, "plugin could not be started: %v\n", err)
	os.Stderr.Write(hostLog.bytes())
	os.Exit(2)
}

func timedOut(cmd *exec.Cmd, limit time.Duration) {
	fmt.Fprintf(os.Stderr, "host timed out after %s\n", limit)
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
	os.Exit(3)
}

func processGone(pid int) bool {
	return syscall.Kill(pid, 0) == syscall.ESRCH
}

func msSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}

// lockedBuffer collects the host logger's output; go-plugin writes it from several goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.buf.Bytes()...)
}

// entries parses each log line; a line that is not JSON becomes {"@unparsed": line}.
func (b *lockedBuffer) entries() []interface{} {
	entries := []interface{}{}
	for _, line := range strings.Split(string(b.bytes()), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var entry map[string]interface{}
		if json.Unmarshal([]byte(line), &entry) != nil {
			entry = map[string]interface{}{"@unparsed": line}
		}
		entries = append(entries, entry)
	}
	return entries
}
