package io.softswitch.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad bytes and bad requests a new user sends (issue 14 section 3), on raw HTTP: each gets a 4xx in
 * Twilio's error JSON ({@code code}, {@code message}, {@code more_info}, {@code status}) naming what is
 * wrong, nothing is stored, never a 500. Run on H2 ({@link H2BadInputTest}) and PostgreSQL
 * ({@link PostgresBadInputTest}), whose text columns refuse NUL where H2's store it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Daemon daemon;
    private String auth;
    private String acct;
    private ApiClient api;

    abstract String yaml(int sipPort) throws Exception;

    abstract void cleanUp();

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("bad-input");
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("test.yaml", yaml(FreePorts.udpAndTcp())), dir);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("credentials"))) {
            creds.load(in);
        }
        String sid = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        String token = creds.getProperty("SOFTSWITCH_AUTH_TOKEN");
        auth = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
        acct = "/2010-04-01/Accounts/" + sid;
        api = new ApiClient(daemon.httpPort(), sid, token);
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        cleanUp();
    }

    private record Answer(int status, JsonNode json, HttpResponse<String> raw) {
        int code() {
            return json.get("code").asInt();
        }

        String message() {
            return json.get("message").asText();
        }
    }

    private Answer send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path))
                .header("Authorization", auth).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.has("code") && json.has("message") && json.has("more_info") && json.has("status"))
                .as("Twilio error JSON: %s", r.body()).isTrue();
        assertThat(json.get("status").asInt()).isEqualTo(r.statusCode());
        return new Answer(r.statusCode(), json, r);
    }

    /** A GET written on a socket, for request targets java.net.URI refuses to build. */
    private String rawGet(String target) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", daemon.httpPort())) {
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Answer form(String path, String body) throws Exception {
        return send("POST", path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private int count(String listPath, String key) {
        return api.get(listPath).json().get(key).size();
    }

    @Test
    void nulInAFormValueIsRefusedNamingTheParameter() throws Exception {
        int before = count("/v1/Trunks", "trunks");
        Answer a = form("/v1/Trunks", "FriendlyName=a%00b");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.code()).isEqualTo(100006);
        assertThat(a.message()).startsWith("FriendlyName:").contains("U+0000");
        assertThat(count("/v1/Trunks", "trunks")).isEqualTo(before);
    }

    @Test
    void controlCharactersInListFiltersAreRefused() throws Exception {
        Answer a = send("GET", acct + "/IncomingPhoneNumbers.json?FriendlyName=a%00b", null, new byte[0]);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.message()).startsWith("FriendlyName:");
        Answer calls = send("GET", acct + "/Calls.json?To=%2B1%0A", null, new byte[0]);
        assertThat(calls.status()).isEqualTo(400);
        assertThat(calls.message()).startsWith("To:").contains("U+000A");
    }

    @Test
    void aJsonBodyOnAFormEndpointIsRefused() throws Exception {
        int before = count("/v1/Trunks", "trunks");
        Answer a = send("POST", "/v1/Trunks", "application/json",
                "{\"FriendlyName\":\"json\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.message()).contains("Content-Type: application/json").contains("application/x-www-form-urlencoded");
        assertThat(count("/v1/Trunks", "trunks")).isEqualTo(before);
        Answer none = send("POST", "/v1/Trunks", null, "FriendlyName=x".getBytes(StandardCharsets.UTF_8));
        assertThat(none.status()).isEqualTo(400);
    }

    @Test
    void malformedPercentEncodingAndNonUtf8BytesAreRefused() throws Exception {
        Answer percent = form("/v1/Trunks", "FriendlyName=50%");
        assertThat(percent.status()).isEqualTo(400);
        assertThat(percent.message()).startsWith("FriendlyName:").contains("percent-encoding");
        Answer latin1 = form("/v1/Trunks", "FriendlyName=caf%E9");
        assertThat(latin1.status()).isEqualTo(400);
        assertThat(latin1.message()).startsWith("FriendlyName:").contains("not UTF-8");
        Answer raw = send("POST", "/v1/Trunks", "application/x-www-form-urlencoded",
                new byte[] {'F', 'r', 'i', 'e', 'n', 'd', 'l', 'y', 'N', 'a', 'm', 'e', '=', (byte) 0xff});
        assertThat(raw.status()).isEqualTo(400);
        Answer charset = send("POST", "/v1/Trunks", "application/x-www-form-urlencoded; charset=ISO-8859-1",
                "FriendlyName=x".getBytes(StandardCharsets.UTF_8));
        assertThat(charset.status()).isEqualTo(400);
        String query = rawGet("/v1/Trunks?FriendlyName=%zz");
        assertThat(query).startsWith("HTTP/1.1 400").contains("\"code\":100006").contains("FriendlyName:");
    }

    @Test
    void utf8TextIsStoredAsSent() throws Exception {
        ApiClient.Reply r = api.post("/v1/Trunks", "FriendlyName", "Café ☎");
        assertThat(r.status()).isEqualTo(201);
        assertThat(api.get("/v1/Trunks/" + r.text("sid")).text("friendly_name")).isEqualTo("Café ☎");
    }

    @Test
    void aTooLongValueIsEchoedOnlyAsAPrefix() throws Exception {
        String longName = "x".repeat(10_000);
        Answer a = form("/v1/Trunks", "FriendlyName=" + longName);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.message()).contains("10000 characters").hasSizeLessThan(300);
    }

    @Test
    void anOversizedBodyIs413InTwilioJson() throws Exception {
        Answer a = form("/v1/Trunks", "FriendlyName=" + "x".repeat(2_000_000));
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.code()).isEqualTo(100007);
    }

    @Test
    void putAndPatchAre405WithAllow() throws Exception {
        String trunk = api.post("/v1/Trunks", "FriendlyName", "methods").text("sid");
        for (String method : new String[] {"PUT", "PATCH"}) {
            Answer a = send(method, "/v1/Trunks/" + trunk, "application/x-www-form-urlencoded", "FriendlyName=x".getBytes());
            assertThat(a.status()).as(method).isEqualTo(405);
            assertThat(a.code()).isEqualTo(20004);
            assertThat(a.json().get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20004");
            assertThat(a.raw().headers().firstValue("Allow")).contains("GET, POST, DELETE");
        }
        Answer delete = send("DELETE", "/v1/Trunks", null, new byte[0]);
        assertThat(delete.status()).isEqualTo(405);
    }

    @Test
    void unknownPathsUnderKnownResourcesAre404InTwilioJson() throws Exception {
        String trunk = api.post("/v1/Trunks", "FriendlyName", "paths").text("sid");
        Answer a = send("GET", "/v1/Trunks/" + trunk + "/Nothing", null, new byte[0]);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo(20404);
        assertThat(send("GET", acct + "/Nothing.json", null, new byte[0]).code()).isEqualTo(20404);
    }

    @Test
    void knownButUnbuiltParametersAreRefusedAndUnknownOnesIgnored() throws Exception {
        Answer voice = form(acct + "/IncomingPhoneNumbers.json", "PhoneNumber=%2B14155550177&SmsUrl=https%3A%2F%2Fx.example");
        assertThat(voice.status()).isEqualTo(400);
        assertThat(voice.code()).isEqualTo(100003);
        assertThat(voice.message()).startsWith("SmsUrl:").contains("not supported yet");
        assertThat(api.get(acct + "/IncomingPhoneNumbers.json?PhoneNumber=%2B14155550177").json()
                .get("incoming_phone_numbers")).isEmpty();
        ApiClient.Reply unknown = api.post("/v1/Trunks", "FriendlyName", "unknown", "NoSuchTwilioParameter", "1");
        assertThat(unknown.status()).isEqualTo(201);
    }

    @Test
    void ourErrorCodesLinkToTheirPageOnTheDaemon() throws Exception {
        Answer a = form("/v1/Trunks", "CpsLimit=many");
        assertThat(a.code()).isEqualTo(100002);
        String link = a.json().get("more_info").asText();
        assertThat(link).endsWith("/docs/errors/100002");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(page.body()).get("title").asText()).isEqualTo("Invalid parameter value");
    }
}
