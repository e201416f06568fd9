package io.softswitch.media;

/**
 * How the relay treats one leg's media encryption (per trunk or carrier: {@code media_encryption}).
 *
 * <ul>
 *   <li>{@link #NONE}: the relay offers this leg plain RTP ({@code RTP/AVP}); when the leg itself
 *       offers SRTP with SDES keys, the relay accepts it and answers with its own key (as offered).</li>
 *   <li>{@link #SDES}: SRTP is mandatory on this leg: the relay offers {@code RTP/SAVP} with one
 *       {@code a=crypto} per {@link SrtpSuite}, and an offer or answer from the leg without an
 *       acceptable {@code a=crypto} is rejected (488).</li>
 * </ul>
 */
public enum MediaEncryption {
    NONE,
    SDES
}
