# The host watchdog of src/server/go-plugin/host-watchdog.ts, run by /bin/sh beside the shim:
# a process of its own, which a blocked event loop cannot stall, for about 1 MiB.
# Arguments: the shim's pid, seconds between looks, then the seconds and milliseconds a stop
# may take, 1 to log the kill, then pid:start of each process watched (the parent first; start
# is /proc's start time, empty where there is no /proc). Writes why the host is gone to stdout,
# once; SIGUSR1 says a stop began. Exits 3 at once without `sleep` (the shim then uses a worker).
# A host may start plugins with a PATH that holds none of the system's tools.
PATH=/usr/bin:/bin${PATH:+:$PATH}
command -v sleep >/dev/null 2>&1 || exit 3
shim=$1 poll=$2 grace=$3 grace_ms=$4 log_kill=$5
shift 5
parent=${1%%:*}
stopping=0
trap 'stopping=1' USR1
trap '' INT

# Sets state and start from /proc/<pid>/stat (after "pid (comm) ": 1 state, 20 start time).
read_stat() {
  stat=
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null
  [ -n "$stat" ] || return 1
  # shellcheck disable=SC2086
  set -- ${stat##*) }
  state=$1
  start=${20}
}

# Sets why when a watched process is gone: it exited, is a zombie, or its pid was reused.
host_gone() {
  for entry in "$@"; do
    pid=${entry%%:*} started=${entry#*:}
    if [ -z "$started" ]; then
      kill -0 "$pid" 2>/dev/null && continue
    elif read_stat "$pid" && [ "$state" != Z ] && [ "$state" != X ] && [ "$start" = "$started" ]; then
      continue
    fi
    if [ "$pid" = "$parent" ]; then
      why="the parent process $pid exited"
    else
      why="process $pid (the host) exited"
    fi
    return 0
  done
  return 1
}

# SIGKILLs the shim if it is still there `grace` seconds from now, saying why on its stderr.
kill_later() {
  sleep "$grace"
  kill -0 "$shim" 2>/dev/null || exit 0
  if [ "$log_kill" = 1 ] && [ -e "/proc/$shim/fd/2" ]; then
    now=$(date -u +%Y-%m-%dT%H:%M:%S)
    line='{"@level":"error","@message":"still running %s ms after %s: killing the process","@module":"grafana-shim","@timestamp":"%s.000000Z"}\n'
    # Opening a pipe through /proc waits for a reader, which may have gone with the host.
    # shellcheck disable=SC2059
    { printf "$line" "$grace_ms" "$1" "$now" >>"/proc/$shim/fd/2"; } 2>/dev/null &
    writer=$!
    sleep 0.2
    kill -KILL "$writer" 2>/dev/null
  fi
  kill -KILL "$shim" 2>/dev/null
  exit 0
}

while kill -0 "$shim" 2>/dev/null; do
  [ "$stopping" = 1 ] && kill_later "the stop began"
  if host_gone "$@"; then
    echo "$why"
    kill_later "the host went away ($why)"
  fi
  sleep "$poll"
done
