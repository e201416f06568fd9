package io.softswitch.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.softswitch.voice.twiml.HttpMethod;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our X-Twilio-Signature is the one Twilio's own RequestValidator accepts. */
class WebhookSignerTest {
    private static final String TOKEN = "12345";

    @Test
    void twiliosDocumentedExampleValidates() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        Map<String, String> params = Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030",
                "Digits", "1234", "From", "+12349013030", "To", "+18005551212");
        String sig = WebhookSigner.sign(TOKEN, url, params);
        assertThat(sig).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(new RequestValidator(TOKEN).validate(url, params, sig)).isTrue();
    }

    @Test
    void tamperedParameterOrOtherTokenFails() {
        Map<String, String> params = Map.of("Digits", "1");
        String sig = WebhookSigner.sign(TOKEN, "https://a.example/x", params);
        assertThat(new RequestValidator(TOKEN).validate("https://a.example/x", Map.of("Digits", "2"), sig)).isFalse();
        assertThat(new RequestValidator("other").validate("https://a.example/x", params, sig)).isFalse();
    }

    @Test
    void getRequestSignsTheUrlWithItsQuery() {
        WebhookRequest get = new WebhookRequest(URI.create("https://a.example/x?app=1"), HttpMethod.GET,
                Map.of("CallSid", "CA1", "Digits", "5 #"), TOKEN);
        assertThat(get.effectiveUrl().toString()).startsWith("https://a.example/x?app=1&");
        assertThat(new RequestValidator(TOKEN).validate(get.effectiveUrl().toString(), Map.of(), get.signature()))
                .isTrue();
    }
}
