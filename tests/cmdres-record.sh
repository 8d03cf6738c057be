#!/bin/sh
# Records the command resolvers' fixtures from the real tools on this
# machine: a sockhold holding IPv4 and IPv6, TCP and UDP, established,
# listening, bound and CLOSE_WAIT sockets, and what ss, netstat, lsof and
# sockstat print about it (their lines only, with their headers).
# Run from the top of the tree after `make all helpers`, as root:
#	sh tests/cmdres-record.sh
set -eu
fx=tests/fixtures
truth=$fx/sockhold-truth.tsv
pid=$(build/tests/sockhold -b -o "$truth" tcp4:2 tcp6 udp4 udp6 listen4 \
    listen6 bound4 bound6 closewait4 closewait6)
trap 'kill $pid' EXIT
mkdir -p $fx/ss $fx/netstat $fx/lsof $fx/sockstat
LC_ALL=C ss -nptua | awk -v p="pid=$pid," 'NR == 1 || index($0, p)' \
    > $fx/ss/live.txt
LC_ALL=C netstat -ntupaW | awk -v p=" $pid/" 'NR <= 2 || index($0, p)' \
    > $fx/netstat/live.txt
LC_ALL=C lsof -wnPi -a -p $pid > $fx/lsof/live.txt
LC_ALL=C sockstat -P $pid > $fx/sockstat/live.txt
echo $pid > $fx/sockhold-pid
