#!/usr/bin/env bash
# IMAP load benchmark: the same mailbox of MESSAGES messages in Kurir's imap-service and in a real
# Dovecot, on the same machine in the same run, measured alternately (Dovecot, Kurir, Dovecot, Kurir)
# so that noise from the machine hits both:
#   - single-client wall times on the full mailbox: SELECT, FETCH 1:* (FLAGS), UID SEARCH of several
#     kinds, UID SORT if the server offers SORT;
#   - CLIENTS parallel clients for DURATION seconds, each looping a session: LOGIN, SELECT INBOX,
#     FETCH 50 headers, FETCH one body, STORE a flag, UID SEARCH, UID SORT (if offered), APPEND,
#     UID STORE \Deleted, UID EXPUNGE, LOGOUT. Commands per second, latency per command, errors.
#
#   bench/imap-load/run.sh                                   100,000 messages, 20 clients, 2 rounds
#   MESSAGES=2000 DURATION=20 ROUNDS=1 bench/imap-load/run.sh   a quick check
#
# Environment (defaults in brackets):
#   MESSAGES [100000]  messages in the mailbox (a generated corpus, 2-50 KB, some multipart)
#   CLIENTS [20]       parallel clients in the mix      DURATION [120]   seconds per mix run
#   ROUNDS [2]         mix runs per server, alternating   REPEAT [3]      single-client runs per command
#   WARMUP [30]        seconds of the mix per server before the first round, not measured (0: none)
#   LOAD_CONNECTIONS [4]  parallel APPEND connections when loading Kurir's mailbox (pipelined, LITERAL+)
#   DOVECOT_FORMAT [maildir]  Dovecot's mailbox format: maildir, or mdbox (Dovecot's own multi-message
#                      files, what it recommends for large mailboxes)
#   DOVECOT_LOAD [maildir]  maildir: write maildir files directly (for mdbox: into a source folder, then
#                      doveadm import), then time the first SELECT (which indexes them); append: APPEND
#                      like Kurir (slow here: one fsync per message)
#   TIMEOUT [120]      seconds a command may take before it counts as an error (timeout)
#   DOVECOT_PORT [24143]  KURIR_IMAP_PORT [24243]  KURIR_SMTP_PORT [24225]
#   KURIR_HTTP_PORT [24281] (uses 5 ports from there)
#   KURIR_HOME [this repository]  the Kurir checkout to run (./kurir up with KURIR_BUILD=never if
#                      KURIR_BUILD is not set: build it first with ./mvnw -DskipTests package)
#   QUIET_WAIT [60] QUIET_BUSY [30]  before each run, wait up to QUIET_WAIT s for the machine to be less
#                      than QUIET_BUSY % busy (other users may keep it busy; the tables show how busy)
#   RESULTS [bench/imap-load/results/<UTC time>]   where the tables and the logs go
#   KEEP=1             keep the work directory (corpus, Dovecot's maildir, Kurir's data)
#   DOVECOT_SCHEME [SHA512-CRYPT]  DOVECOT_ROUNDS [scheme's default]  how Dovecot's passwd-file stores
#                      the password (doveadm pw -s/-r): SHA512-CRYPT is doveadm's default; PLAIN for none;
#                      PBKDF2 with DOVECOT_ROUNDS=310000 costs about what Kurir's PBKDF2-SHA256 hash costs
#
# Root is needed only to install dovecot-imapd with apt-get when it is missing. As root, Dovecot's
# master runs as root and the mailbox belongs to nobody; otherwise the whole private Dovecot runs as the
# calling user. The system's Dovecot is never configured or started: the benchmark's Dovecot has its own
# dovecot.conf, base_dir, state_dir, passwd-file and maildir in a temporary directory and listens on
# 127.0.0.1 only. Kurir runs from KURIR_HOME (./kurir up, its own temporary data folder). Everything
# started here is stopped on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KURIR_HOME="$(cd "${KURIR_HOME:-$here/../..}" && pwd)"

