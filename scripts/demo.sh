#!/usr/bin/env bash
# The demo (`npm run demo`): the whole console on the demo network, from a fresh machine.
# Starts PostgreSQL and Redis if they are down, installs the npm dependencies, creates and
# migrates the database, loads the demo data set if the database is empty, builds the UI, then
# runs the server in the foreground until Ctrl-C. Environment: PORT (3333), DB_DATABASE (gsn),
# DEMO_PASSWORD (gsn-demo-2026), and the DB_* / REDIS_* settings of start/env.ts.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export PORT="${PORT:-3333}"
export DB_DATABASE="${DB_DATABASE:-gsn}"
export DEMO_PASSWORD="${DEMO_PASSWORD:-gsn-demo-2026}"

# Every process this script starts in the background; all are stopped when it exits.
BACKGROUND_PIDS=()
stop_background() {
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${BACKGROUND_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_background EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_background NAME COMMAND...: runs COMMAND with its output prefixed by NAME.
start_background() {
  local name="$1"
  shift
  "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  BACKGROUND_PIDS+=("$!")
}

# ------------------------------------------------------------------------------------------------
# Collectors and workers, one start_background each; they are stopped with the server when the
# demo ends.
start_workers() {
  # The simulated GSN: an SNMP agent on every demo device's 127.x.y.z address (port 161, so this
  # needs root), with the day's traffic and a weekly calendar of outages, flaps, congestion and
  # silent devices; its devices send linkDown/linkUp/coldStart traps to the collector's trap port.
  # What fails and recovers is logged as JSON lines to tmp/demo-network.log.
  mkdir -p "$ROOT/tmp"
  # The uplink routers also export their flows (NetFlow v9 from the Cisco ones, IPFIX from the
  # Juniper ones) every 10 s to the flow collector.
  start_background network node ace demo:network --log-file "$ROOT/tmp/demo-network.log" \
    --trap-sink "127.0.0.1:${DEMO_TRAPS_PORT:-1162}" --flow-sink "127.0.0.1:${DEMO_FLOWS_PORT:-2055}"
  # The flow collector decodes and counts (the Flow exporters page and /metrics show its counters
  # per exporter) and queues the flows in batches; flows:work enriches and stores them, and
  # flows:maintain keeps the partitions ahead and applies retention.
  start_background flows node ace flows:collect --host 127.0.0.1 --port "${DEMO_FLOWS_PORT:-2055}"
  start_background flow-store node ace flows:work
  start_background flow-partitions node ace flows:maintain --every 3600
  # Security events (flows:work's detections, liaisons' reports) are grouped into one security
  # incident per attack, routed to G-ISAC.
  start_background security node ace security:work
  # Retention of security events and sightings (SECURITY_EVENTS_DAYS), open incidents' evidence kept.
  start_background security-retention node ace security:maintain --every 3600
  # Link monitoring: the monitoring worker writes samples, states and incidents and keeps the
  # poll schedule in step with the devices table; the collector polls and receives traps.
  start_background monitoring node ace monitoring:work
  start_background collector node ace collector:run --traps-port "${DEMO_TRAPS_PORT:-1162}"
  # E-mail and webhook notifications of the channels set up under Notification channels (live
  # events reach the browsers without it), and the 5 min / 1 h / 1 day rollups with retention.
  start_background notifications node ace notifications:work
  start_background samples node ace samples:maintain --every 300
}
# ------------------------------------------------------------------------------------------------

prepare_database() {
  say "database $DB_DATABASE"
  node --input-type=module -e '
    import pg from "pg"
    const client = new pg.Client({
      host: process.env.DB_HOST ?? "127.0.0.1", port: Number(process.env.DB_PORT ?? 5432),
      user: process.env.DB_USER ?? "postgres", password: process.env.DB_PASSWORD || undefined,
      database: "postgres",
    })
    await client.connect()
    const name = process.env.DB_DATABASE
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll("\"", "\"\"")}"`)
    await client.end()
  '
  # As the schema's owner; the console itself runs under a role that owns nothing (DB_USER).
  node ace migration:run --force --connection owner
  node ace demo:seed --if-empty
}

wait_for_health() {
  local url="http://127.0.0.1:$PORT/api/health"
  for _ in $(seq 1 120); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      say "the server stopped before it answered $url"
      return 1
    fi
    sleep 0.5
  done
  say "no answer from $url after 60 s"
  return 1
}

print_logins() {
  # The same accounts as DEMO_USERS in app/demo/data_set.ts.
  cat <<EOF

  GSN Console demo: http://localhost:$PORT/

  login               role                       password
  admin@gsn.demo      admin                      $DEMO_PASSWORD
  noc@gsn.demo        noc                        $DEMO_PASSWORD
  analyst@gsn.demo    analyst (G-ISAC)           $DEMO_PASSWORD
  cio@gsn.demo        cio                        $DEMO_PASSWORD
  auditor@gsn.demo    auditor                    $DEMO_PASSWORD
  liaison@gsn.demo    agency liaison (交通部)    $DEMO_PASSWORD

  交通部's threat-intelligence tool pulls the sharing group's indicators over TAXII 2.1 with
  the access token seeded for it (\`node ace demo:tool-token\` prints it again):
  curl -u tool:${TOOL_TOKEN:-<node ace demo:tool-token>} -H 'Accept: application/taxii+json;version=2.1' http://localhost:$PORT/taxii2/gsn/collections/

  Ctrl-C stops the server.

EOF
}

# port_free tcp|udp PORT: whether this machine can listen there (asked of the kernel by binding).
port_free() {
  node --input-type=module -e '
    import net from "node:net"
    import dgram from "node:dgram"
    const [kind, port] = process.argv.slice(1)
    const fail = () => process.exit(1)
    if (kind === "tcp") {
      const server = net.createServer().once("error", fail)
      server.listen(Number(port), process.env.HOST || "0.0.0.0", () => server.close(() => process.exit(0)))
    } else {
      const socket = dgram.createSocket("udp4").once("error", fail)
      socket.bind(Number(port), "127.0.0.1", () => socket.close(() => process.exit(0)))
    }
  ' "$1" "$2"
}

# Before anything starts: a taken port would otherwise fail the server after the URL is printed.
check_ports() {
  if ! port_free tcp "$PORT"; then
    say "port $PORT is taken (another demo, or another program, listens there): choose another with PORT=3334 npm run demo"
    exit 1
  fi
  if ! port_free udp "${DEMO_TRAPS_PORT:-1162}"; then
    say "UDP port ${DEMO_TRAPS_PORT:-1162}, where the collector receives the demo's traps, is taken: choose another with DEMO_TRAPS_PORT=1163 npm run demo"
    exit 1
  fi
  if ! port_free udp "${DEMO_FLOWS_PORT:-2055}"; then
    say "UDP port ${DEMO_FLOWS_PORT:-2055}, where the flow collector receives the demo's NetFlow and IPFIX, is taken: choose another with DEMO_FLOWS_PORT=2056 npm run demo"
    exit 1
  fi
}

ensure_services
ensure_node_modules
cd "$ROOT"
check_ports
prepare_database
ensure_ui_build

say "starting the server on port $PORT"
# TypeScript runs as it is (no build, no file watcher).
node --import=@poppinss/ts-exec bin/server.ts &
SERVER_PID=$!
BACKGROUND_PIDS+=("$SERVER_PID")
wait_for_health
start_workers
# The demo agency tool's TAXII token, worked out from DEMO_PASSWORD and checked against its hash.
TOOL_TOKEN="$(node ace demo:tool-token 2>/dev/null || true)"
print_logins
# The server's own exit status (non-zero if it failed) is the demo's.
set +e
wait "$SERVER_PID"
status=$?
set -e
exit "$status"
