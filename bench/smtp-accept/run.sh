#!/usr/bin/env bash
# SMTP accept benchmark: Postfix's smtp-source against Kurir's smtp-gateway and against a real Postfix,
# on the same machine in the same run, alternately (Postfix, Kurir, Postfix, Kurir, ...) so that noise
# from the machine hits both.
#
#   bench/smtp-accept/run.sh                      20,000 messages of 4 KB over 20 sessions, 2 rounds
#   MESSAGES=500 ROUNDS=1 bench/smtp-accept/run.sh   a quick check
#
# Environment (defaults in brackets):
#   MESSAGES [20000]  SESSIONS [20]  SIZE [4096]   smtp-source -m / -s / -l
#   ROUNDS [2]        runs per server, alternating
#   WARMUP [1000]     messages sent to each server before the first round, not measured (0: none)
#   POSTFIX_PORT [24025]  KURIR_SMTP_PORT [24525]  KURIR_HTTP_PORT [24581] (uses 4 ports from there)
#   DRAIN_TIMEOUT [1800]  seconds to wait, after smtp-source ends, for every message to be delivered
#   QUIET_WAIT [60] QUIET_BUSY [30]  before each run, wait up to QUIET_WAIT s for the machine to be less
#                     than QUIET_BUSY % busy (other users may keep it busy; the table shows how busy)
#   RESULTS [bench/smtp-accept/results/<UTC time>]   where the table and the logs go
#   KEEP=1            keep the work directory (Postfix mailbox, Kurir data) instead of removing it
#
# Needs root: Postfix's master runs as root, and postfix (for smtp-source) and postgresql-client (psql,
# to count Kurir's mailbox) are installed with apt-get when missing. The system's own Postfix is never
# configured or started: the benchmark's Postfix is a private instance whose configuration, queue and
# mailbox live in a temporary directory, listening on 127.0.0.1 only. Kurir runs from this repository
# (./kurir up, its own temporary data folder). Everything started here is stopped on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

MESSAGES="${MESSAGES:-20000}"
SESSIONS="${SESSIONS:-20}"
SIZE="${SIZE:-4096}"
ROUNDS="${ROUNDS:-2}"
WARMUP="${WARMUP:-1000}"
POSTFIX_PORT="${POSTFIX_PORT:-24025}"
KURIR_SMTP_PORT="${KURIR_SMTP_PORT:-24525}"
KURIR_HTTP_PORT="${KURIR_HTTP_PORT:-24581}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-1800}"
QUIET_WAIT="${QUIET_WAIT:-60}"
QUIET_BUSY="${QUIET_BUSY:-30}"
RESULTS="${RESULTS:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
KEEP="${KEEP:-0}"

USER_NAME=bench
RCPT="$USER_NAME@localhost" # "localhost" is in both servers' mydestination
SENDER="bench@localhost"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for v in MESSAGES SESSIONS SIZE ROUNDS WARMUP POSTFIX_PORT KURIR_SMTP_PORT KURIR_HTTP_PORT DRAIN_TIMEOUT QUIET_WAIT QUIET_BUSY; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done
[ "$(id -u)" = 0 ] || die "run as root (Postfix's master needs it; missing packages are installed with apt-get)"

mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"
work="$(mktemp -d /tmp/kurir-bench.XXXXXX)"
chmod 755 "$work" # local(8) delivers as nobody and must reach its mailbox below this directory

policy_rc_created=0
kurir_pid=""
pf_conf="$work/postfix/etc"
pf_queue="$work/postfix/spool"
pf_started=0

# ---------------------------------------------------------------------------------------------- cleanup

