# Shared steps of the two quick-start commands (scripts/demo.sh, scripts/test.sh).
# Each step is idempotent: on a prepared machine it only checks.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# Debian packages the console and its tests use: Net-SNMP (agents and reference tools),
# Chromium and a CJK font for browser tests, iproute2 for the network-namespace labs.
ensure_debian_packages() {
  local missing=()
  command -v snmpd >/dev/null || missing+=(snmpd)
  command -v snmpbulkwalk >/dev/null || missing+=(snmp)
  # The reference receiver of bench/detection_latency.ts.
  command -v snmptrapd >/dev/null || missing+=(snmptrapd)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v ip >/dev/null || missing+=(iproute2)
  # Flow intake is compared with softflowd's exports and nfdump's reading, on captures Debian ships.
  command -v softflowd >/dev/null || missing+=(softflowd)
  command -v nfdump >/dev/null || missing+=(nfdump)
  command -v tcpdump >/dev/null || missing+=(tcpdump)
  # The real peer of the security syslog receiver (run with its own config, never the system's).
  command -v rsyslogd >/dev/null || missing+=(rsyslog)
  # Line quality: fping is the reference prober, nftables drops probes at random in the tests.
  command -v fping >/dev/null || missing+=(fping)
  command -v nft >/dev/null || missing+=(nftables)
  # The programme review's PDF is read back as text (pdftotext) to check it carries the JSON's figures.
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  [ -d /usr/share/doc/python3-dpkt/examples/data ] || missing+=(python3-dpkt)
  [ -d /usr/share/gocode/src/github.com/google/gopacket ] || missing+=(golang-github-google-gopacket-dev)
  [ -d /usr/share/doc/pcapfix/examples ] || missing+=(pcapfix)
  fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# PostgreSQL and Redis run as local services on this kind of machine; start them if stopped.
ensure_services() {
  if ! pg_isready -q -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h "${DB_HOST:-127.0.0.1}" && break; sleep 1; done
  fi
  if ! redis-cli -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}" ping >/dev/null 2>&1; then
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/gsn.log
    for _ in $(seq 1 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
  fi
}

# Dependencies come from package-lock.json (resolved under Node 24); the project's own Node 24
# (the `node` devDependency) then goes first on PATH for everything after.
ensure_node_modules() {
  cd "$ROOT"
  if [ -L node_modules ]; then
    # A checkout sharing another's dependencies (a git worktree): npm ci would empty the directory
    # the link points at, under every other checkout using it. That checkout installs them.
    [ -x node_modules/.bin/node ] || { say "node_modules links to $(readlink node_modules), which holds no installed dependencies: run npm ci there"; exit 1; }
  elif [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
}

ensure_ui_build() {
  cd "$ROOT"
  if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/vite.config.ts -newer ui/dist/index.html 2>/dev/null | head -1)" ]; then
    say "building the UI"
    npm run --silent build:ui >/dev/null
  fi
}
