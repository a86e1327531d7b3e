# Sourced by .ci/run: a real PostgreSQL for the store tests (tests/helpcenter/store, collector
# faults, report equality). Installs Debian's server where missing, starts the cluster, makes a
# test role and exports the URL the tests read. The server refuses to run as root, so roles are
# made as the packaged `postgres` user.
if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  echo "Installing Debian packages: postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
read -r pg_version pg_cluster pg_port _ < <(pg_lsclusters -h | head -n 1)
pg_ctlcluster "$pg_version" "$pg_cluster" start 2>/dev/null || true   # already running is fine
pg_ctlcluster "$pg_version" "$pg_cluster" status >/dev/null
# Superuser: the fault tests restart the server, make a read-only database and a full tablespace.
runuser -u postgres -- psql -q -p "$pg_port" -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE helpcenter_test' WHERE NOT EXISTS
  (SELECT 1 FROM pg_roles WHERE rolname = 'helpcenter_test') \gexec
ALTER ROLE helpcenter_test WITH LOGIN SUPERUSER PASSWORD 'helpcenter_test';
SQL
export HELPCENTER_TEST_POSTGRES_URL="postgresql://helpcenter_test:helpcenter_test@127.0.0.1:${pg_port}/postgres"
export HELPCENTER_TEST_POSTGRES_CLUSTER="$pg_version $pg_cluster"
echo "PostgreSQL $pg_version/$pg_cluster on port $pg_port for the tests"
