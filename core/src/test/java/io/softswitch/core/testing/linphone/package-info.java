/** A real linphone user agent (Debian {@code linphone-cli}'s {@code linphonec}) driven on its stdin. */
package io.softswitch.core.testing.linphone;