stop_postfix() {
  [ "$pf_started" = 1 ] || return 0
  pf_started=0
  log "stopping the private Postfix"
  postfix -c "$pf_conf" stop >/dev/null 2>&1 || true
  local pid_file="$pf_queue/pid/master.pid" pid="" i
  [ -f "$pid_file" ] && pid="$(tr -dc 0-9 < "$pid_file")"
  if [ -n "$pid" ]; then
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # daemons left behind by a killed master: this instance's own only (their command lines do not name
  # the config directory, but their working directory is our queue directory)
  for pid in $(pgrep -f "^(/usr/lib/postfix/sbin/)?(smtpd|cleanup|qmgr|local|pickup|trivial-rewrite|anvil|postlogd|proxymap|tlsmgr|scache|showq|bounce|flush)( |$)" || true); do
    [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$pf_queue" ] && kill -KILL "$pid" 2>/dev/null || true
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
  # anything still holding the benchmark's data folder (PostgreSQL, a service) by process id
  for p in $(pgrep -f -- "$work/kurir" || true); do kill -KILL "$p" 2>/dev/null || true; done
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "${source_pid:-}" ] && kill -TERM "$source_pid" 2>/dev/null || true
  stop_postfix
  stop_kurir
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ -f "$work/kurir.log" ]; then gzip -c "$work/kurir.log" > "$RESULTS/kurir.log.gz" || true; fi
  if [ -f "$work/postfix/maillog" ]; then gzip -c "$work/postfix/maillog" > "$RESULTS/postfix-maillog.gz" || true; fi
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
  command -v smtp-source >/dev/null || need+=(postfix)
  command -v psql >/dev/null || need+=(postgresql-client)
  command -v curl >/dev/null || need+=(curl)
  command -v ss >/dev/null || need+=(iproute2)
  [ ${#need[@]} = 0 ] && return 0
  log "installing ${need[*]} (apt-get, non-interactive; Postfix with 'No configuration')"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    # no package may start a service while we install (the system Postfix in particular)
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_rc_created=1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}")
  "${apt[@]}" > "$RESULTS/apt.log" 2>&1 || { apt-get update -q >> "$RESULTS/apt.log" 2>&1 && "${apt[@]}" >> "$RESULTS/apt.log" 2>&1; } \
    || die "apt-get install ${need[*]} failed (see $RESULTS/apt.log)"
  if [ "$policy_rc_created" = 1 ]; then rm -f /usr/sbin/policy-rc.d; policy_rc_created=0; fi
  if [[ " ${need[*]} " == *" postfix "* ]]; then
    # we installed it: make sure the system instance is not running (with 'No configuration' it cannot
    # start, but a machine without policy-rc.d support might have tried)
    if [ -d /run/systemd/system ]; then systemctl stop postfix >/dev/null 2>&1 || true; fi
    if [ -f /etc/postfix/main.cf ] && postfix status >/dev/null 2>&1; then postfix stop >/dev/null 2>&1 || true; fi
  fi
  command -v smtp-source >/dev/null || die "smtp-source is still missing after installing postfix"
}

port_free() { ! ss -Htln "sport = :$1" | grep -q .; }

# ---------------------------------------------------------------------------------------------- CPU accounting

# CPU ticks (user+system, including reaped children) of one process, and of a process tree.
proc_ticks() { sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true; }
proc_own_ticks() { sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true; }
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

# "component ticks" lines for a server: Postfix as a whole (master and every daemon, its smtpd processes
# come and go), Kurir per process (the services, PostgreSQL, and kurir up itself = embedded Kafka).
cpu_snapshot() {
  if [ "$1" = postfix ]; then
    echo "postfix $(tree_ticks "$(postfix_master_pid)")"
  else
    local s
    for s in smtp-gateway rewrite-service queue-service delivery-service; do
      echo "$s $(tree_ticks "$(pgrep -P "$kurir_pid" -f "/$s/target/" | head -1)")"
    done
    echo "postgresql $(tree_ticks "$(head -1 "$kurir_data/postgres/pgdata/postmaster.pid" 2>/dev/null)")"
    echo "kafka+cli $(proc_own_ticks "$kurir_pid")"
  fi
}

# Busy CPU ticks of the whole machine (all CPUs), to report how busy the machine was during a run.
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }

# ---------------------------------------------------------------------------------------------- Postfix

