package io.softswitch.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.store.Sids;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Recordings resource over a running daemon (H2): rows and files made by the same code
 * {@code <Record>} uses, read back through the REST API with HTTP Basic; the disk guard and the
 * retention run against the daemon's own store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingsApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Daemon daemon;
    private ApiClient api;
    private String main;
    private String token;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("recordings-api");
        daemon = Daemon.start(TestConfigs.config(FreePorts.udpAndTcp()), dir);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("credentials"))) {
            creds.load(in);
        }
        main = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        token = creds.getProperty("SOFTSWITCH_AUTH_TOKEN");
        api = new ApiClient(daemon.httpPort(), main, token);
        assertThat(daemon.recordings().dir()).isEqualTo(dir.resolve("recordings"));
    }

    @AfterAll
    void stop() {
        daemon.close();
    }

    /** A mono WAV of {@code seconds} of a 440 Hz tone. */
    private static byte[] wav(double seconds) {
        int n = (int) (seconds * 8000);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        return b.array();
    }

    private Recordings.Started stored(String account, String call, double seconds) {
        Recordings.Started s = daemon.recordings().begin(account, call, RecordingSource.RECORD_VERB, 1).orElseThrow();
        byte[] wav = wav(seconds);
        assertThat(daemon.recordings().store(s, wav, Duration.ofMillis((wav.length - 44) / 16))).isTrue();
        return s;
    }

    private HttpResponse<byte[]> media(String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aRecordingIsListedFetchedStreamedAsWavAndDeletedWithItsFile() throws Exception {
        String call = Sids.next("CA");
        Recordings.Started s = stored(main, call, 2.0);
        String acct = "/2010-04-01/Accounts/" + main;

        ApiClient.Reply one = api.get(acct + "/Recordings/" + s.sid() + ".json");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("sid").asText()).isEqualTo(s.sid());
        assertThat(one.json().get("call_sid").asText()).isEqualTo(call);
        assertThat(one.json().get("duration").asText()).isEqualTo("2");
        assertThat(one.json().get("channels").asInt()).isEqualTo(1);
        assertThat(one.json().get("status").asText()).isEqualTo("completed");
        assertThat(one.json().get("source").asText()).isEqualTo("RecordVerb");
        assertThat(one.json().get("start_time").asText()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} .*\\+0000");
        assertThat(one.json().get("media_url").asText()).endsWith(acct + "/Recordings/" + s.sid() + ".wav");
        assertThat(one.json().get("uri").asText()).isEqualTo(acct + "/Recordings/" + s.sid() + ".json");

        assertThat(api.get(acct + "/Recordings.json").json().get("recordings").findValuesAsText("sid")).contains(s.sid());
        assertThat(api.get(acct + "/Recordings.json?CallSid=" + call).json().get("recordings").findValuesAsText("sid"))
                .containsExactly(s.sid());
        assertThat(api.get(acct + "/Calls/" + call + "/Recordings.json").json().get("recordings").findValuesAsText("sid"))
                .containsExactly(s.sid());
        assertThat(api.get(acct + "/Calls/" + Sids.next("CA") + "/Recordings.json").json().get("recordings")).isEmpty();
        assertThat(api.get(acct + "/Calls/" + call + "/Recordings/" + s.sid() + ".json").status()).isEqualTo(200);

        HttpResponse<byte[]> wav = media(acct + "/Recordings/" + s.sid() + ".wav", main, token);
        assertThat(wav.statusCode()).isEqualTo(200);
        assertThat(wav.headers().firstValue("Content-Type")).hasValue("audio/x-wav");
        assertThat(wav.body()).isEqualTo(Files.readAllBytes(s.file())).hasSize(44 + 32000);
        assertThat(media(acct + "/Recordings/" + s.sid(), main, token).body()).isEqualTo(wav.body());
        assertThat(media(acct + "/Recordings/" + s.sid() + ".wav", null, null).statusCode()).isEqualTo(401);
        assertThat(media(acct + "/Recordings/" + s.sid() + ".wav", main, "wrong-token").statusCode()).isEqualTo(401);
        assertThat(api.get(acct + "/Recordings/" + s.sid() + ".mp3").status()).isEqualTo(404);

        assertThat(api.delete(acct + "/Recordings/" + s.sid() + ".json").status()).isEqualTo(204);
        assertThat(Files.exists(s.file())).isFalse();
        assertThat(api.get(acct + "/Recordings/" + s.sid() + ".json").status()).isEqualTo(404);
        assertThat(media(acct + "/Recordings/" + s.sid() + ".wav", main, token).statusCode()).isEqualTo(404);
        assertThat(api.delete(acct + "/Recordings/" + s.sid() + ".json").status()).isEqualTo(404);
    }

    @Test
    void anotherAccountsRecordingIsNotFound() throws Exception {
        ApiClient.Reply sub = api.post("/2010-04-01/Accounts.json", "FriendlyName", "tenant-" + Sids.secret().substring(0, 6));
        String subSid = sub.text("sid");
        String subToken = sub.text("auth_token");
        ApiClient subApi = api.as(subSid, subToken);
        Recordings.Started mine = stored(main, Sids.next("CA"), 0.5);
        Recordings.Started theirs = stored(subSid, Sids.next("CA"), 0.5);

        // the tenant, asking for the main account's recording under its own account or the main's
        assertThat(subApi.get("/2010-04-01/Accounts/" + subSid + "/Recordings/" + mine.sid() + ".json").status())
                .isEqualTo(404);
        assertThat(subApi.get("/2010-04-01/Accounts/" + main + "/Recordings/" + mine.sid() + ".json").status())
                .isEqualTo(404);
        assertThat(media("/2010-04-01/Accounts/" + subSid + "/Recordings/" + mine.sid() + ".wav", subSid, subToken)
                .statusCode()).isEqualTo(404);
        assertThat(subApi.delete("/2010-04-01/Accounts/" + subSid + "/Recordings/" + mine.sid() + ".json").status())
                .isEqualTo(404);
        assertThat(Files.exists(mine.file())).isTrue();
        assertThat(subApi.get("/2010-04-01/Accounts/" + subSid + "/Recordings.json").json().get("recordings")
                .findValuesAsText("sid")).containsExactly(theirs.sid());
        assertThat(media("/2010-04-01/Accounts/" + subSid + "/Recordings/" + theirs.sid() + ".wav", subSid, subToken)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void belowTheFreeSpaceThresholdNoRecordingStartsAndTheRefusalIsCounted() {
        AtomicLong free = new AtomicLong(10L << 20);
        AtomicLong refused = new AtomicLong();
        Recordings guarded = new Recordings(daemon.provisioning().rows(), daemon.recordings().dir(), 64L << 20,
                () -> URI.create("http://127.0.0.1:1"), p -> free.get(), new Recordings.Listener() {
                    @Override
                    public void refused(String reason) {
                        assertThat(reason).isEqualTo("disk");
                        refused.incrementAndGet();
                    }
                });
        String call = Sids.next("CA");
        assertThat(guarded.begin(main, call, RecordingSource.TRUNKING, 2)).isEmpty();
        assertThat(refused.get()).isEqualTo(1);
        assertThat(daemon.provisioning().rows().find("recordings", "call_sid = ?", call)).isEmpty();
        free.set(65L << 20);
        assertThat(guarded.begin(main, call, RecordingSource.TRUNKING, 2)).isPresent();
        // the daemon's own guard reads the real file system: far below 512 MiB free would refuse too
        assertThat(Recordings.usableSpace(daemon.recordings().dir())).isGreaterThan(0);
    }

    @Test
    void aRecordingInterruptedByAStopIsCompletedFromItsFileAtTheNextStart() throws Exception {
        Recordings.Started s = daemon.recordings().begin(main, Sids.next("CA"), RecordingSource.TRUNKING, 2).orElseThrow();
        byte[] wav = wav(1.0); // as the relay leaves it: a valid WAV of what was written
        Files.write(s.file(), wav);
        Recordings.Started lost = daemon.recordings().begin(main, Sids.next("CA"), RecordingSource.TRUNKING, 1)
                .orElseThrow();
        assertThat(daemon.recordings().recoverInterrupted()).isGreaterThanOrEqualTo(2); // other tests may leave some
        var row = daemon.provisioning().rows().find("recordings", "sid = ?", s.sid()).orElseThrow();
        assertThat(row.get("status")).isEqualTo("completed");
        assertThat(((Number) row.get("duration_ms")).longValue()).isEqualTo(500); // 16000 bytes of stereo
        assertThat(daemon.provisioning().rows().find("recordings", "sid = ?", lost.sid()).orElseThrow().get("status"))
                .isEqualTo("failed");
    }

    @Test
    void retentionDeletesOldRecordingsFileAndRowButKeepsRecentOnes() {
        Recordings.Started old = stored(main, Sids.next("CA"), 0.2);
        Recordings.Started recent = stored(main, Sids.next("CA"), 0.2);
        daemon.provisioning().rows().jdbc().update("UPDATE recordings SET start_time = ? WHERE sid = ?",
                Instant.now().minus(Duration.ofDays(31)), old.sid());
        int deleted = daemon.recordings().purge(Duration.ofDays(30), Instant.now());
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(Files.exists(old.file())).isFalse();
        assertThat(daemon.provisioning().rows().find("recordings", "sid = ?", old.sid())).isEmpty();
        assertThat(Files.exists(recent.file())).isTrue();
        assertThat(daemon.provisioning().rows().find("recordings", "sid = ?", recent.sid())).isPresent();
    }
}
