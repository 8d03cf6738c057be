#!/bin/sh
# Runs each libFuzzer harness built in DIR/bin for FUZZ_SECONDS seconds over
# its committed seed corpus (read only: new finds go to DIR/corpus/NAME),
# then prints one summary line per harness.  A crash stops the run, leaves
# the input in DIR/artifacts and exits 1.
#   usage: run.sh DIR HARNESS...
set -u
dir=$1; shift
secs=${FUZZ_SECONDS:-30}
here=$(dirname "$0")
mkdir -p "$dir/artifacts" "$dir/logs"
summary=
status=0
for h in "$@"; do
	mkdir -p "$dir/corpus/$h"
	seeds=$here/corpus/$h
	[ -d "$seeds" ] || seeds=
	dict=
	[ -f "$here/$h.dict" ] && dict=-dict=$here/$h.dict
	log=$dir/logs/$h.log
	echo "== $h: $secs s"
	# shellcheck disable=SC2086
	"$dir/bin/$h" -max_total_time="$secs" -print_final_stats=1 \
	    -artifact_prefix="$dir/artifacts/$h-" $dict \
	    "$dir/corpus/$h" $seeds >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	line=$(printf '%-22s %6s s %12s execs  cov %s  %s' "$h" "$secs" \
	    "${runs:-?}" "${cov:-?}" "$([ $rc = 0 ] && echo ok || echo FAIL)")
	summary="$summary$line
"
	if [ $rc != 0 ]; then
		tail -n 40 "$log"
		status=1
	fi
done
echo "== fuzz summary (logs in $dir/logs)"
printf '%s' "$summary"
exit $status
