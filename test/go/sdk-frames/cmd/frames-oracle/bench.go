package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// benchLine is one JSON line of bench output.
type benchLine struct {
	Case         string    `json:"case"`
	Op           string    `json:"op"`
	Reps         int       `json:"reps"`
	MedianMs     float64   `json:"medianMs"`
	RunsMs       []float64 `json:"runsMs"`
	PointsPerSec float64   `json:"pointsPerSec"`
	Bytes        int       `json:"bytes"`
	VmHWMKiB     int       `json:"vmHWMKiB"`
}

// encoded holds a case's frames in both wire forms, made once before timing.
type encoded struct{ arrow, json [][]byte }

type benchOp struct {
	name string
	run  func(c benchCase, e encoded) (bytes int, err error)
}

var benchOps = []benchOp{
	{"arrow-encode", func(c benchCase, _ encoded) (int, error) { return eachFrame(c, (*data.Frame).MarshalArrow) }},
	{"arrow-decode", func(_ benchCase, e encoded) (int, error) {
		return eachBytes(e.arrow, func(b []byte) error { _, err := data.UnmarshalArrowFrame(b); return err })
	}},
	{"json-encode", func(c benchCase, _ encoded) (int, error) { return eachFrame(c, (*data.Frame).MarshalJSON) }},
	{"json-decode", func(_ benchCase, e encoded) (int, error) {
		return eachBytes(e.json, func(b []byte) error { return (&data.Frame{}).UnmarshalJSON(b) })
	}},
}

func runBench(fs *flag.FlagSet, args []string) error {
	caseName := fs.String("case", "all", "series, table or all")
	opName := fs.String("op", "all", "arrow-encode, arrow-decode, json-encode, json-decode or all")
	reps := fs.Int("reps", 5, "timed repetitions per operation (after one warm-up)")
	rows := fs.Int("rows", 100_000, "points per series / rows of the table")
	dump := fs.String("dump", "", "write <case>.json (the frames as Arrow and JSON) into this directory instead of timing")
	_ = fs.Parse(args)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, c := range benchCases(*caseName, *rows) {
		e, err := encodeCase(c)
		if err != nil {
			return err
		}
		if *dump != "" {
			if err := dumpCase(*dump, c, e); err != nil {
				return err
			}
			continue
		}
		for _, op := range benchOps {
			if *opName != "all" && op.name != *opName {
				continue
			}
			line, err := timeOp(c, e, op, *reps)
			if err != nil {
				return fmt.Errorf("%s %s: %w", c.name, op.name, err)
			}
			b, _ := json.Marshal(line)
			fmt.Fprintln(out, string(b))
		}
	}
	return nil
}

func benchCases(name string, rows int) []benchCase {
	var cases []benchCase
	if name == "all" || name == "series" {
		cases = append(cases, seriesCase(rows))
	}
	if name == "all" || name == "table" {
		cases = append(cases, tableCase(rows))
	}
	return cases
}

func timeOp(c benchCase, e encoded, op benchOp, reps int) (benchLine, error) {
	if _, err := op.run(c, e); err != nil { // warm-up
		return benchLine{}, err
	}
	line := benchLine{Case: c.name, Op: op.name, Reps: reps}
	for range reps {
		runtime.GC()
		started := time.Now()
		n, err := op.run(c, e)
		if err != nil {
			return line, err
		}
		line.RunsMs = append(line.RunsMs, float64(time.Since(started).Microseconds())/1000)
		line.Bytes = n
	}
	sorted := slices.Sorted(slices.Values(line.RunsMs))
	line.MedianMs = sorted[len(sorted)/2]
	line.PointsPerSec = float64(c.points) / (line.MedianMs / 1000)
	line.VmHWMKiB = vmHWM()
	return line, nil
}

func eachFrame(c benchCase, f func(*data.Frame) ([]byte, error)) (int, error) {
	total := 0
	for _, frame := range c.frames {
		b, err := f(frame)
		if err != nil {
			return 0, err
		}
		total += len(b)
	}
	return total, nil
}

func eachBytes(items [][]byte, f func([]byte) error) (int, error) {
	total := 0
	for _, b := range items {
		if err := f(b); err != nil {
			return 0, err
		}
		total += len(b)
	}
	return total, nil
}

func encodeCase(c benchCase) (encoded, error) {
	var e encoded
	for _, frame := range c.frames {
		a, err := frame.MarshalArrow()
		if err != nil {
			return e, err
		}
		j, err := frame.MarshalJSON()
		if err != nil {
			return e, err
		}
		e.arrow, e.json = append(e.arrow, a), append(e.json, j)
	}
	return e, nil
}

// dumpCase writes <dir>/<case>.json, {"arrow": [base64], "json": [frame JSON text]}, so another codec
// can be timed on the same frames.
func dumpCase(dir string, c benchCase, e encoded) error {
	dump := struct {
		Arrow  []string `json:"arrow"`
		JSON   []string `json:"json"`
		Points int      `json:"points"`
	}{Points: c.points}
	for i, a := range e.arrow {
		dump.Arrow = append(dump.Arrow, base64.StdEncoding.EncodeToString(a))
		dump.JSON = append(dump.JSON, string(e.json[i]))
	}
	return writeJSON(filepath.Join(dir, c.name+".json"), dump)
}

// vmHWM is the process's peak resident set size in KiB (0 where /proc is missing).
func vmHWM() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}
