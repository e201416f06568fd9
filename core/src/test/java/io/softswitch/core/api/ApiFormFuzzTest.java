package io.softswitch.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer against the REST API of an in-process daemon (embedded H2): arbitrary form-encoded POST
 * bodies, and query strings, on every provisioning endpoint get an answer below 500 (a 4xx with
 * the field and reason for bad input), never an internal error. The first input byte picks the
 * endpoint ({@link #ENDPOINTS}, modulo their number), the rest is the body or query, sent as is.
 * Seeds (one valid request per endpoint, plus broken encodings) in
 * {@code src/test/resources/io/softswitch/core/api/ApiFormFuzzTestInputs/formRequestsNeverFail/}.
 */
class ApiFormFuzzTest {
    /** Method and path; {AC}, {TK}, {BY}, {AL}, {CL} are replaced by resources made at start. */
    static final List<String> ENDPOINTS = List.of(
            "POST /2010-04-01/Accounts.json",
            "POST /2010-04-01/Accounts/{AC}",
            "POST /2010-04-01/Accounts/{AC}/SIP/IpAccessControlLists.json",
            "POST /2010-04-01/Accounts/{AC}/SIP/IpAccessControlLists/{AL}/IpAddresses.json",
            "POST /2010-04-01/Accounts/{AC}/SIP/CredentialLists/{CL}/Credentials.json",
            "POST /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json",
            "POST /v1/Trunks",
            "POST /v1/Trunks/{TK}",
            "POST /v1/Trunks/{TK}/OriginationUrls",
            "POST /v1/Trunks/{TK}/IpAccessControlLists",
            "POST /v1/Trunks/{TK}/CredentialLists",
            "POST /v1/Trunks/{TK}/PhoneNumbers",
            "POST /v1/Trunks/{TK}/Recording",
            "POST /v1/Carriers",
            "POST /v1/Carriers/{BY}",
            "POST /v1/Carriers/{BY}/Gateways",
            "POST /v1/Routes",
            "GET /2010-04-01/Accounts/{AC}/Calls.json",
            "GET /v1/Trunks");

    private static Daemon daemon;
    private static String authorization;
    private static List<String> endpoints;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("api-fuzz");
        daemon = Daemon.start(TestConfigs.config(FreePorts.udpAndTcp()), dir);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("credentials"))) {
            creds.load(in);
        }
        String sid = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        String token = creds.getProperty("SOFTSWITCH_AUTH_TOKEN");
        authorization = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
        ApiClient api = new ApiClient(daemon.httpPort(), sid, token);
        String acct = "/2010-04-01/Accounts/" + sid;
        String tk = api.post("/v1/Trunks", "FriendlyName", "fuzz-trunk").text("sid");
        String by = api.post("/v1/Carriers", "FriendlyName", "fuzz-carrier").text("sid");
        String al = api.post(acct + "/SIP/IpAccessControlLists.json", "FriendlyName", "fuzz-acl").text("sid");
        String cl = api.post(acct + "/SIP/CredentialLists.json", "FriendlyName", "fuzz-creds").text("sid");
        endpoints = ENDPOINTS.stream().map(e -> e.replace("{AC}", sid).replace("{TK}", tk).replace("{BY}", by)
                .replace("{AL}", al).replace("{CL}", cl)).toList();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void formRequestsNeverFail(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        String[] endpoint = endpoints.get((input[0] & 0xff) % endpoints.size()).split(" ", 2);
        byte[] form = Arrays.copyOfRange(input, 1, input.length);
        String base = "http://127.0.0.1:" + daemon.httpPort() + endpoint[1];
        HttpRequest.Builder request = HttpRequest.newBuilder().header("Authorization", authorization);
        if (endpoint[0].equals("GET")) {
            request.uri(URI.create(base + "?" + query(form))).GET();
        } else {
            request.uri(URI.create(base)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s with %s -> %s", endpoint[0], endpoint[1],
                new String(form, StandardCharsets.ISO_8859_1), response.body()).isLessThan(500);
    }

    /** The bytes as a legal query string whose decoded value is exactly those bytes ('=' and '&' kept). */
    private static String query(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '=' || c == '&')) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
