/** MicroProfile Health checks: is the node alive, and ready for new clients. */
package org.relaychat.health;
