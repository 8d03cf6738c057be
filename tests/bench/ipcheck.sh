#!/bin/bash
# ipcheck against its two targets, printed, never asserted (the machine
# decides the figures): a million mixed lines at most 8 times the median wall
# time of wc -l on the same file, and start-up at most 1.5 times /bin/true.
# -C and -c on the same million lines are timed too, for reading (no
# target); -C names every failing input on stderr, sent to /dev/null.
set -eu

BIN=${CONNUTILS_BIN:-$(dirname "$0")/../../build}
IPCHECK=$BIN/ipcheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Valid and invalid IPv4 and IPv6 in about equal parts, the same every run.
awk 'BEGIN {
	srand(1)
	for (i = 0; i < 1000000; i++) {
		r = rand()
		a = int(rand() * 256); b = int(rand() * 256)
		c = int(rand() * 256); d = int(rand() * 256)
		if (r < 0.3)
			printf "%d.%d.%d.%d\n", a, b, c, d
		else if (r < 0.45)
			printf "%x:%x::%x:%x\n", a * 256 + b, c, d * 97, a * b
		else if (r < 0.55)
			printf "2001:db8:%x:%x:%x:%x:%x:%x\n", a, b, c, d, a * c, b * d
		else if (r < 0.6)
			printf "::ffff:%d.%d.%d.%d\n", a, b, c, d
		else if (r < 0.75)
			printf "%d.%d.%d.%d\n", a + 100, b, c, d + 100
		else if (r < 0.85)
			printf "%d.0%d.%d.%d\n", a, b % 10, c, d
		else if (r < 0.95)
			printf "%x::%x::%x\n", a, b, c
		else
			printf "host-%d.example\n", a * c
	}
}' > "$tmp/addrs"

median() {
	jq -r ".results[$1].median" "$tmp/$2.json"
}

# CPU time (user + system), steadier than wall time on a busy machine.
cpu() {
	jq -r ".results[$1] | .user + .system" "$tmp/$2.json"
}

echo "ipcheck: 1 000 000 lines ($(wc -c < "$tmp/addrs") bytes) vs wc -l"
hyperfine --style basic -i -w 3 -r 30 --export-json "$tmp/batch.json" \
	"wc -l < $tmp/addrs" "$IPCHECK < $tmp/addrs > /dev/null" \
	"$IPCHECK -C < $tmp/addrs > /dev/null 2>/dev/null" \
	"$IPCHECK -c < $tmp/addrs > /dev/null"

echo "ipcheck: start-up vs /bin/true"
hyperfine --style basic -N -w 50 -r 1000 --export-json "$tmp/start.json" \
	/bin/true "$IPCHECK -q 1.2.3.4"

awk -v wc="$(median 0 batch)" -v ip="$(median 1 batch)" \
    -v tr="$(median 0 start)" -v st="$(median 1 start)" \
    -v ipC="$(median 2 batch)" -v ipc="$(median 3 batch)" \
    -v cwc="$(cpu 0 batch)" -v cip="$(cpu 1 batch)" \
    -v cipC="$(cpu 2 batch)" -v cipc="$(cpu 3 batch)" \
    -v ctr="$(cpu 0 start)" -v cst="$(cpu 1 start)" 'BEGIN {
	printf "batch:    ipcheck %.1f ms, wc -l %.1f ms: %.2fx (target 8x)\n",
	    ip * 1000, wc * 1000, ip / wc
	printf "batch -C: ipcheck -C %.1f ms: %.2fx wc -l\n", ipC * 1000, ipC / wc
	printf "batch -c: ipcheck -c %.1f ms: %.2fx wc -l\n", ipc * 1000, ipc / wc
	printf "start-up: ipcheck %.2f ms, /bin/true %.2f ms: %.2fx (target 1.5x)\n",
	    st * 1000, tr * 1000, st / tr
	printf "cpu time: batch %.2fx, -C %.2fx, -c %.2fx, start-up %.2fx\n",
	    cip / cwc, cipC / cwc, cipc / cwc, cst / ctr
}'
