// Command expand-oracle expands strings with Go's os.Expand, the second step of
// Grafana's provisioning interpolation (pkg/services/provisioning/values), so
// the shim's port can be checked against it.
//
// Input (stdin): {"env": {"NAME": "value"}, "values": ["$NAME", ...]}
// Output (stdout): ["value", ...]
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

type input struct {
	Env    map[string]string `json:"env"`
	Values []string          `json:"values"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "expand-oracle:", err)
		os.Exit(2)
	}
	out := make([]string, len(in.Values))
	for i, v := range in.Values {
		out[i] = os.Expand(v, func(name string) string { return in.Env[name] })
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "expand-oracle:", err)
		os.Exit(1)
	}
}
