package io.softswitch.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.base.ResourceSet;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.IncomingPhoneNumber;
import com.twilio.rest.api.v2010.account.sip.CredentialList;
import com.twilio.rest.api.v2010.account.sip.IpAccessControlList;
import com.twilio.rest.api.v2010.account.sip.credentiallist.Credential;
import com.twilio.rest.api.v2010.account.sip.ipaccesscontrollist.IpAddress;
import com.twilio.rest.trunking.v1.Trunk;
import com.twilio.rest.trunking.v1.trunk.OriginationUrl;
import com.twilio.rest.trunking.v1.trunk.PhoneNumber;
import io.softswitch.config.ConfigLoader;
import io.softswitch.core.cdr.CallRecord;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.store.Sids;
import io.softswitch.core.testing.AccountCredentials;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import io.softswitch.core.testing.TwilioLoopback;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twilio's own Java helper library (com.twilio.sdk:twilio, unmodified) against our API. Its only
 * hook used is the public {@code HttpClient} extension point: {@link TwilioLoopback} sends the
 * requests the library builds for {@code https://*.twilio.com} to our loopback listener instead.
 */
class TwilioHelperLibraryTest {
    @TempDir
    static Path dataDir;
    static Daemon daemon;
    static TwilioRestClient client;
    static String main;

    @BeforeAll
    static void start() throws Exception {
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("t.yaml", TestConfigs.yaml(FreePorts.udpAndTcp())), dataDir);
        AccountCredentials creds = AccountCredentials.read(dataDir);
        main = creds.accountSid();
        client = TwilioLoopback.client(daemon.httpPort(), main, creds.authToken());
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    @Test
    void helperLibraryProvisionsATrunkListsCallsAndDeletesEverything() {
        Trunk trunk = Trunk.creator().setFriendlyName("helper-trunk").setDomainName("helper.pstn.example.net")
                .create(client);
        assertThat(trunk.getSid()).startsWith("TK");
        assertThat(trunk.getDateCreated()).isNotNull();
        OriginationUrl ou = OriginationUrl.creator(trunk.getSid(), 10, 20, true, "pbx",
                URI.create("sip:pbx.example.net:5070")).create(client);
        assertThat(ou.getSid()).startsWith("OU");
        assertThat(ou.getWeight()).isEqualTo(10);
        assertThat(ou.getPriority()).isEqualTo(20);

        IpAccessControlList acl = IpAccessControlList.creator("helper-acl").create(client);
        IpAddress ip = IpAddress.creator(acl.getSid(), "office", "192.0.2.20").create(client);
        assertThat(ip.getCidrPrefixLength()).isEqualTo(32);
        CredentialList cl = CredentialList.creator("helper-creds").create(client);
        Credential cred = Credential.creator(cl.getSid(), "bob", "Helper-Passw0rd").create(client);
        assertThat(cred.getUsername()).isEqualTo("bob");
        com.twilio.rest.trunking.v1.trunk.IpAccessControlList.creator(trunk.getSid(), acl.getSid()).create(client);
        com.twilio.rest.trunking.v1.trunk.CredentialList.creator(trunk.getSid(), cl.getSid()).create(client);

        IncomingPhoneNumber number = IncomingPhoneNumber.creator(new com.twilio.type.PhoneNumber("+14155550123"))
                .create(client);
        PhoneNumber linked = PhoneNumber.creator(trunk.getSid(), number.getSid()).create(client);
        assertThat(linked.getSid()).isEqualTo(number.getSid());

        assertThat(Trunk.fetcher(trunk.getSid()).fetch(client).getAuthTypeSet())
                .containsExactlyInAnyOrder("IP_ACL", "CREDENTIAL_LIST");
        assertThat(daemon.provisioning().current().trunks()).anySatisfy(t -> {
            assertThat(t.name()).isEqualTo("helper-trunk");
            assertThat(t.ipAcl()).containsExactly("192.0.2.20/32");
            assertThat(t.credentials()).extracting("username").containsExactly("bob");
            assertThat(t.originationUrls()).extracting("sipUrl").containsExactly("sip:pbx.example.net:5070");
        });
        assertThat(daemon.provisioning().current().numbers())
                .anySatisfy(n -> assertThat(n.trunk()).isEqualTo(trunk.getSid())); // numbers refer to trunks by SID

        List<String> callSids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String sid = Sids.next("CA");
            callSids.add(sid);
            daemon.cdrs().submit(CallRecord.builder(sid, main).to("+14155550123").from("+442071234567")
                    .status("completed").direction("trunking-originating").trunkSid(trunk.getSid())
                    .startTime(Instant.parse("2026-11-27T10:00:00Z")).durationSeconds(30).build());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> calls().size() == 3);
        List<Call> calls = calls();
        assertThat(calls).extracting(Call::getSid).containsExactlyInAnyOrderElementsOf(callSids);
        assertThat(calls.get(0).getStartTime()).isNotNull();
        assertThat(calls.get(0).getTrunkSid()).isEqualTo(trunk.getSid());
        assertThat(calls.get(0).getDuration()).isEqualTo("30");

        for (String sid : callSids) {
            assertThat(Call.deleter(sid).delete(client)).isTrue();
        }
        assertThat(calls()).isEmpty();
        assertThat(PhoneNumber.deleter(trunk.getSid(), number.getSid()).delete(client)).isTrue();
        assertThat(IncomingPhoneNumber.deleter(number.getSid()).delete(client)).isTrue();
        assertThat(OriginationUrl.deleter(trunk.getSid(), ou.getSid()).delete(client)).isTrue();
        assertThat(Trunk.deleter(trunk.getSid()).delete(client)).isTrue();
        assertThat(Credential.deleter(cl.getSid(), cred.getSid()).delete(client)).isTrue();
        assertThat(CredentialList.deleter(cl.getSid()).delete(client)).isTrue();
        assertThat(IpAccessControlList.deleter(acl.getSid()).delete(client)).isTrue();
        assertThat(StreamSupport.stream(Trunk.reader().read(client).spliterator(), false).count()).isZero();
        assertThat(daemon.provisioning().current().trunks()).isEmpty();
    }

    private static List<Call> calls() {
        ResourceSet<Call> set = Call.reader().setTo(new com.twilio.type.PhoneNumber("+14155550123")).read(client);
        List<Call> out = new ArrayList<>();
        set.forEach(out::add);
        return out;
    }
}
