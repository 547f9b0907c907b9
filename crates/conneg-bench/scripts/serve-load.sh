#!/usr/bin/env bash
# Load test of `conneg serve` beside nginx and Apache MultiViews, on loopback:
#   bash crates/conneg-bench/scripts/serve-load.sh [ROUNDS] [SECONDS]
# Needs wrk, nginx and apache2 (Debian packages) and taskset. Each server runs pinned to
# core 0 with one worker, wrk to core 1 (-t1 -c32, no pipelining); the four targets are
# measured in interleaved rounds and the median of each is printed, with the non-2xx count.
# With MEMORY=1 it also loads conneg for 60 s and prints its resident memory before and
# after. Every process it starts is stopped by PID when it exits.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rounds=${1:-3}
seconds=${2:-10}
cd "$(dirname "$0")/../../.."
cargo build -q --release -p conneg-cli
conneg=$PWD/target/release/conneg

work=$(mktemp -d /tmp/conneg-load.XXXXXX)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

# The site: a small page in two languages and its Markdown twin (about 860 bytes each).
mkdir -p "$work/site"
body=$(printf '<p>%s</p>\n' $(seq 1 100) | head -c 820)
printf '<!doctype html><title>en</title>\n%s\n' "$body" > "$work/site/news.en.html"
printf '<!doctype html><title>de</title>\n%s\n' "$body" > "$work/site/news.de.html"
printf '# en\n%s\n' "$body" > "$work/site/news.en.md"
chmod -R a+rX "$work"

taskset -c 0 "$conneg" serve "$work/site" --listen 127.0.0.1:3951 --quiet >/dev/null &
pids+=($!)

mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:3952; root $work/site; }
}
CONF
taskset -c 0 nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null &
pids+=($!)

mkdir -p "$work/apache"
m=/usr/lib/apache2/modules
cat > "$work/apache/httpd.conf" <<CONF
ServerRoot $work/apache
ServerName localhost
Listen 127.0.0.1:3953
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule mime_module $m/mod_mime.so
LoadModule negotiation_module $m/mod_negotiation.so
User www-data
Group www-data
PidFile $work/apache/httpd.pid
ErrorLog $work/apache/error.log
TypesConfig /etc/mime.types
AddLanguage en .en
AddLanguage de .de
AddType text/markdown .md
StartServers 1
ServerLimit 1
ThreadsPerChild 64
MaxRequestWorkers 64
DocumentRoot $work/site
<Directory $work/site>
  Options +MultiViews
  Require all granted
</Directory>
CONF
taskset -c 0 apache2 -f "$work/apache/httpd.conf" -DFOREGROUND &
pids+=($!)

for port in 3951 3952 3953; do
  wait_for "http://127.0.0.1:$port/"
done

accept='Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
language='Accept-Language: en-US,en;q=0.9'
targets=(
  "conneg, negotiated /news|http://127.0.0.1:3951/news"
  "conneg, direct /news.en.html|http://127.0.0.1:3951/news.en.html"
  "nginx, direct /news.en.html|http://127.0.0.1:3952/news.en.html"
  "Apache MultiViews, negotiated /news|http://127.0.0.1:3953/news"
)
for t in "${targets[@]}"; do
  url=${t#*|}
  got=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' -H "$accept" -H "$language" "$url")
  echo "check: ${t%%|*}: $got"
done

declare -A results
for round in $(seq "$rounds"); do
  for t in "${targets[@]}"; do
    name=${t%%|*}
    url=${t#*|}
    read -r rps bad < <(wrk_round "$seconds" "$url" -H "$accept" -H "$language")
    results[$name]+="$rps "
    echo "round $round: $name: $rps req/s, non-2xx: $bad"
  done
done

echo
echo "| target | req/s (median of $rounds x ${seconds}s) |"
echo "|---|---:|"
for t in "${targets[@]}"; do
  name=${t%%|*}
  echo "| $name | $(median "${results[$name]}") |"
done

if [ "${MEMORY:-0}" = 1 ]; then
  pid=${pids[0]}
  before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  taskset -c 1 wrk -t1 -c32 -d60s -H "$accept" -H "$language" http://127.0.0.1:3951/news | grep -E "Requests/sec|Non-2xx" || true
  after=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  echo "conneg serve resident memory: ${before} kB before, ${after} kB after 60 s of load"
fi
