package org.relaychat.it;

import java.net.URI;

/**
 * The protocol tests again over wss://, on the secure listener set up as docs/operations.md tells
 * users to (src/test/tls/tls.sh): the same server, the same WAR, TLS in between.
 */
class ProtocolOverTlsIT extends ProtocolIT {

    @Override
    URI endpoint() {
        return Deployments.secureEndpoint(base);
    }
}
