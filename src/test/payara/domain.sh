#!/usr/bin/env bash
# Makes the Payara Server domain of the integration tests: a new domain on free ports, configured
# with server-config/payara/post-boot-commands.asadmin exactly as the README tells users to
# (asadmin multimode --file), then with the test settings of test-domain.asadmin. The domain is
# left stopped: the Arquillian adapter starts it, so the thread pool settings take effect.
#   domain.sh PAYARA_HOME ADMIN HTTP HTTPS JMS JMX IIOP IIOP_SSL IIOP_MUTUAL OSGI DEBUGGER
# (ports, all free: a domain opens each of them)
set -euo pipefail
home=$(realpath "$1") admin=$2
asadmin="$home/bin/asadmin"
domain=relay
here=$(dirname "$0")
config=$here/../../../server-config/payara

"$asadmin" delete-domain "$domain" >/dev/null 2>&1 || true
"$asadmin" create-domain --nopassword=true --domainproperties \
    "domain.adminPort=$2:domain.instancePort=$3:http.ssl.port=$4:jms.port=$5:domain.jmxPort=$6:orb.listener.port=$7:orb.ssl.port=$8:orb.mutualauth.port=$9:osgi.shell.telnet.port=${10}:java.debugger.port=${11}" \
    "$domain" >/dev/null
"$asadmin" start-domain "$domain" >/dev/null
trap '"$asadmin" stop-domain "$domain" >/dev/null' EXIT
# asadmin's multimode reports success even when one of its commands failed: read what it says.
apply() {
    local out; out=$("$asadmin" --port "$admin" multimode --file "$1" 2>&1) || true
    if grep -q "failed\.$" <<<"$out"; then
        echo "$out" >&2
        echo "A command of $1 failed" >&2
        exit 1
    fi
}
apply "$config/post-boot-commands.asadmin"
apply "$here/test-domain.asadmin"
echo "Payara Server domain $domain configured: admin port $admin, HTTP port $3"