pf_mailbox="$work/postfix/mail/$USER_NAME.mbox"

setup_postfix() {
  local data="$work/postfix/data" mail="$work/postfix/mail"
  mkdir -p "$pf_conf" "$pf_queue" "$data" "$mail"
  chown postfix "$data"
  chown nobody "$mail" # file delivery from an alias owned by root runs as default_privs (nobody)
  cat > "$pf_conf/main.cf" <<EOF
# private benchmark instance (bench/smtp-accept/run.sh); nothing here touches /etc/postfix
compatibility_level = 3.6
queue_directory = $pf_queue
data_directory = $data
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix.bench.test
mydomain = bench.test
myorigin = \$myhostname
mydestination = localhost, \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_banner = \$myhostname ESMTP
# the recipient is an alias whose target is a mailbox file: local(8) appends to it (mbox, locked, fsync)
alias_maps = texthash:$pf_conf/aliases
alias_database =
local_recipient_maps = \$alias_maps
mailbox_size_limit = 0
biff = no
append_dot_mydomain = no
# nothing leaves this machine and nothing asks DNS
default_transport = error:outbound mail is off in this benchmark
relay_transport = error:outbound mail is off in this benchmark
smtp_dns_support_level = disabled
maillog_file = $work/postfix/maillog
maillog_file_prefixes = $work/postfix
EOF
  printf '%s %s\n' "$USER_NAME" "$pf_mailbox" > "$pf_conf/aliases" # texthash: "key value"
  # Debian's master.cf, but with no chroot (the queue directory is a temporary one) and the SMTP
  # listener on 127.0.0.1:$POSTFIX_PORT only
  cat > "$pf_conf/master.cf" <<EOF
127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

start_postfix() {
  log "starting a private Postfix on 127.0.0.1:$POSTFIX_PORT ($work/postfix)"
  postfix -c "$pf_conf" check > "$RESULTS/postfix-check.log" 2>&1 || { cat "$RESULTS/postfix-check.log" >&2; die "postfix check failed"; }
  pf_started=1
  postfix -c "$pf_conf" start > "$RESULTS/postfix-start.log" 2>&1 || { cat "$RESULTS/postfix-start.log" >&2; die "postfix start failed"; }
  await_banner "$POSTFIX_PORT" 60 || die "Postfix did not answer 220 on 127.0.0.1:$POSTFIX_PORT"
}

postfix_master_pid() { tr -dc 0-9 < "$pf_queue/pid/master.pid"; }

postfix_delivered() {
  if [ -f "$pf_mailbox" ]; then grep -c '^From ' "$pf_mailbox" || true; else echo 0; fi
}

postfix_queued() {
  find "$pf_queue/maildrop" "$pf_queue/incoming" "$pf_queue/active" "$pf_queue/deferred" "$pf_queue/hold" \
    -type f 2>/dev/null | wc -l
}

postfix_rejects() { grep -c ' reject: ' "$work/postfix/maillog" 2>/dev/null || true; }

# ---------------------------------------------------------------------------------------------- Kurir

kurir_data="$work/kurir"
kurir_pg_port=""

start_kurir() {
  log "starting Kurir from $repo on 127.0.0.1:$KURIR_SMTP_PORT (data $kurir_data)"
  [ -x "$repo/kurir" ] || die "$repo/kurir not found"
  (
    cd "$repo"
    export KURIR_MYHOSTNAME=kurir.bench.test KURIR_SMTP_BIND_ADDRESS=127.0.0.1 QUARKUS_HTTP_HOST=127.0.0.1
    exec setsid ./kurir up --data "$kurir_data" --smtp-port "$KURIR_SMTP_PORT" --submission-port -1 \
      --smtps-port -1 --http-port "$KURIR_HTTP_PORT"
  ) > "$work/kurir.log" 2>&1 &
  kurir_pid=$!
  local i port ready
  for i in $(seq 1 1800); do # up to 180 s (the first start may unpack PostgreSQL)
    kill -0 "$kurir_pid" 2>/dev/null || { tail -30 "$work/kurir.log" >&2; die "kurir up exited"; }
    ready=1
    for port in $(seq "$KURIR_HTTP_PORT" $((KURIR_HTTP_PORT + 3))); do
      curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { ready=0; break; }
    done
    [ "$ready" = 1 ] && [ -f "$kurir_data/stack.properties" ] && break
    sleep 0.1
  done
  [ "$ready" = 1 ] || { tail -30 "$work/kurir.log" >&2; die "Kurir did not become ready"; }
  await_banner "$KURIR_SMTP_PORT" 60 || die "Kurir did not answer 220 on 127.0.0.1:$KURIR_SMTP_PORT"
  kurir_pg_port="$(sed -n 's/^jdbc.url=.*127\.0\.0\.1\\:\([0-9]*\)\/.*/\1/p' "$kurir_data/stack.properties")"
  [ -n "$kurir_pg_port" ] || die "no PostgreSQL port in $kurir_data/stack.properties"
  (cd "$repo" && ./kurir user add "$USER_NAME" --password benchpass --data "$kurir_data") >> "$work/kurir.log" 2>&1 \
    || die "kurir user add failed"
}

kurir_sql() { psql -X -q -tA -h 127.0.0.1 -p "$kurir_pg_port" -U postgres -d kurir -c "$1"; }

kurir_delivered() {
  kurir_sql "select count(*) from messages m join mailboxes b on b.id = m.mailbox_id join accounts a on a.id = b.account_id
             where a.name = '$USER_NAME' and b.name = 'INBOX'"
}

# Sum of the gateway's kurir_smtp_replies_total over reply codes matching a regex, e.g. '^4'.
kurir_replies() {
  curl -sf "http://127.0.0.1:$KURIR_HTTP_PORT/q/metrics" \
    | awk -v re="$1" -F'[{}" ]+' '/^kurir_smtp_replies_total\{/ { if ($3 ~ re) s += $4 } END { printf "%d", s }'
}

# ---------------------------------------------------------------------------------------------- runs

await_banner() { # port, seconds: until the port answers 220
  local i line
  for i in $(seq 1 $(($2 * 10))); do
    line="$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && read -r l <&3 && printf "QUIT\r\n" >&3 && echo "$l"' _ "$1" 2>/dev/null || true)"
    [[ "$line" == 220* ]] && return 0
    sleep 0.1
  done
  return 1
}

now() { date +%s.%N; }

# Before a run: wait (at most QUIET_WAIT seconds) until the machine is less than QUIET_BUSY % busy over a
# second, so the tail of the previous run (delivery, a checkpoint, GC) does not land in this one. Other
# users of the machine may keep it busy anyway: the busy share is printed with each run.
await_quiet() {
  local i a b busy=100
  for i in $(seq 1 "$QUIET_WAIT"); do
    a="$(machine_ticks)"; sleep 1; b="$(machine_ticks)"
    busy="$(awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2] + 0.001) }')"
    [ "$busy" -lt "$QUIET_BUSY" ] && break
  done
  echo "$busy"
}

table="$RESULTS/results.md"
tsv="$RESULTS/results.tsv"

# run SERVER LABEL COUNT: smtp-source against SERVER, then wait until every message is delivered
run() {
  local server="$1" label="$2" count="$3"
  local port before load t0 t1 t2 rc=0 m0 m1 rej0 rej_4 rej_5 delivered queued target deadline
  local out="$RESULTS/$label-$server"
  if [ "$server" = postfix ]; then
    port="$POSTFIX_PORT"; before="$(postfix_delivered)"; rej0="$(postfix_rejects)"
  else
    port="$KURIR_SMTP_PORT"; before="$(kurir_delivered)"; rej_4="$(kurir_replies '^4')"; rej_5="$(kurir_replies '^5')"
  fi
  target=$((before + count))
  local quiet
  quiet="$(await_quiet)"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "$label: $server: $count messages, $SESSIONS sessions, $SIZE bytes; load average $load, machine $quiet % busy"
  cpu_snapshot "$server" > "$out.cpu0"
  m0="$(machine_ticks)"
  t0="$(now)"
  smtp-source -c -s "$SESSIONS" -l "$SIZE" -m "$count" -f "$SENDER" -t "$RCPT" "127.0.0.1:$port" \
    > "$out.smtp-source.out" 2> "$out.smtp-source.err" &
  source_pid=$!
  wait "$source_pid" || rc=$?
  source_pid=""
  t1="$(now)"
  # every message delivered; for Postfix: its queue is empty (local(8) removes a queue file only after
  # the mailbox append succeeded), counting the mailbox is too slow to poll
  deadline=$(awk -v t="$t1" -v d="$DRAIN_TIMEOUT" 'BEGIN { printf "%d", t + d }')
  while :; do
    if [ "$server" = postfix ]; then
      queued="$(postfix_queued)"
      [ "$queued" = 0 ] && break
    else
      delivered="$(kurir_delivered)"
      [ "$delivered" -ge "$target" ] && break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then log "$label: $server: still not delivered after ${DRAIN_TIMEOUT}s"; break; fi
    sleep 0.2
  done
  t2="$(now)"
  m1="$(machine_ticks)"
  cpu_snapshot "$server" > "$out.cpu1"
  local rejects
  if [ "$server" = postfix ]; then
    delivered="$(postfix_delivered)"
    rejects="$(( $(postfix_rejects) - rej0 )) (maillog)"
  else
    delivered="$(kurir_delivered)"
    rejects="$(( $(kurir_replies '^4') - rej_4 )) / $(( $(kurir_replies '^5') - rej_5 ))"
  fi
  local arrived=$((delivered - before)) errs accept_s drain_s rate e2e cpu busy
  errs="$(grep -c . "$out.smtp-source.err" || true)"
  accept_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
  drain_s="$(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')"
  rate="$(awk -v n="$count" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')"
  e2e="$(awk -v n="$count" -v a="$t0" -v b="$t2" 'BEGIN { printf "%.0f", n / (b - a) }')"
  busy="$(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]) }')"
  # CPU seconds per component over the run (accept and drain)
  local hz
  hz="$(getconf CLK_TCK)"
  paste -d' ' "$out.cpu0" "$out.cpu1" | awk -v hz="$hz" '{ printf "%s %.1f\n", $1, ($4 - $2) / hz }' > "$out.cpu"
  cpu="$(awk '{ s += $2 } END { printf "%.0f", s }' "$out.cpu")"
  log "$label: $server: accepted in ${accept_s}s (${rate} msg/s), all delivered after ${drain_s}s; arrived $arrived of $count; smtp-source rc $rc, $errs stderr lines; CPU $(tr '\n' ' ' < "$out.cpu")"
  printf '| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s / %s | %s | %s | %s |\n' \
    "$label" "$server" "$count" "$load" "$accept_s" "$rate" "$drain_s" "$e2e" "$arrived" "$rc" "$errs" "$rejects" "$cpu" "$quiet / $busy" >> "$table"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$server" "$count" "$SESSIONS" "$SIZE" "$load" \
    "$accept_s" "$rate" "$drain_s" "$arrived" "$rc" "$errs" "$rejects" "$cpu" "$quiet" "$busy" >> "$tsv"
  if [ "$server" = kurir ]; then
    echo "| $label | $(awk '{ printf "%s%s", sep, $2; sep = " | " }' "$out.cpu") |" >> "$RESULTS/kurir-cpu.md"
  fi
}

# ---------------------------------------------------------------------------------------------- main

install_tools
for p in "$POSTFIX_PORT" "$KURIR_SMTP_PORT" $(seq "$KURIR_HTTP_PORT" $((KURIR_HTTP_PORT + 3))); do
  port_free "$p" || die "port $p is in use (choose others with POSTFIX_PORT, KURIR_SMTP_PORT, KURIR_HTTP_PORT)"
done

{
  echo "# SMTP accept benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- command: \`smtp-source -c -s $SESSIONS -l $SIZE -m $MESSAGES -f $SENDER -t $RCPT 127.0.0.1:PORT\`, $ROUNDS rounds per server, alternating; warm-up $WARMUP messages each (not in the table)"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- Postfix $(postconf -d -h mail_version 2>/dev/null) (Debian package $(dpkg-query -W -f='${Version}' postfix 2>/dev/null))"
  echo "- Kurir $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (with local changes)'), $(java -version 2>&1 | head -1)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| run | server | messages | load avg before (1, 5, 15 min) | accept s | accepted msg/s | all delivered s | delivered msg/s | arrived | smtp-source rc / stderr lines | rejected (4xx / 5xx) | server CPU s | machine busy % before / during |"
  echo "|---|---|---:|---|---:|---:|---:|---:|---:|---|---|---:|---:|"
} > "$table"
printf 'run\tserver\tmessages\tsessions\tsize\tload\taccept_s\taccept_msg_per_s\tdelivered_s\tarrived\tsmtp_source_rc\tstderr_lines\trejected\tserver_cpu_s\tbusy_before_pct\tbusy_during_pct\n' > "$tsv"
printf '| run | smtp-gateway | rewrite-service | queue-service | delivery-service | postgresql | kafka+cli |\n|---|---:|---:|---:|---:|---:|---:|\n' > "$RESULTS/kurir-cpu.md"

setup_postfix
start_postfix
start_kurir

if [ "$WARMUP" -gt 0 ]; then
  saved_table="$table" saved_tsv="$tsv"
  table="$RESULTS/warmup.md" tsv="$RESULTS/warmup.tsv"
  run postfix warmup "$WARMUP"
  run kurir warmup "$WARMUP"
  table="$saved_table" tsv="$saved_tsv"
fi

for r in $(seq 1 "$ROUNDS"); do
  run postfix "round$r" "$MESSAGES"
  run kurir "round$r" "$MESSAGES"
done

# what arrived, all runs together: count, and duplicates by Message-Id (smtp-source numbers its messages)
expected=$((WARMUP + ROUNDS * MESSAGES))
pf_total="$(postfix_delivered)"
pf_unique="$({ grep -i '^Message-Id:' "$pf_mailbox" 2>/dev/null || true; } | sort -u | wc -l)"
pf_sent="$(grep -c 'status=sent' "$work/postfix/maillog" || true)"
pf_deferred="$(grep -c 'status=deferred' "$work/postfix/maillog" || true)"
pf_bounced="$(grep -c 'status=bounced' "$work/postfix/maillog" || true)"
pf_reject="$(grep -c 'NOQUEUE: reject' "$work/postfix/maillog" || true)"
k_total="$(kurir_delivered)"
k_unique="$(kurir_sql "select count(distinct substring(encode(substr(bl.data, 1, 4096), 'escape') from '(?i)message-id:\s*(<[^>]*>)'))
  from messages m join mailboxes b on b.id = m.mailbox_id join accounts a on a.id = b.account_id join blobs bl on bl.id = m.blob_id
  where a.name = '$USER_NAME' and b.name = 'INBOX'")"
k_4xx="$(kurir_replies '^4')"
k_5xx="$(kurir_replies '^5')"
{
  echo
  echo "Arrived, all runs including warm-up (expected $expected each):"
  echo
  echo "- Postfix: $pf_total in the mailbox, $pf_unique distinct Message-Ids; maillog: $pf_sent sent, $pf_deferred deferred, $pf_bounced bounced, $pf_reject rejected at SMTP"
  echo "- Kurir: $k_total in the INBOX, $k_unique distinct Message-Ids; gateway replies: $k_4xx 4xx, $k_5xx 5xx"
  echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Kurir CPU seconds per process over each run (accept and delivery):"
  echo
  cat "$RESULTS/kurir-cpu.md"
} >> "$table"
cat "$table"
