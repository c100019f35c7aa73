#!/bin/bash
# trail watch --syslog and --output against a real rsyslog: trail -> rsyslogd
# A (imtcp, imudp, imuxsock) -> TCP forward (omfwd, octet-counted, a
# disk-assisted action queue) -> rsyslogd B (imtcp) -> a file of the MSG
# parts.  Every event that trail sent (its own --output file) arrives exactly
# once, in order, as JSON, over TCP, UDP and a unix socket; strings a traced
# program chose cannot break the framing; a message too big for a datagram
# arrives cut, still JSON; nothing received means the workload still runs and
# trail counts every event as not delivered; and rsyslogd B killed for a few
# seconds mid-run (the MEASURE lines are docs/sensor.md's numbers).
. "$(dirname "$0")/lib.sh"
cd "$W" || exit 1
if ! command -v rsyslogd >/dev/null; then
	fail "setup" "rsyslogd not installed (scripts/install-deps.sh --test)"
	exit 1
fi

# Two free ports on 127.0.0.1 (TCP and UDP alike).
read -r PA PB < <(python3 -c '
import socket
ps = []
while len(ps) < 2:
    t = socket.socket(); t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p)); ps.append(p)
    except OSError:
        pass
    t.close(); u.close()
print(*ps)')

mkdir -p "$W/a" "$W/b"
cat >"$W/a/conf" <<CONF
global(workDirectory="$W/a" maxMessageSize="64k")
module(load="imtcp")
module(load="imudp")
module(load="imuxsock" SysSock.Use="off")
input(type="imtcp" port="$PA" address="127.0.0.1")
input(type="imudp" port="$PA" address="127.0.0.1")
input(type="imuxsock" Socket="$W/a/log" useSpecialParser="off" parseHostname="on" RateLimit.Interval="0")
action(type="omfwd" target="127.0.0.1" port="$PB" protocol="tcp" TCP_Framing="octet-counted"
       template="RSYSLOG_SyslogProtocol23Format" queue.type="LinkedList" queue.filename="fwd"
       queue.saveOnShutdown="on" action.resumeRetryCount="-1" action.resumeInterval="1")
CONF
cat >"$W/b/conf" <<CONF
global(workDirectory="$W/b" maxMessageSize="64k")
module(load="imtcp")
input(type="imtcp" port="$PB" address="127.0.0.1")
template(name="msg" type="string" string="%msg%\n")
action(type="omfile" file="$W/b/msgs" template="msg")
CONF

# start_rsyslog a|b: in the foreground, its pid in RS_a / RS_b
start_rsyslog() {
	rsyslogd -n -f "$W/$1/conf" -i "$W/$1/pid" >>"$W/$1/log.out" 2>&1 &
	BG_PIDS+=($!)
	eval "RS_$1=$!"
	local port=$PA
	[ "$1" = b ] && port=$PB
	wait_for 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
}
start_rsyslog b || fail "setup" "rsyslogd B did not listen on $PB: $(tail -c 300 "$W/b/log.out")"
start_rsyslog a || fail "setup" "rsyslogd A did not listen on $PA: $(tail -c 300 "$W/a/log.out")"
wait_for 5 test -S "$W/a/log"

# session FILE: the session id of trail's --output FILE
session() { head -1 "$1" | jq -r .session; }
# arrived SESSION: B's lines of one trail run
arrived() { grep -F "\"session\":\"$1\"" "$W/b/msgs" 2>/dev/null; }
# await SESSION N: until B has N lines of the session (10 s at most)
await() { wait_for 10 bash -c "[ \$(grep -cF '\"session\":\"$1\"' '$W/b/msgs' 2>/dev/null) -ge $2 ]"; }

# relay_case NAME DEST N: N execs of /bin/true NAME-i through DEST
relay_case() {
	local name=$1 dest=$2 n=$3 sid
	T="$SUITE/$name"
	run_cmd "$name" "$TRAIL" watch --event exec --no-env --output "$W/$name.sent" --syslog "$dest" \
		-- sh -c "i=0; while [ \$i -lt $n ]; do i=\$((i+1)); /bin/true $name-\$i; done"
	expect_status "$CMD_STATUS" 0 "trail watch --syslog $dest exits 0"
	check "nothing printed on the terminal with --syslog and --output" test ! -s "$W/$name.stdout"
	WHY=$(tail -3 "$W/$name.stderr")
	check "$((n + 1)) sent, 0 not delivered" \
		grep -qx "trail: 0 events not delivered to syslog ($((n + 1)) sent to $dest)" "$W/$name.stderr"
	sid=$(session "$W/$name.sent")
	await "$sid" $((n + 1))
	arrived "$sid" >"$W/$name.got"
	CUR=$W/$name.got
	WHY="$(wc -l <"$W/$name.got") lines arrived"
	check "every event sent arrived exactly once, in order (B's MSGs = trail's --output lines)" \
		cmp -s "$W/$name.sent" "$W/$name.got"
	expect_eq '[.[] | select(.comm == "true") | .argv[1]]' "[range(1; $n + 1) | \"$name-\\(.)\"]" \
		"the $n execs of true, each once, in order"
	expect_eq 'map(.event) | unique' '["exec"]' "no other event of the run"
	expect_eq 'map([.host, .session]) | unique | length' '1' "one host and one session on every line"
}

