/** Defences at the HTTP level: whose origin is whose, security headers, cross-site requests. */
package org.relaychat.http;
