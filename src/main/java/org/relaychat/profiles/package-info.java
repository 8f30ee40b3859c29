/**
 * How users show themselves to others: a display name, a status line, a picture and whether they
 * are online, away or offline; kept in the default datasource so that every node sees the same.
 */
package org.relaychat.profiles;
