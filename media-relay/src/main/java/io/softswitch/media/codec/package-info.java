/** Audio codecs the media endpoint speaks: ITU-T G.711 mu-law and A-law. */
package io.softswitch.media.codec;