relay_case tcp "tcp://127.0.0.1:$PA" 200
relay_case udp "udp://127.0.0.1:$PA" 50
relay_case unix "unix:$W/a/log" 50

# Bytes a traced program chose: a newline, a quote, a brace, a control
# byte, invalid UTF-8, and an argument bigger than a datagram.
T="$SUITE/framing"
big=$(head -c 20000 /dev/zero | tr '\0' x)
for dest in "tcp://127.0.0.1:$PA" "udp://127.0.0.1:$PA"; do
	run_cmd fr "$TRAIL" watch --event exec --no-env --output "$W/fr.sent" --syslog "$dest" \
		-- /bin/true $'a\nb"}\x01\xff' "$big"
	sid=$(session "$W/fr.sent")
	await "$sid" 1
	arrived "$sid" >"$W/fr.got"
	CUR=$W/fr.got
	if [ "${dest%%:*}" = tcp ]; then
		expect_eq '[.[] | .argv[1]]' '["a\nb\"}\u0001\udcff"]' "tcp: one message, the argument whole"
		expect_eq '[.[] | .argv[2] | length]' '[20000]' "tcp: the 20000-byte argument whole"
	else
		expect_eq '[.[] | [.event, .syslog_cut > 20000, (.json | length) < 8192]]' '[[ "exec", true, true]]' \
			"udp: the message cut to one datagram, still JSON (syslog_cut, json)"
	fi
	rm -f "$W/fr.sent"
done

# Nobody listening: the workload runs at its pace, every event counted.
T="$SUITE/down"
start=$SECONDS
run_cmd down "$TRAIL" watch --event exec --no-env --output "$W/down.sent" --syslog "tcp://127.0.0.1:1" \
	-- sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done'
expect_status "$CMD_STATUS" 0 "receiver down: trail exits 0"
check "receiver down: over in a few seconds ($((SECONDS - start)) s)" test $((SECONDS - start)) -le 10
WHY=$(tail -2 "$W/down.stderr")
check "receiver down: the 11 events counted as not delivered" \
	grep -q "^trail: 11 events not delivered to syslog (0 sent to tcp://127.0.0.1:1" "$W/down.stderr"

# rsyslogd B killed for 3 s mid-run, restarted: A's queue holds what it
# could not forward.  Certain: trail and the workload are unaffected and
# nothing arrives that was not sent; measured: what arrived.
T="$SUITE/relay-killed"
n=600
"$TRAIL" watch --event exec --no-env --output "$W/k.sent" --syslog "tcp://127.0.0.1:$PA" \
	-- sh -c "i=0; while [ \$i -lt $n ]; do i=\$((i+1)); /bin/true k-\$i; [ \$((i % 10)) = 0 ] && sleep 0.1; done" \
	>"$W/k.stdout" 2>"$W/k.stderr" </dev/null &
tp=$!
sleep 2
{ kill -KILL "$RS_b"; wait "$RS_b"; } 2>/dev/null
sleep 3
start_rsyslog b
wait "$tp"
st=$?
expect_status "$st" 0 "relay killed: trail (and the workload, its status) exit 0"
sent=$(grep -c . "$W/k.sent")
trues=$(jq -r 'select(.argv[0] == "/bin/true") | .argv[1]' "$W/k.sent" | grep -c '^k-')
check "relay killed: the workload ran to its end ($trues of $n execs)" test "$trues" = $n
nd=$(sed -n 's/^trail: \([0-9]*\) events not delivered to syslog.*/\1/p' "$W/k.stderr")
check "relay killed: trail's connection to A held: 0 not delivered ($nd)" test "$nd" = 0
sid=$(session "$W/k.sent")
await "$sid" "$sent"
arrived "$sid" >"$W/k.got"
CUR=$W/k.got
got=$(grep -c . "$W/k.got")
uniq=$(sort -u "$W/k.got" | grep -c .)
lost=$(grep -vxcFf "$W/k.got" "$W/k.sent")
check "relay killed: delivered ($got) <= sent ($sent), only lines that were sent" \
	bash -c "[ $got -le $sent ] && ! grep -vxFf '$W/k.sent' '$W/k.got' >/dev/null"
expect_eq '[.[] | select(.comm == "true") | .argv[1][2:] | tonumber] |
	reduce .[] as $x ([]; if any(.[]; . == $x) then . else . + [$x] end) | . == sort' 'true' \
	"relay killed: what arrived is in order (duplicates aside)"
echo "MEASURE relay-killed: sent $sent, arrived $got ($uniq distinct), lost $lost, duplicated $((got - uniq)), trail not delivered $nd"
