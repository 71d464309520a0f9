// Command frames-oracle answers frame questions with the real grafana-plugin-sdk-go,
// so the TypeScript codecs can be checked against what Go plugins and Grafana do.
//
//	frames-oracle arrow-to-json   [-in F] [-out F]   base64 Arrow array -> SDK MarshalJSON array
//	frames-oracle json-to-arrow   [-in F] [-out F]   frame JSON array -> SDK MarshalArrow base64 array
//	frames-oracle random -seed N -count K [-out F]   [{"arrow": base64, "json": frame}]
//	frames-oracle long-to-wide    [-in F] [-out F]   frame JSON array -> [{"schema", "wide"}] (SDK LongToWide)
//	frames-oracle bench [-case C] [-op O] [-reps N] [-rows N] [-dump DIR]   JSON lines
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
)

type command struct {
	usage string
	run   func(fs *flag.FlagSet, args []string) error
}

var commands = map[string]command{
	"arrow-to-json": {"[-in F] [-out F]", runArrowToJSON},
	"json-to-arrow": {"[-in F] [-out F]", runJSONToArrow},
	"random":        {"-seed N -count K [-out F]", runRandom},
	"long-to-wide":  {"[-in F] [-out F]", runLongToWide},
	"bench":         {"[-case series|table|all] [-op NAME|all] [-reps N] [-rows N] [-dump DIR]", runBench},
}

func main() {
	if len(os.Args) < 2 || commands[os.Args[1]].run == nil {
		fmt.Fprintln(os.Stderr, "usage: frames-oracle <command> [flags]; commands:")
		for _, name := range slices.Sorted(maps.Keys(commands)) {
			fmt.Fprintf(os.Stderr, "  %s %s\n", name, commands[name].usage)
		}
		os.Exit(2)
	}
	name := os.Args[1]
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	if err := commands[name].run(fs, os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "frames-oracle %s: %v\n", name, err)
		os.Exit(1)
	}
}

// ioFlags registers -in and -out on fs (default stdin and stdout).
func ioFlags(fs *flag.FlagSet) (in, out *string) {
	return fs.String("in", "", "input file (default stdin)"), fs.String("out", "", "output file (default stdout)")
}

func readInput(path string) ([]byte, error) {
	if path == "" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(path)
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if path == "" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// itemError is what an item that failed becomes in an output array.
type itemError struct {
	Error string `json:"error"`
}
