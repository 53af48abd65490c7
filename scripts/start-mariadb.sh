#!/usr/bin/env bash
# Starts a throwaway MariaDB on 127.0.0.1:$1 (default 3307) under directory $2, without systemd,
# creates the databases `engine` and `app` and one account, and prints the environment that points
# the engine and the app at it (eval it). Stop it with: mariadb-admin --socket=$2/mysqld.sock -uroot shutdown
set -euo pipefail
PORT=${1:-3307}
DIR=${2:-$(mktemp -d /tmp/linkage-mariadb.XXXXXX)}
mkdir -p "$DIR"
mariadb-install-db --no-defaults --user=root --datadir="$DIR/data" --auth-root-authentication-method=normal >"$DIR/install.log" 2>&1
(mariadbd --no-defaults --user=root --datadir="$DIR/data" --socket="$DIR/mysqld.sock" --pid-file="$DIR/mysqld.pid" \
  --port="$PORT" --bind-address=127.0.0.1 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --max-connections=300 >"$DIR/server.log" 2>&1 &)
for _ in $(seq 1 120); do mariadb-admin --socket="$DIR/mysqld.sock" -uroot ping >/dev/null 2>&1 && break; sleep 0.5; done
mariadb-admin --socket="$DIR/mysqld.sock" -uroot ping >/dev/null 2>&1 || { echo "MariaDB did not start:" >&2; tail -20 "$DIR/server.log" >&2; exit 1; }
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
mariadb --socket="$DIR/mysqld.sock" -uroot <<SQL
CREATE DATABASE engine CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE app CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'linkage'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
GRANT ALL ON engine.* TO 'linkage'@'127.0.0.1';
GRANT ALL ON app.* TO 'linkage'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
echo "export ENGINE_DB_URL='jdbc:mariadb://127.0.0.1:$PORT/engine' ENGINE_DB_USER=linkage ENGINE_DB_PASSWORD='$PASSWORD'"
echo "export DATABASE_URL='mysql://linkage:$PASSWORD@127.0.0.1:$PORT/app' MARIADB_SOCKET='$DIR/mysqld.sock' MARIADB_DIR='$DIR'"
