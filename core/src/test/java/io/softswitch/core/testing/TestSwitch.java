package io.softswitch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.TwilioRestClient;
import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The daemon in-process on a free SIP port (UDP and TCP) and a media range of its own, with its
 * main account's credentials: what the API and TwiML tests provision and call against.
 */
public final class TestSwitch implements AutoCloseable {
    private final Daemon daemon;
    private final int sipPort;
    private final AccountCredentials account;
    private final List<WebhookServer> webhooks = new CopyOnWriteArrayList<>();

    private TestSwitch(Daemon daemon, int sipPort, AccountCredentials account) {
        this.daemon = daemon;
        this.sipPort = sipPort;
        this.account = account;
    }

    /** A switch with the test config ({@link TestConfigs#yaml(int, String)}), data in a temp dir named {@code name}. */
    public static TestSwitch start(String name) throws Exception {
        return start(name, "");
    }

    /** As {@link #start(String)}, with {@code extraYaml} (top-level blocks such as {@code recordings:}) appended. */
    public static TestSwitch start(String name, String extraYaml) throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        Path dir = Files.createTempDirectory(name);
        Daemon daemon = Daemon.start(new ConfigLoader(n -> null).parse(name + ".yaml",
                TestConfigs.yaml(sipPort, FreePorts.mediaBlock()) + extraYaml), dir);
        try {
            return new TestSwitch(daemon, sipPort, AccountCredentials.read(dir));
        } catch (Exception | Error e) {
            daemon.close();
            throw e;
        }
    }

    public Daemon daemon() {
        return daemon;
    }

    public int sipPort() {
        return sipPort;
    }

    public String accountSid() {
        return account.accountSid();
    }

    public String authToken() {
        return account.authToken();
    }

    /** Twilio's Java helper library, as the main account, against this switch's API. */
    public TwilioRestClient client() {
        return TwilioLoopback.client(daemon.httpPort(), accountSid(), authToken());
    }

    /** {@code http://127.0.0.1:<api port>}. */
    public String apiBase() {
        return "http://127.0.0.1:" + daemon.httpPort();
    }

    /** An application's TwiML server ({@link WebhookServer#twiml}) for the main account, closed before the switch. */
    public WebhookServer twimlWebhooks() throws IOException {
        return own(WebhookServer.twiml(authToken()));
    }

    /** A status callback receiver ({@link WebhookServer#callbacks}) for the main account, closed before the switch. */
    public WebhookServer callbackWebhooks() throws IOException {
        return own(WebhookServer.callbacks(authToken()));
    }

    private WebhookServer own(WebhookServer server) {
        webhooks.add(server);
        return server;
    }

    /** GET with the main account's credentials (the Recordings API, its media): the body of a 200. */
    public byte[] get(String url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (accountSid() + ":" + authToken()).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        return r.body();
    }

    @Override
    public void close() {
        // Webhooks first: a request they hold is released before the daemon waits for its calls to end.
        webhooks.forEach(WebhookServer::close);
        daemon.close();
    }
}
