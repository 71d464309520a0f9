// Package hostrun is what every Go host shares whatever its protocol: the report file,
// exits on start failure and timeout, the host log buffer and the load loop. It uses the
// standard library only, so hosts of every era can import it.
package hostrun

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
)

// WriteReport writes the report as indented JSON to path, or to stdout when path is "".
func WriteReport(path string, report map[string]interface{}) error {
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

func StartFailed(err error, hostLog *LockedBuffer) {
	fmt.Fprintf(os.Stderr, "plugin could not be started: %v\n", err)
	os.Stderr.Write(hostLog.Bytes())
	os.Exit(2)
}

func TimedOut(cmd *exec.Cmd, limit time.Duration) {
	fmt.Fprintf(os.Stderr, "host timed out after %s\n", limit)
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
	os.Exit(3)
}

func ProcessGone(pid int) bool {
	return syscall.Kill(pid, 0) == syscall.ESRCH
}

func MsSince(t time.Time) float64 {
	return float64(time.Since(t).Microseconds()) / 1000
}

// LockedBuffer collects the host logger's output; go-plugin writes it from several goroutines.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.buf.Bytes()...)
}

// Entries parses each log line; a line that is not JSON becomes {"@unparsed": line}.
func (b *LockedBuffer) Entries() []interface{} {
	entries := []interface{}{}
	for _, line := range strings.Split(string(b.Bytes()), "\n") {
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
