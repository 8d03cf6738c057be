#!/bin/bash
# ipmask on a million mixed inputs (bit counts, masks, IPv4 and IPv6
# blocks, ranges) against wc -l on the same file, and --aggregate on the
# blocks alone.  Printed, never asserted: the machine decides the figures,
# and issue 12 sets ipmask no target, only a line beside the others.
set -eu

BIN=${CONNUTILS_BIN:-$(dirname "$0")/../../build}
IPMASK=$BIN/ipmask
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk 'BEGIN {
	srand(12)
	for (i = 0; i < 1000000; i++) {
		r = rand()
		a = int(rand() * 256); b = int(rand() * 256)
		c = int(rand() * 256); d = int(rand() * 256)
		if (r < 0.15)
			printf "%d\n", int(rand() * 33)
		else if (r < 0.25)
			printf "255.%d.0.0\n", 256 - 2 ^ int(rand() * 9)
		else if (r < 0.6)
			printf "%d.%d.%d.%d/%d\n", a, b, c, d, int(rand() * 33)
		else if (r < 0.85)
			printf "2001:db8:%x:%x::%x/%d\n", a, b, c, int(rand() * 129)
		else
			printf "10.%d.%d.%d-10.%d.%d.%d\n", a, b % 255, c, a, b % 255 + 1, d
	}
}' > "$tmp/inputs"
grep / "$tmp/inputs" > "$tmp/blocks"

median() {
	jq -r ".results[$1].median" "$tmp/$2.json"
}

cpu() {
	jq -r ".results[$1] | .user + .system" "$tmp/$2.json"
}

echo "ipmask: 1 000 000 inputs ($(wc -c < "$tmp/inputs") bytes) vs wc -l"
hyperfine --style basic -i -w 3 -r 20 --export-json "$tmp/batch.json" \
	"wc -l < $tmp/inputs" "$IPMASK < $tmp/inputs > /dev/null" \
	"$IPMASK --aggregate < $tmp/blocks > /dev/null"

awk -v wc="$(median 0 batch)" -v im="$(median 1 batch)" \
    -v ag="$(median 2 batch)" -v cwc="$(cpu 0 batch)" \
    -v cim="$(cpu 1 batch)" 'BEGIN {
	printf "batch:    ipmask %.1f ms, wc -l %.1f ms: %.2fx (no target)\n",
	    im * 1000, wc * 1000, im / wc
	printf "aggregate: %.1f ms over the blocks; cpu time batch %.2fx\n",
	    ag * 1000, cim / cwc
}'
