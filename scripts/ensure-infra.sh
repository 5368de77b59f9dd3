#!/usr/bin/env bash
# Makes sure the local PostgreSQL and NATS JetStream that tests use are up; starts them when they are installed but stopped.
set -euo pipefail

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
nats_up() { (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  else
    echo "PostgreSQL is not reachable on 127.0.0.1:5432 and not installed: apt-get install postgresql" >&2
    exit 1
  fi
fi
if ! nats_up; then
  if [ -x /usr/sbin/nats-server ]; then
    echo "starting nats-server with JetStream"
    mkdir -p /var/lib/nats-server
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server
  else
    echo "NATS is not reachable on 127.0.0.1:4222 and nats-server is not installed: apt-get install nats-server" >&2
    exit 1
  fi
fi
for _ in $(seq 1 50); do pg_up && nats_up && exit 0; sleep 0.2; done
echo "PostgreSQL or NATS did not come up" >&2
exit 1
