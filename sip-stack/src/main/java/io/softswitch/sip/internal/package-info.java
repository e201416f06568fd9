/** JAIN-SIP glue: stack setup, logging bridge and request dispatch. Not for use outside sip-stack. */
package io.softswitch.sip.internal;
