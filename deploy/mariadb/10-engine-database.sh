#!/bin/bash
# Runs once, when the MariaDB volume is first initialised (official image, /docker-entrypoint-initdb.d):
# the engine's own database and account beside the app's (MARIADB_DATABASE / MARIADB_USER).
set -euo pipefail
mariadb -uroot -p"${MARIADB_ROOT_PASSWORD}" <<SQL
CREATE DATABASE IF NOT EXISTS engine CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'engine'@'%' IDENTIFIED BY '${ENGINE_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON engine.* TO 'engine'@'%';
FLUSH PRIVILEGES;
SQL
