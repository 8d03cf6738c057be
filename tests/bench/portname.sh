#!/bin/sh
# portname: batch speed against wc -l on the same million ports, start-up
# against /bin/true.  Prints the medians and their ratios; the targets are
# at most 6x and 1.5x.  Timing is never a test: this only reports.
set -eu

BIN=${CONNUTILS_BIN:-$(dirname "$0")/../../build}
PN=$BIN/portname
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A million random ports, the same ones every run.
awk 'BEGIN { srand(20261127); for (i = 0; i < 1000000; i++)
    print int(rand() * 65535) + 1 }' > "$TMP/ports"


# The batch: through sh, for the redirections; hyperfine subtracts the
# shell's own start-up.  portname exits 1 (most random ports are unknown).
hyperfine -i -w 5 -r 40 --export-json "$TMP/batch.json" \
    "$PN < $TMP/ports > /dev/null" "wc -l < $TMP/ports > /dev/null"
# Start-up: no shell in between.
hyperfine -N -w 20 -r 300 --export-json "$TMP/start.json" \
    "$PN 80" "/bin/true"

# Medians of wall time are the measure; CPU time (user + system, means)
# is printed beside them, as it suffers less from a busy machine.
ratios() {
	jq -r '.results[] | "\(.median) \(.user + .system)"' "$1" |
	    paste -s -d' ' - | awk -v what="$2" -v a="$3" -v b="$4" -v t="$5" '{
		printf "%s: %s %.2f ms, %s %.2f ms: %.2fx (target <= %sx);", what,
		    a, $1 * 1000, b, $3 * 1000, $1 / $3, t
		printf " CPU %.2f ms vs %.2f ms: %.2fx\n",
		    $2 * 1000, $4 * 1000, $2 / $4 }'
}
ratios "$TMP/batch.json" batch portname 'wc -l' 6
ratios "$TMP/start.json" start-up 'portname 80' /bin/true 1.5