MESSAGES="${MESSAGES:-100000}"
CLIENTS="${CLIENTS:-20}"
DURATION="${DURATION:-120}"
ROUNDS="${ROUNDS:-2}"
REPEAT="${REPEAT:-3}"
WARMUP="${WARMUP:-30}"
LOAD_CONNECTIONS="${LOAD_CONNECTIONS:-4}"
TIMEOUT="${TIMEOUT:-120}"
DOVECOT_PORT="${DOVECOT_PORT:-24143}"
KURIR_IMAP_PORT="${KURIR_IMAP_PORT:-24243}"
KURIR_SMTP_PORT="${KURIR_SMTP_PORT:-24225}"
KURIR_HTTP_PORT="${KURIR_HTTP_PORT:-24281}"
QUIET_WAIT="${QUIET_WAIT:-60}"
QUIET_BUSY="${QUIET_BUSY:-30}"
RESULTS="${RESULTS:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
KEEP="${KEEP:-0}"
DOVECOT_SCHEME="${DOVECOT_SCHEME:-SHA512-CRYPT}"
DOVECOT_ROUNDS="${DOVECOT_ROUNDS:-}"
DOVECOT_LOAD="${DOVECOT_LOAD:-maildir}"
DOVECOT_FORMAT="${DOVECOT_FORMAT:-maildir}"
export KURIR_BUILD="${KURIR_BUILD:-never}"

USER_NAME=bench
PASSWORD=benchpass
PY="${PYTHON:-python3}"
BENCH="$here/imapbench.py"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for v in MESSAGES CLIENTS DURATION ROUNDS REPEAT WARMUP LOAD_CONNECTIONS TIMEOUT DOVECOT_PORT KURIR_IMAP_PORT \
    KURIR_SMTP_PORT KURIR_HTTP_PORT QUIET_WAIT QUIET_BUSY; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done
[ "$MESSAGES" -ge 100 ] || die "MESSAGES must be at least 100"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || die "python3 3.9 or newer is needed"

mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"
work="$(mktemp -d /tmp/kurir-imap-bench.XXXXXX)"
chmod 755 "$work" # Dovecot's mail processes (nobody, when run as root) must reach the maildir below it

policy_rc_created=0
kurir_pid=""
dovecot_pid=""
dc_dir="$work/dovecot"
kurir_data="$work/kurir"

# ---------------------------------------------------------------------------------------------- cleanup

stop_dovecot() {
  [ -n "$dovecot_pid" ] || return 0
  local pid="$dovecot_pid" i
  dovecot_pid=""
  log "stopping the private Dovecot (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true # the master stops its children
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  # children left behind by a killed master: this instance's own only (they run from its base_dir)
  for p in $(pgrep -f "^dovecot/" || true); do
    [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$dc_dir/run" ] && kill -KILL "$p" 2>/dev/null || true
  done
}

stop_kurir() {
  [ -n "$kurir_pid" ] || return 0
  local pid="$kurir_pid" i
  kurir_pid=""
  log "stopping Kurir (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true # its process group (kurir up runs in a session of its own)
  # anything still holding the benchmark's data folder (PostgreSQL, a service), by process id
  for p in $(pgrep -f -- "$kurir_data" || true); do kill -KILL "$p" 2>/dev/null || true; done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "${client_pid:-}" ] && kill -TERM -- "-$client_pid" 2>/dev/null || true
  stop_dovecot
  stop_kurir
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ -f "$work/kurir.log" ]; then gzip -c "$work/kurir.log" > "$RESULTS/kurir.log.gz" || true; fi
  if [ -f "$dc_dir/dovecot.log" ]; then gzip -c "$dc_dir/dovecot.log" > "$RESULTS/dovecot.log.gz" || true; fi
  if [ "$KEEP" = 1 ]; then log "work directory kept: $work"; else rm -rf "$work"; fi
  log "results in $RESULTS"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------- tools

