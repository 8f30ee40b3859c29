/** The admin API: what operators can see and do on a running node, over Jakarta REST. */
package org.relaychat.admin;
