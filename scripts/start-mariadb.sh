#!/usr/bin/env bash
# Starts a throwaway MariaDB on 127.0.0.1:$1 (default 3307) under directory $2, without systemd,
# creates the databases `engine` and `app` and one account, and prints the environment that points
# the engine and the app at it (eval it). Stop it with: mariadb-admin --socket=$2/mysqld.sock -uroot shutdown
# Run again on the same directory it restarts the server on the existing data: the databases, the
# account and its password (kept in $2/password, readable by its owner only) stay as they were.
set -euo pipefail
PORT=${1:-3307}
DIR=${2:-$(mktemp -d /tmp/linkage-mariadb.XXXXXX)}
mkdir -p "$DIR"
if [ ! -d "$DIR/data/mysql" ]; then
  mariadb-install-db --no-defaults --user=root --datadir="$DIR/data" --auth-root-authentication-method=normal >"$DIR/install.log" 2>&1
fi
if mariadb-admin --socket="$DIR/mysqld.sock" -uroot ping >/dev/null 2>&1; then
  echo "MariaDB is already running on $DIR/mysqld.sock" >&2
else
  (mariadbd --no-defaults --user=root --datadir="$DIR/data" --socket="$DIR/mysqld.sock" --pid-file="$DIR/mysqld.pid" \
    --port="$PORT" --bind-address=127.0.0.1 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=300 >>"$DIR/server.log" 2>&1 &)
fi
for _ in $(seq 1 120); do mariadb-admin --socket="$DIR/mysqld.sock" -uroot ping >/dev/null 2>&1 && break; sleep 0.5; done
mariadb-admin --socket="$DIR/mysqld.sock" -uroot ping >/dev/null 2>&1 || { echo "MariaDB did not start:" >&2; tail -20 "$DIR/server.log" >&2; exit 1; }
if [ -s "$DIR/password" ]; then
  PASSWORD=$(cat "$DIR/password")
else
  PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  (umask 077; printf '%s' "$PASSWORD" >"$DIR/password")
fi
mariadb --socket="$DIR/mysqld.sock" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS engine CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS app CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'linkage'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
GRANT ALL ON engine.* TO 'linkage'@'127.0.0.1';
GRANT ALL ON app.* TO 'linkage'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
echo "export ENGINE_DB_URL='jdbc:mariadb://127.0.0.1:$PORT/engine' ENGINE_DB_USER=linkage ENGINE_DB_PASSWORD='$PASSWORD'"
echo "export DATABASE_URL='mysql://linkage:$PASSWORD@127.0.0.1:$PORT/app' MARIADB_SOCKET='$DIR/mysqld.sock' MARIADB_DIR='$DIR'"
