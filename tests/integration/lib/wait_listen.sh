#!/bin/sh
# wait_listen.sh ADDR PORT - wait (at most 10 s) until something listens
# on the IPv4 ADDR:PORT, read from /proc/net/tcp: a server started in the
# background is ready before the test talks to it (a fixed sleep is not
# enough on a cold machine).  Exit 0 when it listens, 1 after the wait.
addr=$1 port=$2
hex=$(printf '%s\n' "$addr" | awk -F. '{ printf "%02X%02X%02X%02X", $4, $3, $2, $1 }')
want=$(printf '%s:%04X' "$hex" "$port")
i=0
while [ $i -lt 200 ]; do
	# local_address and st (0A: LISTEN)
	awk -v w="$want" '$2 == w && $4 == "0A" { f = 1 } END { exit !f }' \
	    /proc/net/tcp && exit 0
	sleep 0.05
	i=$((i + 1))
done
echo "wait_listen: nothing listens on $addr:$port" >&2
exit 1
