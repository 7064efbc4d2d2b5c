#!/usr/bin/env bash
# rewrite-service throughput: maildrop records in, incoming records out, rewrite-service alone.
# A local stack (./kurir up) runs with queue-service and delivery-service stopped (SIGSTOP), so that
# only cleanup works on the records; RewriteBench.java stores the raw queue files first (not measured),
# then puts N maildrop records on mail.maildrop as fast as Kafka takes them and times until cleanup's
# N records are on mail.incoming. Rounds without tables, then with header/body checks and aliases.
#
#   bench/rewrite-throughput/run.sh                     5,000 records of 4 KB, 2 rounds each way
#   MESSAGES=500 ROUNDS=1 WARMUP=500 bench/rewrite-throughput/run.sh   a quick check
#
# Environment (defaults in brackets): MESSAGES [5000] SIZE [4096] ROUNDS [2] WARMUP [3000]
#   KURIR_SMTP_PORT [24725] KURIR_HTTP_PORT [24781] (uses 4 ports from there)
#   RESULTS [bench/rewrite-throughput/results/<UTC time>]   KEEP=1 keeps the work directory
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
MESSAGES="${MESSAGES:-5000}"
SIZE="${SIZE:-4096}"
ROUNDS="${ROUNDS:-2}"
WARMUP="${WARMUP:-3000}"
KURIR_SMTP_PORT="${KURIR_SMTP_PORT:-24725}"
KURIR_HTTP_PORT="${KURIR_HTTP_PORT:-24781}"
RESULTS="${RESULTS:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}"
KEEP="${KEEP:-0}"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
for v in MESSAGES SIZE ROUNDS WARMUP KURIR_SMTP_PORT KURIR_HTTP_PORT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done

mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"
work="$(mktemp -d /tmp/kurir-rewrite-bench.XXXXXX)"
data="$work/kurir"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp="$repo/cli/target/kurir-cli.jar:$repo/cli/target/lib/*"

stopped=()
cleanup() {
  for p in "${stopped[@]}"; do kill -CONT "$p" 2>/dev/null || true; done
  if [ -n "${kurir_pid:-}" ]; then
    kill -TERM "$kurir_pid" 2>/dev/null || true
    for i in $(seq 1 600); do kill -0 "$kurir_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$kurir_pid" 2>/dev/null || true
  fi
  [ "$KEEP" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

log "building if needed, then starting Kurir (data $data)"
(cd "$repo" && ./kurir --version >/dev/null)
(
  cd "$repo"
  export KURIR_MYHOSTNAME=kurir.bench.test KURIR_SMTP_BIND_ADDRESS=127.0.0.1 QUARKUS_HTTP_HOST=127.0.0.1 KURIR_BUILD=never
  exec setsid ./kurir up --data "$data" --smtp-port "$KURIR_SMTP_PORT" --submission-port -1 --smtps-port -1 \
    --http-port "$KURIR_HTTP_PORT"
) > "$work/kurir.log" 2>&1 &
kurir_pid=$!
ready=0
for i in $(seq 1 1800); do
  kill -0 "$kurir_pid" 2>/dev/null || { tail -30 "$work/kurir.log" >&2; die "kurir up exited"; }
  ready=1
  for port in $(seq "$KURIR_HTTP_PORT" $((KURIR_HTTP_PORT + 3))); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { ready=0; break; }
  done
  [ "$ready" = 1 ] && [ -f "$data/stack.properties" ] && break
  sleep 0.1
done
[ "$ready" = 1 ] || { tail -30 "$work/kurir.log" >&2; die "Kurir did not become ready"; }

pid_of() { pgrep -f -- "$repo/$1/target/quarkus-app/quarkus-run.jar" | head -1; }
rewrite_pid="$(pid_of rewrite-service)"
[ -n "$rewrite_pid" ] || die "rewrite-service is not running"
for s in queue-service delivery-service; do
  p="$(pid_of "$s")"; [ -n "$p" ] || die "$s is not running"
  kill -STOP "$p"; stopped+=("$p")
done
log "queue-service and delivery-service stopped; rewrite-service is pid $rewrite_pid"

cpu_s() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; } # utime + stime, clock ticks of 1/100 s

round() { # TAG N -> appends "tag n seconds rate cpu" to the table
  local before after line
  before="$(cpu_s "$rewrite_pid")"
  line="$("$java" -cp "$cp" "$here/RewriteBench.java" "$data/stack.properties" "$2" "$SIZE" "$1" 2>> "$work/bench-java.log" | tail -1)"
  after="$(cpu_s "$rewrite_pid")"
  [[ "$line" =~ ^$1\  ]] || die "RewriteBench said: $line"
  echo "$line $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.1f", a - b }')"
}

kurir() { (cd "$repo" && KURIR_BUILD=never ./kurir "$@" --data "$data") >> "$work/kurir.log" 2>&1; }

table="$RESULTS/results.md"
{
  echo "| tables | round | records | seconds | records/s | rewrite-service CPU-s |"
  echo "|---|---|---|---|---|---|"
} > "$table"
if [ "$WARMUP" -gt 0 ]; then
  log "warm-up: $WARMUP records (not measured)"
  round BW "$WARMUP" > /dev/null
fi
for r in $(seq 1 "$ROUNDS"); do
  log "round $r without tables: $MESSAGES records"
  read -r tag n s rate cpu <<< "$(round "BP$r" "$MESSAGES")"
  echo "| none | $r | $n | $s | $rate | $cpu |" >> "$table"
done

# Postfix-style tables an administrator would have: header and body checks that never match, aliases
cat > "$work/header_checks" <<'CHECKS'
/^Subject:.*(viagra|cialis|lottery|winner)/      REJECT spam
/^Subject:.*\[SPAM\]/                             DISCARD
/^X-Mailer: (Mass|Group|Bulk) Mail/               HOLD bulk mailer
/^Content-(Disposition|Type):.*name="?[^"]*\.(exe|scr|bat|com|pif|vbs)"?/ REJECT executable attachment
/^From:.*@(spam|junk)\.test/                      REJECT
/^Received:.*\[(10\.66\.|192\.0\.2\.)/             WARN odd relay
/^X-Spam-Flag: YES/                               HOLD
/^Subject: =\?[^?]+\?B\?.{200,}/                  WARN long encoded subject
CHECKS
cat > "$work/body_checks" <<'CHECKS'
/click here to (claim|unsubscribe)/               HOLD
/^(Transfer|Send) the fee to/                      REJECT fraud
/bit\.ly\/[a-z0-9]{6,}/                            WARN shortened link
/<script[^>]*>/                                    REJECT script in mail
CHECKS
printf 'postmaster: root\nroot: bench\nstaf: bench, budi, cici\n' > "$work/aliases"
kurir checks import header "$work/header_checks" || die "checks import failed"
kurir checks import body "$work/body_checks" || die "checks import failed"
kurir aliases import "$work/aliases" || die "aliases import failed"
round BT 500 > /dev/null # cleanup sees the tables within 5 s; this round is not measured
for r in $(seq 1 "$ROUNDS"); do
  log "round $r with checks and aliases: $MESSAGES records"
  read -r tag n s rate cpu <<< "$(round "BC$r" "$MESSAGES")"
  echo "| 8 header + 4 body checks, aliases | $r | $n | $s | $rate | $cpu |" >> "$table"
done
{
  echo
  echo "Kurir $(git -C "$repo" rev-parse --short HEAD), $(nproc) cores, $SIZE-byte messages, warm-up $WARMUP records."
} >> "$table"
cat "$table"
