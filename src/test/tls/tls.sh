#!/usr/bin/env bash
# TLS for the integration tests, made the way docs/operations.md tells users:
#   tls.sh <target dir> <WildFly home>
# - a throwaway certificate for localhost and 127.0.0.1 (EC P-256, two days), in <target>/tls/relay.p12,
#   password change-me: Payara Micro reads it with -Djavax.net.ssl.keyStore and --sslcert relay,
#   and the tests trust it;
# - the WildFly of the tests gets it at standalone/configuration/relay.p12 and is configured with
#   server-config/wildfly/configure-tls.cli, offline (embedded), as that file's own batch.
set -euo pipefail

target=$1
wildfly=$2
keystore=$target/tls/relay.p12
password=change-me

mkdir -p "$target/tls"
rm -f "$keystore"
keytool -genkeypair -alias relay -keyalg EC -groupname secp256r1 -dname CN=localhost \
    -ext SAN=dns:localhost,ip:127.0.0.1 -validity 2 -storetype PKCS12 \
    -keystore "$keystore" -storepass "$password" -keypass "$password" >/dev/null 2>&1

cp "$keystore" "$wildfly/standalone/configuration/relay.p12"
if grep -q 'key-store name="relayKS"' "$wildfly/standalone/configuration/standalone-microprofile.xml"; then
    exit 0
fi
offline=$target/tls/configure-tls-offline.cli
{
    echo 'embed-server --server-config=standalone-microprofile.xml --std-out=discard'
    cat server-config/wildfly/configure-tls.cli
    echo 'stop-embedded-server'
} > "$offline"
JBOSS_HOME=$wildfly "$wildfly/bin/jboss-cli.sh" --file="$offline" >/dev/null
