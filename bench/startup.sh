#!/usr/bin/env bash
# Start-up cost of the reference store: time from process start to the first served page (GET / → 200),
# and the process's resident memory right after. Measures a first run (empty SQLite file: migrations + seed)
# and a cold start on the existing database, each RUNS times (default 5), and prints every run and the median.
# Usage: bash bench/startup.sh [RUNS]   (builds Release first)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-5}"
dotnet build Host/Shop.Web -c Release -nologo -v quiet >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One start: prints "<milliseconds to first page> <rss kB> <CPU milliseconds used by then>".
measure() {
    local db="$1" url="" pid start end rss cpu
    : >"$WORK/out.log"
    start=$(date +%s%N)
    # Port 0: the OS picks a free port, which the host logs ("Now listening on: …").
    (cd Host/Shop.Web && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Shop="Data Source=$db" \
        Admin__Password=bench-password Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
        dotnet bin/Release/net10.0/Shop.Web.dll --urls "http://127.0.0.1:0" >"$WORK/out.log" 2>&1) &
    pid=$!
    until [ -n "$url" ] && curl -fs -o /dev/null "$url/"; do
        kill -0 "$pid" 2>/dev/null || { cat "$WORK/out.log" >&2; exit 1; }
        url=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/out.log" | head -n 1 || true)
        sleep 0.02
    done
    end=$(date +%s%N)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    cpu=$(awk -v tck="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / tck)}' "/proc/$pid/stat")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    echo "$(( (end - start) / 1000000 )) $rss $cpu"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() {
    local name="$1" file="$2"
    printf '%-28s median %5s ms   CPU median %5s ms   RSS median %4s MB   (runs, ms: %s)\n' "$name" \
        "$(cut -d' ' -f1 "$file" | median)" \
        "$(cut -d' ' -f3 "$file" | median)" \
        "$(cut -d' ' -f2 "$file" | median | awk '{printf "%.0f", $1/1024}')" \
        "$(cut -d' ' -f1 "$file" | paste -sd' ')"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$WORK/first.txt"
: >"$WORK/cold.txt"
for i in $(seq "$RUNS"); do
    measure "$WORK/first-$i.db" >>"$WORK/first.txt"   # empty file: migrations + demo seed
    measure "$WORK/first-$i.db" >>"$WORK/cold.txt"    # the same file again: an existing database
done
echo "Shop.Web start-up on $(nproc) cores, .NET SDK $(dotnet --version), SQLite; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
report "first run (migrate + seed)" "$WORK/first.txt"
report "cold start, existing DB" "$WORK/cold.txt"
