#!/bin/sh
# portname: batch speed against wc -l on the same million ports, start-up
# against /bin/true.  Prints the medians and their ratios; the targets are
# at most 6x and 2x.  Timing is never a test: this only reports.
set -eu

BIN=${CONNUTILS_BIN:-$(dirname "$0")/../../build}
PN=$BIN/portname
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A million random ports, the same ones every run.
awk 'BEGIN { srand(20261127); for (i = 0; i < 1000000; i++)
    print int(rand() * 65535) + 1 }' > "$TMP/ports"

median() {
	jq -r '.results[] | .median' "$1"
}

# The batch: through sh, for the redirections; hyperfine subtracts the
# shell's own start-up.  portname exits 1 (most random ports are unknown).
hyperfine -i -w 5 -r 40 --export-json "$TMP/batch.json" \
    "$PN < $TMP/ports > /dev/null" "wc -l < $TMP/ports > /dev/null"
# Start-up: no shell in between.
hyperfine -N -w 20 -r 300 --export-json "$TMP/start.json" \
    "$PN 80" "/bin/true"

median "$TMP/batch.json" | paste -s - | awk '{
	printf "batch:    portname %.1f ms, wc -l %.1f ms: %.2fx (target <= 6x)\n",
	    $1 * 1000, $2 * 1000, $1 / $2 }'
median "$TMP/start.json" | paste -s - | awk '{
	printf "start-up: portname 80 %.2f ms, /bin/true %.2f ms: %.2fx (target <= 2x)\n",
	    $1 * 1000, $2 * 1000, $1 / $2 }'
