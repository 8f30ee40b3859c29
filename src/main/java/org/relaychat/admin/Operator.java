package org.relaychat.admin;

/**
 * Who acts through the admin API, as the audit log names them.
 *
 * @param user the authenticated operator
 * @param address the IP address the call came from
 */
public record Operator(String user, String address) {

    @Override
    public String toString() {
        return user + " from " + address;
    }
}
