/** The Twilio-shaped REST API ({@code /2010-04-01/Accounts...}, {@code /v1/Trunks...}, {@code /v1/Carriers}, {@code /v1/Routes}). */
package io.softswitch.core.api;
