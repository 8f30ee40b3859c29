/** Who may connect and where: token verification, the identity a connection carries, private rooms. */
package org.relaychat.security;
