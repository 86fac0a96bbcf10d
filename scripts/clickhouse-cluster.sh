#!/usr/bin/env bash
# A two-shard ClickHouse cluster on this machine for the distributed counting adapter's tests
# (src/detect/sql/clickhouse-engine.test.ts): two clickhouse-server processes, each with its own data
# folder and ports, and a `remote_servers` cluster named `lockstep` listing both, so a Distributed
# table on either spreads rows over the two. Nothing else (no ZooKeeper: the adapter creates each
# shard's tables through that shard's own URL).
#
#   scripts/clickhouse-cluster.sh start    # idempotent: a shard that answers is left running
#   scripts/clickhouse-cluster.sh stop
#   scripts/clickhouse-cluster.sh status   # prints the URLs the tests read (LOCKSTEP_TEST_CLICKHOUSE)
#
# Folder: $LOCKSTEP_CLICKHOUSE_DIR (default /tmp/lockstep-clickhouse); HTTP ports 18123 and 18124,
# native (shard-to-shard) ports 19000 and 19001, listening on 127.0.0.1 only. Works as any user
# (clickhouse-server runs as the caller; no sudo), with no stdin.
set -euo pipefail

dir="${LOCKSTEP_CLICKHOUSE_DIR:-/tmp/lockstep-clickhouse}"
http_ports=(18123 18124)
tcp_ports=(19000 19001)
server="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"

urls() {
  local IFS=,
  local u=()
  for p in "${http_ports[@]}"; do u+=("http://127.0.0.1:$p"); done
  echo "${u[*]}"
}

answers() { curl -sf --max-time 2 "http://127.0.0.1:$1/ping" >/dev/null 2>&1; }

write_config() {
  local i=$1 shard="$dir/shard$1"
  mkdir -p "$shard/data" "$shard/tmp" "$shard/user_files" "$shard/log"
  cat >"$shard/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
  </interval></default></quotas>
</yandex>
EOF
  cat >"$shard/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$shard/log/server.log</log><errorlog>$shard/log/error.log</errorlog>
    <size>100M</size><count>2</count></logger>
  <http_port>${http_ports[$i]}</http_port>
  <tcp_port>${tcp_ports[$i]}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <max_connections>256</max_connections>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <path>$shard/data/</path>
  <tmp_path>$shard/tmp/</tmp_path>
  <user_files_path>$shard/user_files/</user_files_path>
  <users_config>$shard/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <lockstep>
      <shard><replica><host>127.0.0.1</host><port>${tcp_ports[0]}</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>${tcp_ports[1]}</port></replica></shard>
    </lockstep>
  </remote_servers>
</yandex>
EOF
}

start() {
  if [[ ! -x "$server" ]]; then
    echo "clickhouse-server is not installed (Debian: apt-get install clickhouse-server)" >&2
    exit 1
  fi
  for i in 0 1; do
    answers "${http_ports[$i]}" && continue
    write_config "$i"
    # --daemon detaches and writes the pid file; stdin is not read.
    "$server" --daemon --config-file="$dir/shard$i/config.xml" --pid-file="$dir/shard$i/server.pid" \
      </dev/null >"$dir/shard$i/log/stdout.log" 2>&1
  done
  for i in 0 1; do
    for _ in $(seq 1 60); do
      answers "${http_ports[$i]}" && break
      sleep 0.5
    done
    if ! answers "${http_ports[$i]}"; then
      echo "ClickHouse shard $i did not start; its log:" >&2
      tail -20 "$dir/shard$i/log/error.log" "$dir/shard$i/log/stdout.log" >&2 || true
      exit 1
    fi
  done
  echo "ClickHouse two-shard cluster 'lockstep' up: $(urls)"
}

stop() {
  for i in 0 1; do
    local pidfile="$dir/shard$i/server.pid"
    [[ -f "$pidfile" ]] || continue
    local pid
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    rm -f "$pidfile"
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status)
    for i in 0 1; do answers "${http_ports[$i]}" || { echo "shard $i down" >&2; exit 1; }; done
    urls
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
