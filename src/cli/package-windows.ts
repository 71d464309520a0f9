/**
 * The Windows launcher. Grafana runs `<executable>_windows_amd64.exe` directly (CreateProcess):
 * a .cmd or .ps1 is not run, and Windows has no exec. So the launcher is a small Go program
 * that starts `node grafana-shim.js` with its own stdin/stdout/stderr (the host reads the
 * handshake from the same pipe), ignores Ctrl-C, puts node in a kill-on-close job object (so
 * node dies with the launcher when Grafana kills it), and exits with node's exit code.
 * It is built here with Go (cross-compiled); the same source builds for Linux, where the tests
 * run it under the Go hosts.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const mainGo = `// Command launcher starts Node.js on grafana-shim.js beside it, as Grafana's plugin executable.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
)

func main() {
	self, err := os.Executable()
	if err != nil {
		fail("cannot find its own path: %v", err)
	}
	dir := filepath.Dir(self)
	config := filepath.Join(dir, "grafana-shim.json")
	if _, err := os.Stat(config); err == nil && os.Getenv("GRAFANA_SHIM_CONFIG") == "" {
		os.Setenv("GRAFANA_SHIM_CONFIG", config)
	}
	node := os.Getenv("GRAFANA_SHIM_NODE")
	if node == "" {
		node = "node"
	}
	cmd := exec.Command(node, append([]string{filepath.Join(dir, "grafana-shim.js")}, os.Args[1:]...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	signal.Ignore(os.Interrupt)
	if err := cmd.Start(); err != nil {
		fail("cannot start %s: %v (Node.js 20 or later must be on PATH, or GRAFANA_SHIM_NODE set to its path)", node, err)
	}
	bindToLauncher(cmd.Process)
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		os.Exit(exit.ExitCode())
	}
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "grafana-shim launcher: "+format+"\\n", args...)
	os.Exit(1)
}
`;

const jobWindowsGo = `//go:build windows

package main

import (
	"os"
	"syscall"
	"unsafe"
)

type ioCounters struct {
	ReadOps, WriteOps, OtherOps, ReadBytes, WriteBytes, OtherBytes uint64
}

type basicLimit struct {
	PerProcessUserTimeLimit, PerJobUserTimeLimit int64
	LimitFlags                                   uint32
	MinimumWorkingSetSize, MaximumWorkingSetSize uintptr
	ActiveProcessLimit                           uint32
	Affinity                                     uintptr
	PriorityClass, SchedulingClass               uint32
}

type extendedLimit struct {
	Basic                                                         basicLimit
	Io                                                            ioCounters
	ProcessMemoryLimit, JobMemoryLimit, PeakProcessMemory, PeakJobMemory uintptr
}

const (
	killOnJobClose          = 0x2000
	extendedLimitInfoClass  = 9
	processSetQuotaTerminate = 0x0100 | 0x0001
)

// bindToLauncher puts node in a job that Windows ends when the launcher's handle closes,
// so killing the launcher (as Grafana does) kills node too.
func bindToLauncher(p *os.Process) {
	kernel32 := syscall.NewLazyDLL("kernel32.dll")
	job, _, _ := kernel32.NewProc("CreateJobObjectW").Call(0, 0)
	if job == 0 {
		return
	}
	info := extendedLimit{Basic: basicLimit{LimitFlags: killOnJobClose}}
	kernel32.NewProc("SetInformationJobObject").Call(job, extendedLimitInfoClass, uintptr(unsafe.Pointer(&info)), unsafe.Sizeof(info))
	handle, err := syscall.OpenProcess(processSetQuotaTerminate, false, uint32(p.Pid))
	if err != nil {
		return
	}
	defer syscall.CloseHandle(handle)
	kernel32.NewProc("AssignProcessToJobObject").Call(job, uintptr(handle))
}
`;

const jobOtherGo = `//go:build !windows

package main

import "os"

// bindToLauncher: elsewhere the POSIX launcher execs node; this build is for tests.
func bindToLauncher(*os.Process) {}
`;

/** Builds the launcher for GOOS/GOARCH into `outfile`; rejects with Go's message when it cannot. */
export async function buildGoLauncher(
  outfile: string,
  goos: string,
  goarch: string,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "grafana-shim-launcher-"));
  try {
    writeFileSync(join(dir, "go.mod"), "module grafana-shim-launcher\n\ngo 1.18\n");
    writeFileSync(join(dir, "main.go"), mainGo);
    writeFileSync(join(dir, "job_windows.go"), jobWindowsGo);
    writeFileSync(join(dir, "job_other.go"), jobOtherGo);
    await run("go", ["build", "-trimpath", "-ldflags", "-s -w", "-o", outfile, "."], {
      cwd: dir,
      env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" },
      timeout: 300_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
