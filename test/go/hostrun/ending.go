package hostrun

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// Ending is how a host leaves its plugin at the end of a run: the flags -end and -kill-limit.
//
//	-end kill    (default) Ping, then go-plugin's Kill; the report says how long Kill took and
//	             whether the plugin process is gone
//	-end exit    write the report and exit without Kill, as a host that crashes
//	-kill-limit  give Ping and Kill this long each; one that has not returned by then is
//	             abandoned and the host exits, as a host whose own stop has a deadline
//
// The report always holds the plugin's pid (the host's child: a launcher, if one runs it).
type Ending struct {
	mode      string
	killLimit time.Duration
}

// EndingFlags registers -end and -kill-limit on the command line; call it before flag.Parse.
func EndingFlags() *Ending {
	e := &Ending{}
	flag.StringVar(&e.mode, "end", "kill", "how the host leaves its plugin: kill (Ping, then Kill) or exit (no Kill)")
	flag.DurationVar(&e.killLimit, "kill-limit", 0, "abandon a Ping or Kill still running after this long, and exit (default: wait)")
	return e
}

// Pinger is a go-plugin ClientProtocol of any version.
type Pinger interface{ Ping() error }

// Killer is a go-plugin *Client of any version.
type Killer interface {
	Kill()
	Exited() bool
}

// Finish ends the run as the flags say, writes the report (with the host log) and returns,
// or exits the process itself when the flags say the host leaves without waiting.
func (e *Ending) Finish(report map[string]interface{}, cmd *exec.Cmd, rpc Pinger, client Killer, hostLog *LockedBuffer, outPath string) {
	pid := cmd.Process.Pid
	report["pid"] = pid
	switch e.mode {
	case "exit":
		report["hostLog"] = hostLog.Entries()
		writeOrFail(outPath, report)
		os.Exit(0)
	case "kill":
	default:
		fmt.Fprintf(os.Stderr, "bad -end %q (kill or exit)\n", e.mode)
		os.Exit(1)
	}
	pinged, pingReturned := e.limited(func() bool { return rpc.Ping() == nil })
	report["pingOk"] = pinged && pingReturned
	killStarted := time.Now()
	_, killReturned := e.limited(func() bool { client.Kill(); return true })
	report["killMs"] = MsSince(killStarted)
	report["killReturned"] = killReturned
	report["exited"] = killReturned && client.Exited() && ProcessGone(pid)
	report["hostLog"] = hostLog.Entries()
	writeOrFail(outPath, report)
	if !pingReturned || !killReturned {
		// The abandoned call is still waiting; a host with a deadline does not wait for it.
		os.Exit(0)
	}
}

// limited runs call, giving up after the kill limit; returned is false when it gave up.
func (e *Ending) limited(call func() bool) (result, returned bool) {
	if e.killLimit <= 0 {
		return call(), true
	}
	done := make(chan bool, 1)
	go func() { done <- call() }()
	select {
	case result = <-done:
		return result, true
	case <-time.After(e.killLimit):
		return false, false
	}
}

func writeOrFail(path string, report map[string]interface{}) {
	if err := WriteReport(path, report); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