install_tools() {
  local need=()
  [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
  command -v curl >/dev/null || need+=(curl)
  command -v ss >/dev/null || need+=(iproute2)
  [ ${#need[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root"
  log "installing ${need[*]} (apt-get, non-interactive, no service started)"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # no package may start a service while we install (the system Dovecot in particular)
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_rc_created=1
  fi
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}")
  "${apt[@]}" > "$RESULTS/apt.log" 2>&1 || { apt-get update -q >> "$RESULTS/apt.log" 2>&1 && "${apt[@]}" >> "$RESULTS/apt.log" 2>&1; } \
    || die "apt-get install ${need[*]} failed (see $RESULTS/apt.log)"
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; policy_rc_created=0; fi
  if [[ " ${need[*]} " == *" dovecot-imapd "* ]] && [ -d /run/systemd/system ]; then
    systemctl stop dovecot >/dev/null 2>&1 || true # a machine without policy-rc.d support may have started it
  fi
  [ -x /usr/sbin/dovecot ] || die "dovecot is still missing after installing dovecot-imapd"
}

port_free() { ! ss -Htln "sport = :$1" | grep -q .; }

# ---------------------------------------------------------------------------------------------- CPU accounting

# CPU ticks (user+system, including reaped children) of one process, and of a process tree.
proc_ticks() { sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true; }
tree_ticks() {
  [ -n "$1" ] || { echo 0; return; }
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2; pids[NR] = $1 }
    END {
      for (i = 1; i <= NR; i++) {
        q = pids[i]
        while (q != "" && q > 1 && q != root) q = parent[q]
        if (q == root) print pids[i]
      }
    }' | while read -r pid; do proc_ticks "$pid"; done | awk '{ s += $1 } END { printf "%d", s }'
}

# "component ticks" lines: Dovecot as a whole (master, imap-login, imap, auth, ... processes come and
# go); Kurir's imap-service, its PostgreSQL, and everything of kurir up (the other services, Kafka).
cpu_snapshot() {
  if [ "$1" = dovecot ]; then
    echo "dovecot $(tree_ticks "$dovecot_pid")"
  else
    local pg all pgt q
    pg="$(head -1 "$kurir_data/postgres/pgdata/postmaster.pid" 2>/dev/null)"
    pgt="$(tree_ticks "$pg")" all="$(tree_ticks "$kurir_pid")"
    echo "imap-service $(tree_ticks "$(pgrep -P "$kurir_pid" -f "/imap-service/target/" | head -1)")"
    echo "postgresql $pgt"
    # PostgreSQL runs under unshare and may not be a descendant of kurir up: then add it
    q="$pg"; while [ -n "$q" ] && [ "$q" -gt 1 ] && [ "$q" != "$kurir_pid" ]; do q="$(ps -o ppid= -p "$q" | tr -d ' ')"; done
    if [ "$q" = "$kurir_pid" ]; then echo "kurir-all $all"; else echo "kurir-all $((all + pgt))"; fi
  fi
}

# Busy CPU ticks of the whole machine (all CPUs), to report how busy the machine was during a run.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }

# Before a run: wait (at most QUIET_WAIT seconds) until the machine is less than QUIET_BUSY % busy over a
# second. Other users of the machine may keep it busy anyway: the busy share is printed with each run.
await_quiet() {
  local i a b busy=100
  for i in $(seq 1 "$QUIET_WAIT"); do
    a="$(machine_ticks)"; sleep 1; b="$(machine_ticks)"
    busy="$(awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2] + 0.001) }')"
    [ "$busy" -lt "$QUIET_BUSY" ] && break
  done
  echo "$busy"
}

await_imap() { # port, seconds: until the port answers "* OK"
  local i line
  for i in $(seq 1 $(($2 * 10))); do
    line="$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && read -r l <&3 && printf "a LOGOUT\r\n" >&3 && echo "$l"' _ "$1" 2>/dev/null || true)"
    [[ "$line" == "* OK"* ]] && return 0
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------------------------------------- Dovecot

start_dovecot() {
  local run_user mail_uid mail_gid login_user internal_user chroot_line=""
  mkdir -p "$dc_dir/run" "$dc_dir/state" "$dc_dir/mail" "$dc_dir/home"
  if [ "$(id -u)" = 0 ]; then
    # the package's own unprivileged users for login and internal processes; the mailbox belongs to nobody
    internal_user=dovecot login_user=dovenull mail_uid="$(id -u nobody)" mail_gid="$(id -g nobody)"
    chown nobody: "$dc_dir/mail" "$dc_dir/home"
  else
    run_user="$(id -un)"
    internal_user="$run_user" login_user="$run_user" mail_uid="$(id -u)" mail_gid="$(id -g)"
    chroot_line="  chroot ="
  fi
  local hash
  if [ "$DOVECOT_SCHEME" = PLAIN ]; then hash="{PLAIN}$PASSWORD"
  else hash="$(doveadm pw -s "$DOVECOT_SCHEME" ${DOVECOT_ROUNDS:+-r "$DOVECOT_ROUNDS"} -p "$PASSWORD")" || die "doveadm pw -s $DOVECOT_SCHEME failed"
  fi
  printf '%s:%s:%s:%s::%s\n' "$USER_NAME" "$hash" "$mail_uid" "$mail_gid" "$dc_dir/home/$USER_NAME" > "$dc_dir/passwd"
  chmod 644 "$dc_dir/passwd"
  cat > "$dc_dir/dovecot.conf" <<EOF
# private benchmark instance (bench/imap-load/run.sh); nothing here touches /etc/dovecot
protocols = imap
listen = 127.0.0.1
base_dir = $dc_dir/run
state_dir = $dc_dir/state
instance_name = kurir-imap-bench
log_path = $dc_dir/dovecot.log
default_internal_user = $internal_user
default_internal_group = $(id -gn "$internal_user")
default_login_user = $login_user
first_valid_uid = 1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
passdb {
  driver = passwd-file
  args = username_format=%u $dc_dir/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dc_dir/passwd
}
mail_location = $DOVECOT_FORMAT:$dc_dir/mail/%u
# the benchmark's clients all come from 127.0.0.1 as one user (Debian's default allows 10)
mail_max_userip_connections = 1000
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
$chroot_line
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
EOF
  doveconf -c "$dc_dir/dovecot.conf" -n > "$RESULTS/doveconf-n.txt" 2>&1 || { cat "$RESULTS/doveconf-n.txt" >&2; die "doveconf rejected the configuration"; }
  log "starting a private Dovecot on 127.0.0.1:$DOVECOT_PORT ($dc_dir)"
  dovecot -F -c "$dc_dir/dovecot.conf" > "$dc_dir/dovecot.out" 2>&1 &
  dovecot_pid=$!
  await_imap "$DOVECOT_PORT" 30 || { cat "$dc_dir/dovecot.out" "$dc_dir/dovecot.log" >&2 2>/dev/null; die "Dovecot did not answer * OK on 127.0.0.1:$DOVECOT_PORT"; }
}

# ---------------------------------------------------------------------------------------------- Kurir

start_kurir() {
  log "starting Kurir from $KURIR_HOME, IMAP on 127.0.0.1:$KURIR_IMAP_PORT (data $kurir_data)"
  [ -x "$KURIR_HOME/kurir" ] || die "$KURIR_HOME/kurir not found"
  (
    cd "$KURIR_HOME"
    export KURIR_MYHOSTNAME=kurir.bench.test KURIR_SMTP_BIND_ADDRESS=127.0.0.1 KURIR_IMAP_BIND_ADDRESS=127.0.0.1 \
      QUARKUS_HTTP_HOST=127.0.0.1
    exec setsid ./kurir up --data "$kurir_data" --smtp-port "$KURIR_SMTP_PORT" --submission-port -1 \
      --smtps-port -1 --imap-port "$KURIR_IMAP_PORT" --http-port "$KURIR_HTTP_PORT"
  ) > "$work/kurir.log" 2>&1 &
  kurir_pid=$!
  local i port ready=0
  for i in $(seq 1 1800); do # up to 180 s (the first start may unpack PostgreSQL)
    kill -0 "$kurir_pid" 2>/dev/null || { tail -30 "$work/kurir.log" >&2; die "kurir up exited"; }
    ready=1
    for port in $(seq "$KURIR_HTTP_PORT" $((KURIR_HTTP_PORT + 4))); do
      curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { ready=0; break; }
    done
    [ "$ready" = 1 ] && [ -f "$kurir_data/stack.properties" ] && break
    sleep 0.1
  done
  [ "$ready" = 1 ] || { tail -30 "$work/kurir.log" >&2; die "Kurir did not become ready"; }
  await_imap "$KURIR_IMAP_PORT" 60 || die "Kurir did not answer * OK on 127.0.0.1:$KURIR_IMAP_PORT"
  (cd "$KURIR_HOME" && ./kurir user add "$USER_NAME" --password "$PASSWORD" --data "$kurir_data") >> "$work/kurir.log" 2>&1 \
    || die "kurir user add failed"
}

server_port() { if [ "$1" = dovecot ]; then echo "$DOVECOT_PORT"; else echo "$KURIR_IMAP_PORT"; fi; }

# ---------------------------------------------------------------------------------------------- runs

hz="$(getconf CLK_TCK)"
# json_get FILE KEY...: top-level values, tab-separated (a dict as "k:v k:v", a list one item per line)
json_get() {
  "$PY" - "$@" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
def show(v):
    if isinstance(v, dict):
        return " ".join(f"{k}:{show(x)}" for k, x in v.items()) or "-"
    if isinstance(v, list):
        return "\n".join(x if isinstance(x, str) else
                         f"{x['kind']} after {x.get('after_s', '?')} s at {x.get('at_s', '?')} s: {x['command']} -> {x['reply']}"
                         for x in v)
    return str(v)
print("\t".join(show(d[k]) for k in sys.argv[2:]))
PYEOF
}

# measure SERVER LABEL KIND ARGS...: runs imapbench.py KIND against SERVER, with the load average,
# the machine's busy share and the server's CPU before and after; the JSON goes to LABEL-SERVER-KIND.json
measure() {
  local server="$1" label="$2" kind="$3"; shift 3
  local out="$RESULTS/$label-$server-$kind" quiet load m0 m1 rc=0
  quiet="$(await_quiet)"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "$label: $server: $kind; load average $load, machine $quiet % busy"
  cpu_snapshot "$server" > "$out.cpu0"
  m0="$(machine_ticks)"
  setsid "$PY" "$BENCH" "$kind" --port "$(server_port "$server")" --user "$USER_NAME" --password "$PASSWORD" \
    --corpus "$work/corpus" --timeout "$TIMEOUT" --json "$out.json" "$@" > "$out.out" 2> "$out.err" &
  client_pid=$!
  wait "$client_pid" || rc=$?
  client_pid=""
  m1="$(machine_ticks)"
  cpu_snapshot "$server" > "$out.cpu1"
  paste -d' ' "$out.cpu0" "$out.cpu1" | awk -v hz="$hz" '{ printf "%s %.1f\n", $1, ($4 - $2) / hz }' > "$out.cpu"
  busy="$(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]) }')"
  printf '%s\t%s\t%s\t%s\t%s\n' "$load" "$quiet" "$busy" "$rc" "$(awk '{ printf "%s%s=%s", sep, $1, $2; sep = " " } ' "$out.cpu")" > "$out.env"
  [ "$rc" = 0 ] && [ -s "$out.json" ] || { tail -20 "$out.err" >&2; log "$label: $server: $kind failed (rc $rc), see $out.err"; return 1; }
}

env_field() { cut -f"$2" "$1.env"; }
server_cpu() { # the CPU seconds to show for a server: Dovecot's tree, or all of Kurir
  if [ "$1" = dovecot ]; then grep '^dovecot ' "$2.cpu" | cut -d' ' -f2; else grep '^kurir-all ' "$2.cpu" | cut -d' ' -f2; fi
}

load_mailbox() { # SERVER
  local server="$1" out="$RESULTS/load-$1-load" how=(--connections "$LOAD_CONNECTIONS")
  if [ "$server" = dovecot ] && [ "$DOVECOT_LOAD" = maildir ]; then
    if [ "$DOVECOT_FORMAT" = maildir ]; then
      how=(--maildir "$dc_dir/mail/$USER_NAME")
    else
      mkdir -p "$dc_dir/import"
      how=(--maildir "$dc_dir/import/$USER_NAME" --import "doveadm -c $dc_dir/dovecot.conf import -u $USER_NAME maildir:$dc_dir/import/$USER_NAME '' all")
    fi
    [ "$(id -u)" = 0 ] && how+=(--chown "$(id -u nobody):$(id -g nobody)")
  fi
  measure "$server" load load "${how[@]}" || die "loading $server failed"
  local s
  s="$(json_get "$out.json" seconds msg_per_s ok errors exists first_select_s route)"
  IFS=$'\t' read -r secs rate ok errs exists sel route <<< "$s"
  log "load: $server ($route): $ok stored, $errs errors in ${secs}s ($rate msg/s); SELECT sees $exists"
  printf '| %s | %s | %s | %s | **%s** | %s | %s | %s (first SELECT %s s) | %s | %s |\n' "$server" "$MESSAGES" "$route" "$(env_field "$out" 1)" \
    "$secs" "$rate" "$ok / $errs" "$exists" "$sel" "$(server_cpu "$server" "$out")" "$(env_field "$out" 2) / $(env_field "$out" 3)" >> "$RESULTS/load.md"
  [ "$exists" = "$MESSAGES" ] || log "load: $server: the mailbox has $exists messages, not $MESSAGES"
  json_get "$out.json" samples | grep . | sed "s/^/    $server: /" >> "$RESULTS/load-errors.txt" || true
}

single() { # SERVER LABEL
  local server="$1" label="$2" out="$RESULTS/$2-$1-single"
  measure "$server" "$label" single --repeat "$REPEAT" || return 0
  "$PY" - "$out.json" "$server" "$label" >> "$RESULTS/single.tsv" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["rows"]:
    t = r["times"]
    first = f"{t[0]:.3f}" if t else ""
    rest = f"{sorted(t[1:])[len(t[1:]) // 2]:.3f}" if len(t) > 1 else ""
    print("\t".join([sys.argv[3], sys.argv[2], r["command"], first, rest, r["answer"], r["error"]]))
EOF
}

mix() { # SERVER LABEL DURATION
  local server="$1" label="$2" duration="$3" out="$RESULTS/$2-$1-mix"
  measure "$server" "$label" mix --clients "$CLIENTS" --duration "$duration" --base "$MESSAGES" || return 0
  [ "$label" = warmup ] && return 0
  local s
  s="$(json_get "$out.json" commands commands_per_s sessions sessions_per_s error_total errors sort)"
  IFS=$'\t' read -r cmds rate sess srate errs errkinds sort <<< "$s"
  local cpu
  cpu="$(server_cpu "$server" "$out")"
  log "$label: $server: $cmds commands in ${duration}s = $rate/s, $sess sessions, $errs errors ($errkinds); server CPU ${cpu}s"
  printf '| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s | %s |\n' "$label" "$server" "$(env_field "$out" 1)" "$duration" \
    "$cmds" "$rate" "$sess" "$errs ($errkinds)" "$([ "$sort" = True ] && echo yes || echo 'not offered')" "$cpu" \
    "$(env_field "$out" 2) / $(env_field "$out" 3)" >> "$RESULTS/mix.md"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$server" "$CLIENTS" "$duration" "$(env_field "$out" 1)" \
    "$cmds" "$rate" "$sess" "$errs" "$sort" "$cpu" "$(env_field "$out" 2)" "$(env_field "$out" 3)" >> "$RESULTS/results.tsv"
  "$PY" - "$out.json" "$server" "$label" >> "$RESULTS/latency.tsv" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for k, v in d["per_command"].items():
    print("\t".join(str(x) for x in [sys.argv[3], sys.argv[2], k, v["n"], v["p50_ms"], v["p95_ms"], v["p99_ms"], v["max_ms"]]))
EOF
  json_get "$out.json" samples | grep . \
    | sed "s/^/    $label $server: /" >> "$RESULTS/mix-errors.txt" || true
}

# ---------------------------------------------------------------------------------------------- main

install_tools
for p in "$DOVECOT_PORT" "$KURIR_IMAP_PORT" "$KURIR_SMTP_PORT" $(seq "$KURIR_HTTP_PORT" $((KURIR_HTTP_PORT + 4))); do
  port_free "$p" || die "port $p is in use (choose others with DOVECOT_PORT, KURIR_IMAP_PORT, KURIR_SMTP_PORT, KURIR_HTTP_PORT)"
done
: > "$RESULTS/load.md"; : > "$RESULTS/mix.md"; : > "$RESULTS/single.tsv"; : > "$RESULTS/latency.tsv"
: > "$RESULTS/load-errors.txt"; : > "$RESULTS/mix-errors.txt"
printf 'run\tserver\tclients\tduration_s\tload\tcommands\tcommands_per_s\tsessions\terrors\tsort\tserver_cpu_s\tbusy_before_pct\tbusy_during_pct\n' > "$RESULTS/results.tsv"
started_at="$(date -u '+%Y-%m-%d %H:%M UTC')"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

log "generating a corpus of $MESSAGES messages"
t0=$(date +%s.%N)
"$PY" "$BENCH" corpus --messages "$MESSAGES" --out "$work/corpus" > "$RESULTS/corpus.json"
log "corpus: $(cat "$RESULTS/corpus.json") in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s"

start_dovecot
start_kurir

load_mailbox dovecot
load_mailbox kurir

if [ "$WARMUP" -gt 0 ]; then
  mix dovecot warmup "$WARMUP"
  mix kurir warmup "$WARMUP"
fi
for r in $(seq 1 "$ROUNDS"); do
  for server in dovecot kurir; do
    single "$server" "round$r"
    mix "$server" "round$r" "$DURATION"
  done
done

# ---------------------------------------------------------------------------------------------- report

corpus_summary="$("$PY" - "$RESULTS/corpus.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
k = d["kinds"]
print(f"{d['bytes'] / 1e6:.0f} MB; {k['plain']} text/plain, {k['alternative']} multipart/alternative, "
      f"{k['mixed']} multipart/mixed with an attachment; {d['seen']} \\Seen, {d['flagged']} \\Flagged")
PYEOF
)"
{
  echo "# IMAP load benchmark, $started_at"
  echo
  echo "- mailbox: $MESSAGES messages ($corpus_summary)"
  echo "- mix: $CLIENTS clients, ${DURATION}s per run, $ROUNDS rounds per server, alternating; warm-up ${WARMUP}s of the mix per server (not in the tables)"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- Dovecot $(dovecot --version 2>/dev/null) (Debian package $(dpkg-query -W -f='${Version}' dovecot-imapd 2>/dev/null)), private instance ($DOVECOT_FORMAT); password stored as $DOVECOT_SCHEME${DOVECOT_ROUNDS:+ with $DOVECOT_ROUNDS rounds} (Kurir: PBKDF2-SHA256, 310,000 iterations)"
  echo "- Kurir $(git -C "$KURIR_HOME" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$KURIR_HOME" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (with local changes)') from $KURIR_HOME, $(java -version 2>&1 | head -1)"
  echo "- load average at start: $load_at_start; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "## Loading the mailbox (not the main metric)"
  echo
  echo "| server | messages | route | load avg before | seconds | msg/s | stored OK / errors | SELECT sees | server CPU s | machine busy % before / during |"
  echo "|---|---:|---:|---|---:|---:|---|---:|---:|---|"
  cat "$RESULTS/load.md"
  if [ -s "$RESULTS/load-errors.txt" ]; then echo; echo "First errors:"; echo; cat "$RESULTS/load-errors.txt"; fi
  echo
  echo "## One client on the full mailbox (seconds: first run / median of the next $((REPEAT - 1)))"
  echo
  "$PY" - "$RESULTS/single.tsv" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
runs = sorted({(r[0], r[1]) for r in rows}, key=lambda x: (x[0], x[1] != "dovecot"))
cmds = list(dict.fromkeys(r[2] for r in rows))
cell = {(r[0], r[1], r[2]): r for r in rows}
print("| command | " + " | ".join(f"{l} {s}" for l, s in runs) + " | answer (" + " / ".join(f"{l} {s}" for l, s in runs) + ") |")
print("|---|" + "---:|" * len(runs) + "---|")
for c in cmds:
    out, answers = [], []
    for k in runs:
        r = cell.get((k[0], k[1], c))
        if r is None:
            out.append(""); answers.append(""); continue
        if r[6]:
            out.append(r[6] if not r[3] else f"{r[3]} / {r[4]} ({r[6]})")
        else:
            out.append(f"{r[3]} / {r[4]}" if r[4] else r[3])
        answers.append(r[5])
    print(f"| `{c}` | " + " | ".join(out) + " | " + " / ".join(dict.fromkeys(answers)) + " |")
EOF
  echo
  echo "## $CLIENTS clients, each looping a session"
  echo
  echo "| run | server | load avg before | seconds | commands | commands/s | sessions | errors | SORT | server CPU s | machine busy % before / during |"
  echo "|---|---|---|---:|---:|---:|---:|---|---|---:|---|"
  cat "$RESULTS/mix.md"
  if [ -s "$RESULTS/mix-errors.txt" ]; then echo; echo "First errors (kind, time taken, seconds into the run: command -> reply):"; echo; cat "$RESULTS/mix-errors.txt"; fi
  echo
  echo "Latency per command, milliseconds (p50 / p95 / p99), all rounds together:"
  echo
  "$PY" - "$RESULTS/latency.tsv" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
servers = list(dict.fromkeys(r[1] for r in rows))
cmds = list(dict.fromkeys(r[2] for r in rows))
print("| command | " + " | ".join(f"{s} n | {s} p50 / p95 / p99" for s in servers) + " |")
print("|---|" + "---:|---:|" * len(servers))
for c in cmds:
    cells = []
    for s in servers:
        rs = [r for r in rows if r[1] == s and r[2] == c]
        if not rs:
            cells += ["", "not run"]; continue
        n = sum(int(r[3]) for r in rs)
        # per-round percentiles: show each round's
        cells += [str(n), "; ".join(f"{r[4]} / {r[5]} / {r[6]}" for r in rs)]
    print(f"| {c} | " + " | ".join(cells) + " |")
EOF
  echo
  echo "CPU seconds per run (Kurir: imap-service, its PostgreSQL, and all of Kurir: every service, Kafka, PostgreSQL):"
  echo
  for f in "$RESULTS"/*-mix.cpu "$RESULTS"/load-*-load.cpu; do
    [ -f "$f" ] && echo "- $(basename "$f" .cpu): $(tr '\n' ' ' < "$f")"
  done
} > "$RESULTS/results.md"
cat "$RESULTS/results.md"

