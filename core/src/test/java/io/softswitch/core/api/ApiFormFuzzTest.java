package io.softswitch.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import io.softswitch.core.testing.TestDatabases;
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
 * Jazzer against the REST API of two in-process daemons, one on embedded H2 and one on the local
 * PostgreSQL (a schema of its own; its text columns refuse NUL where H2 stores it): arbitrary
 * form-encoded POST bodies, and query strings, on every provisioning endpoint get an answer below
 * 500 from both (a 4xx with the field and reason for bad input), never an internal error. The first input byte picks the
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

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Target> TARGETS = new java.util.ArrayList<>();
    private static String postgresUrl;

    /** One daemon under test: its store, port, credentials and endpoints with real SIDs. */
    private record Target(String store, Daemon daemon, String authorization, List<String> endpoints) {
    }

    @BeforeAll
    static void start() throws Exception {
        TARGETS.add(target("h2", TestConfigs.yaml(FreePorts.udpAndTcp())));
        postgresUrl = TestDatabases.newPostgresSchema();
        TARGETS.add(target("postgresql", TestDatabases.yaml(FreePorts.udpAndTcp(), postgresUrl, TestDatabases.PG_USER)));
    }

    private static Target target(String store, String yaml) throws Exception {
        Path dir = Files.createTempDirectory("api-fuzz");
        Daemon daemon = Daemon.start(new ConfigLoader(n -> null).parse("fuzz.yaml", yaml), dir);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("credentials"))) {
            creds.load(in);
        }
        String sid = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        String token = creds.getProperty("SOFTSWITCH_AUTH_TOKEN");
        String authorization = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
        ApiClient api = new ApiClient(daemon.httpPort(), sid, token);
        String acct = "/2010-04-01/Accounts/" + sid;
        String tk = api.post("/v1/Trunks", "FriendlyName", "fuzz-trunk").text("sid");
        String by = api.post("/v1/Carriers", "FriendlyName", "fuzz-carrier").text("sid");
        String al = api.post(acct + "/SIP/IpAccessControlLists.json", "FriendlyName", "fuzz-acl").text("sid");
        String cl = api.post(acct + "/SIP/CredentialLists.json", "FriendlyName", "fuzz-creds").text("sid");
        List<String> endpoints = ENDPOINTS.stream().map(e -> e.replace("{AC}", sid).replace("{TK}", tk).replace("{BY}", by)
                .replace("{AL}", al).replace("{CL}", cl)).toList();
        return new Target(store, daemon, authorization, endpoints);
    }

    @AfterAll
    static void stop() {
        TARGETS.forEach(t -> t.daemon().close());
        TARGETS.clear();
        if (postgresUrl != null) {
            TestDatabases.dropSchema(postgresUrl);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void formRequestsNeverFail(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] form = Arrays.copyOfRange(input, 1, input.length);
        for (Target t : TARGETS) {
            send(t, t.endpoints().get((input[0] & 0xff) % t.endpoints().size()).split(" ", 2), form);
        }
    }

    private static void send(Target t, String[] endpoint, byte[] form) throws Exception {
        String base = "http://127.0.0.1:" + t.daemon().httpPort() + endpoint[1];
        HttpRequest.Builder request = HttpRequest.newBuilder().header("Authorization", t.authorization());
        if (endpoint[0].equals("GET")) {
            request.uri(URI.create(base + "?" + query(form))).GET();
        } else {
            request.uri(URI.create(base)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s %s with %s -> %s", t.store(), endpoint[0], endpoint[1],
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
