// Command gtime-oracle parses time strings with grafana-plugin-sdk-go's
// backend/gtime, the parser Grafana's query path uses for from/to, so the
// shim's TypeScript port can be checked against it.
//
// Input (stdin): {"nowMs": [1700000000000, ...], "times": ["now-6h", ...]}
// Output (stdout): [{"nowMs": n, "raw": "...", "from": ms|null, "to": ms|null}, ...]
// A string gtime rejects (or panics on, like go-datemath's "/b") is null.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/gtime"
)

type input struct {
	NowMs []int64  `json:"nowMs"`
	Times []string `json:"times"`
}

type answer struct {
	NowMs int64  `json:"nowMs"`
	Raw   string `json:"raw"`
	From  *int64 `json:"from"`
	To    *int64 `json:"to"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "gtime-oracle:", err)
		os.Exit(2)
	}
	out := []answer{}
	for _, now := range in.NowMs {
		for _, raw := range in.Times {
			tr := gtime.TimeRange{From: raw, To: raw, Now: time.UnixMilli(now).UTC()}
			out = append(out, answer{
				NowMs: now,
				Raw:   raw,
				From:  epochMs(tr.ParseFrom),
				To:    epochMs(tr.ParseTo),
			})
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "gtime-oracle:", err)
		os.Exit(1)
	}
}

// epochMs reads a time the way Grafana sends it to plugins: UnixNano()/1e6.
func epochMs(parse func(...gtime.TimeRangeOption) (time.Time, error)) (ms *int64) {
	defer func() {
		if recover() != nil {
			ms = nil
		}
	}()
	t, err := parse()
	if err != nil {
		return nil
	}
	v := t.UnixNano() / int64(time.Millisecond)
	return &v
}
