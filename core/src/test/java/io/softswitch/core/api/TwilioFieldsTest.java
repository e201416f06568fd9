package io.softswitch.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.softswitch.core.cdr.CallRecord;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.store.Sids;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values of fields and filters Twilio defines, beyond their types (issue 23); numbers from the 555-01xx range. */
class TwilioFieldsTest {
    private static Daemon daemon;
    private static ApiClient api;
    private static String main;
    private static String acct;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("twilio-fields");
        daemon = Daemon.start(TestConfigs.config(FreePorts.udpAndTcp()), dir);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("credentials"))) {
            creds.load(in);
        }
        main = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        acct = "/2010-04-01/Accounts/" + main;
        api = new ApiClient(daemon.httpPort(), main, creds.getProperty("SOFTSWITCH_AUTH_TOKEN"));
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    @Test
    void disasterRecoveryMethodTakesGetAndPost() {
        ApiClient.Reply get = api.post("/v1/Trunks", "DisasterRecoveryMethod", "GET");
        assertThat(get.status()).as(get.toString()).isEqualTo(201);
        assertThat(get.text("disaster_recovery_method")).isEqualTo("GET");
        String sid = get.text("sid");
        assertThat(api.post("/v1/Trunks/" + sid, "DisasterRecoveryMethod", "post").text("disaster_recovery_method"))
                .isEqualTo("POST");
        assertThat(api.post("/v1/Trunks/" + sid, "DisasterRecoveryMethod", "PUT").status()).isEqualTo(400);
    }

    @Test
    void theMainAccountOwnsItselfAndEverySubresourceLinkWorks() {
        JsonNode a = api.get(acct + ".json").json();
        assertThat(a.get("owner_account_sid").asText()).isEqualTo(main);
        a.get("subresource_uris").fields().forEachRemaining(e ->
                assertThat(api.get(e.getValue().asText()).status()).as(e.getKey()).isEqualTo(200));
        JsonNode sip = api.get(acct + "/SIP.json").json();
        sip.get("subresource_uris").fields().forEachRemaining(e ->
                assertThat(api.get(e.getValue().asText()).status()).as(e.getKey()).isEqualTo(200));
    }

    @Test
    void phoneNumberFilterTakesPartialNumbersAndWildcards() {
        api.post(acct + "/IncomingPhoneNumbers.json", "PhoneNumber", "+12025550142");
        api.post(acct + "/IncomingPhoneNumbers.json", "PhoneNumber", "+12025550157");
        assertThat(numbers("PhoneNumber=5550142")).containsExactly("+12025550142");
        assertThat(numbers("PhoneNumber=%2B1202555014*")).containsExactly("+12025550142");
        assertThat(numbers("PhoneNumber=%2B1202555****")).contains("+12025550142", "+12025550157");
        assertThat(numbers("PhoneNumber=(202)%20555-0157")).containsExactly("+12025550157");
        assertThat(numbers("Origin=twilio")).isEmpty();
        assertThat(numbers("Origin=hosted")).contains("+12025550142", "+12025550157");
        assertThat(api.get(acct + "/IncomingPhoneNumbers.json?PhoneNumber=abc").status()).isEqualTo(400);
        assertThat(api.get(acct + "/IncomingPhoneNumbers.json?Origin=elsewhere").status()).isEqualTo(400);
    }

    private java.util.List<String> numbers(String query) {
        java.util.List<String> out = new java.util.ArrayList<>();
        api.get(acct + "/IncomingPhoneNumbers.json?" + query).json().get("incoming_phone_numbers")
                .forEach(n -> out.add(n.get("phone_number").asText()));
        return out;
    }

    @Test
    void callsCarryTheNumberSidNationalFormatsAndOnlyGatewaySids() {
        String pn = api.post(acct + "/IncomingPhoneNumbers.json", "PhoneNumber", "+14155550163").text("sid");
        String call = Sids.next("CA");
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        daemon.cdrs().submit(CallRecord.builder(call, main).to("+14155550163").from("+442079460018")
                .direction("trunking-originating").status("no-answer").startTime(t).endTime(t.plusSeconds(30))
                .gatewaySid("carrier-gw-1").sipCallId("fields").attempts(1).sipResponseCode(480).build());
        String path = acct + "/Calls/" + call + ".json";
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get(path).status() == 200);
        JsonNode c = api.get(path).json();
        assertThat(c.get("phone_number_sid").asText()).isEqualTo(pn);
        assertThat(c.get("to_formatted").asText()).isEqualTo("(415) 555-0163");
        assertThat(c.get("from_formatted").asText()).isEqualTo("020 7946 0018");
        assertThat(c.get("duration").asText()).isEqualTo("0");
        assertThat(c.get("gateway_sid").isNull()).isTrue();
        assertThat(api.get(acct + "/Calls.json?Status=bogus").status()).isEqualTo(400);
        assertThat(api.get(acct + "/Calls.json?ParentCallSid=CA1").status()).isEqualTo(400);
    }

    @Test
    void aTrunkPhoneNumberCarriesTwilioFieldsAndAWorkingLink() {
        String tk = api.post("/v1/Trunks", "FriendlyName", "numbers").text("sid");
        String pn = api.post(acct + "/IncomingPhoneNumbers.json", "PhoneNumber", "+14155550188").text("sid");
        JsonNode n = api.post("/v1/Trunks/" + tk + "/PhoneNumbers", "PhoneNumberSid", pn).json();
        assertThat(n.get("capabilities").get("voice").asBoolean()).isTrue();
        assertThat(n.get("voice_url").isNull()).isTrue();
        assertThat(n.get("date_created").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(api.get(n.get("links").get("incoming_phone_number").asText()).text("sid")).isEqualTo(pn);
    }

    @Test
    void aNumbersVoiceWebhooksAreStoredReturnedAndInTheProvisioningSnapshot() {
        ApiClient.Reply created = api.post(acct + "/IncomingPhoneNumbers.json", "PhoneNumber", "+14155550189",
                "VoiceUrl", "https://ivr.example.com/voice", "VoiceMethod", "get",
                "VoiceFallbackUrl", "https://ivr.example.com/fallback", "StatusCallback", "https://ivr.example.com/status",
                "StatusCallbackMethod", "GET");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("voice_url")).isEqualTo("https://ivr.example.com/voice");
        assertThat(created.text("voice_method")).isEqualTo("GET");
        assertThat(created.text("voice_fallback_url")).isEqualTo("https://ivr.example.com/fallback");
        assertThat(created.text("voice_fallback_method")).isEqualTo("POST");
        assertThat(created.text("status_callback")).isEqualTo("https://ivr.example.com/status");
        assertThat(created.text("status_callback_method")).isEqualTo("GET");
        String sid = created.text("sid");
        assertThat(api.get(acct + "/IncomingPhoneNumbers/" + sid + ".json").text("voice_url"))
                .isEqualTo("https://ivr.example.com/voice");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(daemon.provisioning().current().numbers())
                .filteredOn(n -> n.number().equals("+14155550189")).singleElement()
                .satisfies(n -> {
                    assertThat(n.answeredByTwiml()).isTrue();
                    assertThat(n.voice().url()).isEqualTo("https://ivr.example.com/voice");
                    assertThat(n.voice().method()).isEqualTo("GET");
                    assertThat(n.voice().statusCallback()).isEqualTo("https://ivr.example.com/status");
                }));

        assertThat(api.post(acct + "/IncomingPhoneNumbers/" + sid + ".json", "VoiceUrl", "ftp://x.example").status())
                .isEqualTo(400);
        assertThat(api.post(acct + "/IncomingPhoneNumbers/" + sid + ".json", "VoiceMethod", "PUT").status())
                .isEqualTo(400);
        ApiClient.Reply cleared = api.post(acct + "/IncomingPhoneNumbers/" + sid + ".json", "VoiceUrl", "");
        assertThat(cleared.json().get("voice_url").isNull()).as(cleared.toString()).isTrue();
    }
}
