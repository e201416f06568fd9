package io.softswitch.core.voice;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.endpoint.Codec;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AudioOfferTest {
    private static String offer(String media, String... attributes) {
        return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + media + "\r\n"
                + String.join("\r\n", attributes) + (attributes.length > 0 ? "\r\n" : "");
    }

    @Test
    void theCallersFirstG711CodecAndItsTelephoneEventAreChosen() {
        AudioOffer o = AudioOffer.parse(offer("m=audio 4000 RTP/AVP 18 8 0 96", "a=rtpmap:96 telephone-event/8000"));
        assertThat(o.codec()).isEqualTo(Codec.PCMA);
        assertThat(o.telephoneEvent()).isEqualTo(96);
        assertThat(o.remote()).isEqualTo(new InetSocketAddress("192.0.2.1", 4000));
    }

    @Test
    void anOfferWithoutG711OrAudioOrWithAHostNameIsUnusable() {
        assertThat(AudioOffer.parse(offer("m=audio 4000 RTP/AVP 18"))).isNull();
        assertThat(AudioOffer.parse(offer("m=video 4000 RTP/AVP 0"))).isNull();
        assertThat(AudioOffer.parse(offer("m=audio 4000 RTP/AVP 0").replace("IN IP4 192.0.2.1", "IN IP4 pbx.example")))
                .isNull();
        assertThat(AudioOffer.parse("garbage")).isNull();
        assertThat(AudioOffer.parse(null)).isNull();
    }

    @Test
    void theAnswerOffersOnlyTheChosenCodecAndTheCallersEventPayloadAtTheEndpoint() {
        AudioOffer o = AudioOffer.parse(offer("m=audio 4000 RTP/AVP 0 101", "a=rtpmap:101 telephone-event/8000"));
        String answer = o.answer(new InetSocketAddress("198.51.100.7", 30000), 42);
        assertThat(answer).contains("c=IN IP4 198.51.100.7\r\n", "m=audio 30000 RTP/AVP 0 101\r\n",
                "a=rtpmap:0 PCMU/8000\r\n", "a=rtpmap:101 telephone-event/8000\r\n");
        String noEvents = AudioOffer.parse(offer("m=audio 4000 RTP/AVP 8")).answer(
                new InetSocketAddress("198.51.100.7", 30000), 42);
        assertThat(noEvents).contains("m=audio 30000 RTP/AVP 8\r\n").doesNotContain("telephone-event");
    }

    @Test
    void sdesKeysOfTheAudioStreamAreKeptAndTheAnswerCarriesOursInTheOffersProfile() {
        String crypto = "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
        AudioOffer savp = AudioOffer.parse(offer("m=audio 4000 RTP/SAVP 0", crypto) + "m=video 4002 RTP/SAVP 96\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj\r\n");
        assertThat(savp.offersSrtp()).isTrue();
        assertThat(savp.crypto()).as("the audio stream's keys only").containsExactly(crypto);
        String ours = "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:b3VycyBvdXJzIG91cnMgb3VycyBvdXJzIG91cnM=";
        assertThat(savp.answer(new InetSocketAddress("198.51.100.7", 30000), 42, ours))
                .contains("m=audio 30000 RTP/SAVP 0\r\n", ours + "\r\n").doesNotContain(crypto);
        // RFC 4568 keys on RTP/AVP: SRTP in the answer, the profile kept.
        AudioOffer avp = AudioOffer.parse(offer("m=audio 4000 RTP/AVP 0", crypto));
        assertThat(avp.offersSrtp()).isTrue();
        assertThat(avp.answer(new InetSocketAddress("198.51.100.7", 30000), 42, ours))
                .contains("m=audio 30000 RTP/AVP 0\r\n", ours + "\r\n");
        AudioOffer plain = AudioOffer.parse(offer("m=audio 4000 RTP/AVP 0"));
        assertThat(plain.offersSrtp()).isFalse();
        assertThat(plain.answer(new InetSocketAddress("198.51.100.7", 30000), 42)).doesNotContain("a=crypto");
    }
}
