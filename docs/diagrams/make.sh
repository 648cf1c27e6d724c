#!/bin/sh
# Draws the course guide's sequence diagrams (docs/diagrams/*.svg) from
# real runs: each server under `strace -f -tt`, on a port the kernel picks
# (or a socket file in a temporary directory), its clients under strace
# too, then `socklab diagram`. Run from the repository's root:
#
#   sh docs/diagrams/make.sh            # all of them
#   sh docs/diagrams/make.sh ch05-echo  # one
#
# Needs strace. tests/diagram.rs runs the same scenarios and checks each
# drawing's lanes and arrows.
set -eu

cargo build -q --examples --bin socklab
EX=target/debug/examples
SOCKLAB=target/debug/socklab
OUT=docs/diagrams
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# start_server NAME ARGS…: NAME under strace -f -tt, in the background;
# sets STRACE (strace's pid) and waits for its first line of output.
start_server() {
    name=$1
    shift
    strace -f -tt -o "$TMP/$name.trace" "$EX/$name" "$@" > "$TMP/$name.out" &
    STRACE=$!
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        [ -s "$TMP/$name.out" ] && return 0
        sleep 0.2
    done
    echo "make.sh: $name did not start" >&2
    exit 1
}

# The port in the server's `listening on ADDR:PORT` / `bound to …` line.
port_of() {
    sed -n 's/.*:\([0-9][0-9]*\)$/\1/p' "$TMP/$1.out" | head -n 1
}

# stop_server: SIGTERM to the traced server (strace's child), then strace ends.
stop_server() {
    sleep 0.3
    for pid in $(ps -o pid= --ppid "$STRACE"); do
        kill "$pid"
    done
    wait "$STRACE" || true
}

# client NAME TRACE INPUT ARGS…: NAME under strace -f -tt, INPUT on stdin.
client() {
    name=$1
    trace=$2
    input=$3
    shift 3
    printf '%s' "$input" | strace -f -tt -o "$TMP/$trace.trace" "$EX/$name" "$@" > /dev/null
}

want() {
    [ $# -eq 0 ] || [ "$WHICH" = "$1" ] || [ "$WHICH" = all ]
}
WHICH=${1:-all}

if want ch05-echo; then
    start_server ch05_tcpserv01 0
    client ch05_tcpcli01 client "hello
world
" 127.0.0.1 "$(port_of ch05_tcpserv01)"
    stop_server
    $SOCKLAB diagram "$TMP/ch05_tcpserv01.trace" "$TMP/client.trace" -o $OUT/ch05-echo.svg \
        --title "ch05_tcpserv01 and ch05_tcpcli01: the forking echo server, one client"
fi

if want forking-server; then
    start_server forking_server 0
    port=$(port_of forking_server)
    client message_client first "first
" localhost "$port"
    client message_client second "second
" localhost "$port"
    stop_server
    $SOCKLAB diagram "$TMP/forking_server.trace" "$TMP/first.trace" "$TMP/second.trace" \
        -o $OUT/forking-server.svg --title "forking_server and two message_clients: a child per client"
fi

if want select-server; then
    start_server ch06_tcpservselect01 0
    port=$(port_of ch06_tcpservselect01)
    (printf 'one\n'; sleep 0.6; printf 'three\n') |
        strace -f -tt -o "$TMP/c1.trace" $EX/ch05_tcpcli01 127.0.0.1 "$port" > /dev/null &
    C1=$!
    sleep 0.3
    client ch05_tcpcli01 c2 "two
" 127.0.0.1 "$port"
    wait "$C1"
    stop_server
    $SOCKLAB diagram "$TMP/ch06_tcpservselect01.trace" "$TMP/c1.trace" "$TMP/c2.trace" \
        -o $OUT/ch06-select-server.svg --title "ch06_tcpservselect01: one process, two clients, select"
fi

if want udp-echo; then
    start_server ch08_udpserv01 0
    client ch08_udpcli01 udpcli "hello
world
" 127.0.0.1 "$(port_of ch08_udpserv01)"
    stop_server
    $SOCKLAB diagram "$TMP/ch08_udpserv01.trace" "$TMP/udpcli.trace" -o $OUT/ch08-udp-echo.svg \
        --title "ch08_udpserv01 and ch08_udpcli01: UDP echo, two datagrams each way"
fi

if want unix-stream; then
    start_server unix_stream_server "$TMP/s.sock"
    client unix_stream_client ux "hi
" "$TMP/s.sock"
    stop_server
    $SOCKLAB diagram "$TMP/unix_stream_server.trace" "$TMP/ux.trace" -o $OUT/unix-stream.svg \
        --title "unix_stream_server and unix_stream_client: AF_UNIX, a path for an address"
fi

if want tour; then
    SOCKLAB_TRACE=1 $EX/tour 2> "$TMP/tour.trace" > /dev/null
    $SOCKLAB diagram "$TMP/tour.trace" -o $OUT/tour.svg \
        --title "the tour: a server and its forked client (SOCKLAB_TRACE=1)"
fi
