#!/usr/bin/env bash
# Starts Debian's PgBouncer in pool_mode=transaction on 127.0.0.1:${PGBOUNCER_PORT:-6432} in front of
# the test PostgreSQL (TEST_DATABASE_URL, default postgres@127.0.0.1:5432), like a managed database's
# pooled connection string. Idempotent: does nothing when something already listens on the port.
# Installs the package when missing (needs root or passwordless sudo). Prints the pooler's URL.
set -euo pipefail
port=${PGBOUNCER_PORT:-6432}
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
listening() { (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; }
server=${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
# user[:password]@host:port of the server, from the URL
rest=${server#*://}; cred=${rest%%@*}; hostport=${rest#*@}; hostport=${hostport%%/*}
user=${cred%%:*}; password=""; [ "$cred" != "$user" ] && password=${cred#*:}
host=${hostport%%:*}; pgport=${hostport##*:}; [ "$pgport" = "$hostport" ] && pgport=5432
if ! listening; then
  if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
  fi
  dir=/tmp/holdfast-pgbouncer-$port
  $SUDO mkdir -p "$dir"
  $SUDO tee "$dir/pgbouncer.ini" >/dev/null <<INI
[databases]
* = host=$host port=$pgport user=$user${password:+ password=$password}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
; a client that sends a session startup parameter it relies on fails loudly (only pg's harmless one is dropped)
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  # PgBouncer refuses to run as root: run it as the postgres system user when there is one.
  runas=()
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then chown -R postgres "$dir"; runas=(runuser -u postgres --); fi
  $SUDO "${runas[@]}" /usr/sbin/pgbouncer -d "$dir/pgbouncer.ini"
  for _ in $(seq 1 40); do listening && break; sleep 0.25; done
  listening || { echo "pgbouncer did not start on 127.0.0.1:$port (see $dir/pgbouncer.log)" >&2; exit 1; }
fi
echo "postgresql://${user}${password:+:$password}@127.0.0.1:$port/postgres"
