package io.softswitch.core.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless Debian chromium) against a real daemon: TOTP sign-in,
 * lockout, a trunk, an ACL and a route made in the browser carrying a SIPp call that shows on Live
 * and then in Calls, the viewer role and CSRF. One browser and one daemon for the class.
 */
class ConsoleBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static Daemon daemon;
    private static Browser browser;
    private static String base;
    private static int sipPort;
    private static int carrierPort;
    private static int mediaMin;
    private static int mediaMax;
    private static Map<String, ConsoleUsers.Enrolment> users = new java.util.HashMap<>();
    private static java.nio.file.Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        sipPort = FreePorts.udpAndTcp();
        carrierPort = FreePorts.udpAndTcp();
        String media = FreePorts.mediaBlock();
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("port_min: (\\d+)\\s+port_max: (\\d+)").matcher(media);
        assertThat(range.find()).isTrue();
        mediaMin = Integer.parseInt(range.group(1));
        mediaMax = Integer.parseInt(range.group(2));
        String yaml = io.softswitch.core.testing.TestConfigs.yaml(sipPort, media) + """
                provisioning:
                  carriers:
                    - name: console-carrier
                      gateways:
                        - name: gw1
                          sip_url: sip:127.0.0.1:%d
                """.formatted(carrierPort);
        dataDir = Files.createTempDirectory("console");
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("console.yaml", yaml), dataDir);
        base = "http://127.0.0.1:" + daemon.httpPort();
        ConsoleUsers db = new ConsoleUsers(daemon.provisioning().rows().jdbc());
        users.put("ada", db.add("ada", PASSWORD, ConsoleUser.Role.ADMIN, null));
        users.put("vic", db.add("vic", PASSWORD, ConsoleUser.Role.VIEWER, null));
        users.put("mallory", db.add("mallory", PASSWORD, ConsoleUser.Role.ADMIN, null));
        users.put("eve", db.add("eve", PASSWORD, ConsoleUser.Role.VIEWER, null));
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.driver.manage().deleteAllCookies();
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(10));
    }

    private static void signIn(String user, String code) {
        browser.driver.get(base + "/console/login");
        browser.driver.findElement(By.id("username")).sendKeys(user);
        browser.driver.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.driver.findElement(By.id("code")).sendKeys(code);
        browser.driver.executeScript("window.beforeSubmit = true");
        browser.driver.findElement(By.cssSelector("#signin button")).click();
        // the answer page replaced the form (a new document has no marker)
        await().ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(browser.driver.executeScript("return window.beforeSubmit === undefined"
                        + " && document.readyState === 'complete'")));
    }

    private static String code(String user) {
        return Totp.code(users.get(user).totpSecret(), Instant.now());
    }

    @Test
    void signsInWithTheTotpCodeAndRefusesAWrongOne() throws Exception {
        browser.driver.get(base + "/console/live");
        assertThat(browser.driver.getCurrentUrl()).as("not signed in").endsWith("/console/login");
        browser.screenshot("login");
        String right = code("ada");
        signIn("ada", right.equals("000000") ? "111111" : "000000");
        assertThat(browser.driver.findElement(By.id("signin-error")).getText()).contains("Wrong user name, password or code");
        signIn("ada", code("ada"));
        await().until(ExpectedConditions.urlContains("/console/live"));
        assertThat(browser.driver.findElement(By.cssSelector("header")).getText()).contains("ada (admin)");
    }

    @Test
    void aUserMovesTheSecondFactorToANewAuthenticatorAndTheOldRecoveryCodesEnd() throws Exception {
        String oldRecovery = users.get("eve").recoveryCodes().get(0);
        signIn("eve", users.get("eve").recoveryCodes().get(1)); // a recovery code signs in once
        await().until(ExpectedConditions.urlContains("/console/live"));
        var d = browser.driver;
        d.get(base + "/console/account");
        d.findElement(By.cssSelector("main form button")).click();
        String secret = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret"))).getText();
        assertThat(d.findElement(By.cssSelector("svg[role=img]")).getAttribute("aria-label")).contains("QR code");
        browser.screenshot("two-factor");
        d.findElement(By.id("code")).sendKeys(Totp.code(secret, Instant.now()));
        d.findElement(By.cssSelector("main form button")).click();
        assertThat(await().until(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-codes"))).getText())
                .isNotBlank();
        d.manage().deleteAllCookies();
        signIn("eve", users.get("eve").recoveryCodes().get(1));
        assertThat(d.findElement(By.id("signin-error")).getText()).as("a used recovery code").contains("Wrong");
        signIn("eve", oldRecovery);
        assertThat(d.findElement(By.id("signin-error")).getText()).as("codes of the old key").contains("Wrong");
        signIn("eve", Totp.code(secret, Instant.now()));
        await().until(ExpectedConditions.urlContains("/console/live"));
    }

    @Test
    void aUserIsLockedAfterRepeatedFailuresEvenWithTheRightCode() {
        for (int i = 0; i < LoginThrottle.MAX_USER_FAILURES; i++) {
            signIn("mallory", "12345x");
        }
        signIn("mallory", code("mallory"));
        assertThat(browser.driver.findElement(By.id("signin-error")).getText()).contains("locked");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");
    }

    @Test
    void trunkAndRouteMadeInTheBrowserCarryACallShownLiveThenInCalls() throws Exception {
        signIn("ada", code("ada"));
        await().until(ExpectedConditions.urlContains("/console/live"));
        var d = browser.driver;

        // An ACL letting in 127.0.0.1, a trunk using it, a route to the carrier: all through the forms.
        d.get(base + "/console/acls");
        d.findElement(By.id("new-FriendlyName")).sendKeys("loopback pbx");
        d.findElement(By.cssSelector("#create-acls button")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("acls"), "loopback pbx"));
        WebElement addr = d.findElement(By.cssSelector("#acls form.attach"));
        addr.findElement(By.cssSelector("input[name=FriendlyName]")).sendKeys("pbx");
        addr.findElement(By.cssSelector("input[name=IpAddress]")).sendKeys("127.0.0.1");
        addr.findElement(By.cssSelector("button")).click();
        // the page reloads after a write: wait for the new page, not only the database
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("acls"), "127.0.0.1/32"));

        d.get(base + "/console/trunks");
        d.findElement(By.id("new-FriendlyName")).sendKeys("browser-pbx");
        d.findElement(By.id("new-CpsLimit")).sendKeys("lots");
        d.findElement(By.cssSelector("#create-trunks button")).click();
        WebElement error = await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#create-trunks [data-error-for=CpsLimit]")));
        assertThat(error.getText()).as("the API's message next to the field").contains("CpsLimit").contains("lots");
        d.findElement(By.id("new-CpsLimit")).clear();
        d.findElement(By.cssSelector("#create-trunks button")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trunks"), "browser-pbx"));
        WebElement attach = d.findElement(By.xpath("//table[@id='trunks']//form[.//button[text()='Attach ACL']]"));
        new Select(attach.findElement(By.name("IpAccessControlListSid"))).selectByVisibleText("loopback pbx");
        attach.findElement(By.cssSelector("button")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trunks"), "ACL loopback pbx"));
        String trunkSid = (String) daemon.provisioning().rows().find("trunks", "friendly_name = ?", "browser-pbx")
                .orElseThrow().get("sid");
        // edit in place: the API's refusal next to the field, then the change saved
        d.findElement(By.cssSelector("#trunks details.edit summary")).click();
        WebElement cps = d.findElement(By.id("edit-" + trunkSid + "-CpsLimit"));
        assertThat(cps.getAttribute("value")).as("the current value is filled in").isEqualTo("0");
        cps.clear();
        cps.sendKeys("-3");
        d.findElement(By.cssSelector("#trunks .edit-form button")).click();
        assertThat(await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#trunks .edit-form [data-error-for=CpsLimit]"))).getText()).contains("CpsLimit", "-3");
        cps.clear();
        cps.sendKeys("25");
        d.findElement(By.cssSelector("#trunks .edit-form button")).click();
        await().until(d2 -> Integer.valueOf(25).equals(((Number) daemon.provisioning().rows()
                .find("trunks", "sid = ?", trunkSid).orElseThrow().get("cps_limit")).intValue()));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#trunks tbody tr"), "25"));
        // an optional field set, then emptied: the edit sends DisasterRecoveryUrl= and the API clears it
        d.findElement(By.cssSelector("#trunks details.edit summary")).click();
        d.findElement(By.id("edit-" + trunkSid + "-DisasterRecoveryUrl")).sendKeys("https://dr.example.com/voice");
        d.findElement(By.cssSelector("#trunks .edit-form button")).click();
        await().until(d2 -> "https://dr.example.com/voice".equals(trunk(trunkSid).get("disaster_recovery_url")));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#trunks tbody tr"),
                "https://dr.example.com/voice"));
        d.findElement(By.cssSelector("#trunks details.edit summary")).click();
        WebElement dr = d.findElement(By.id("edit-" + trunkSid + "-DisasterRecoveryUrl"));
        assertThat(dr.getAttribute("value")).isEqualTo("https://dr.example.com/voice");
        dr.clear();
        d.findElement(By.cssSelector("#trunks .edit-form button")).click();
        await().until(d2 -> trunk(trunkSid).get("disaster_recovery_url") == null);
        await().until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("trunks"),
                "dr.example.com")));
        assertThat(((Number) trunk(trunkSid).get("cps_limit")).intValue()).as("the fields left alone are kept").isEqualTo(25);
        assertThat(trunk(trunkSid).get("friendly_name")).isEqualTo("browser-pbx");
        // the trunk records its calls from the answer (POST /v1/Trunks/{Sid}/Recording from the row's form)
        WebElement recording = d.findElement(By.xpath("//table[@id='trunks']//form[.//button[text()='Set recording']]"));
        assertThat(new Select(recording.findElement(By.name("Mode"))).getFirstSelectedOption().getText())
                .as("the trunk's mode now").isEqualTo("do-not-record");
        new Select(recording.findElement(By.name("Mode"))).selectByVisibleText("record-from-answer");
        recording.findElement(By.cssSelector("button")).click();
        await().until(d2 -> "record-from-answer".equals(trunk(trunkSid).get("recording_mode")));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trunks"), "record-from-answer"));
        assertThat(trunk(trunkSid).get("recording_trim")).isEqualTo("do-not-trim");
        d.executeScript("window.scrollTo(0, 0)");
        browser.screenshot("trunks");

        d.get(base + "/console/routes");
        d.findElement(By.id("new-FriendlyName")).sendKeys("us-west");
        d.findElement(By.id("new-Prefix")).sendKeys("1415");
        new Select(d.findElement(By.id("new-CarrierSid"))).selectByVisibleText("console-carrier");
        d.findElement(By.cssSelector("#create-routes button")).click();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("routes"), "us-west"));
        browser.screenshot("routes");

        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer();
                Sipp.Running pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", "+14155550100").startAgainst(sipPort)) {
            d.get(base + "/console/live");
            WebElement row = await().until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//tbody[@id='live-rows']/tr[td[6]='answered']")));
            assertThat(row.getText()).contains("+14155550100", "browser-pbx", "console-carrier", "gw1");
            assertThat(row.findElement(By.xpath("td[8]")).getText()).isEqualTo("no media yet");
            // RTP into both of the call's relay ports: the Live page shows each leg's packets, loss, jitter and MOS
            try (java.net.DatagramSocket rtp = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", 0))) {
                List<Integer> ports = relayPortsInUse();
                assertThat(ports).as("the call's two relay RTP ports").hasSizeGreaterThanOrEqualTo(2);
                for (int seq = 0; seq < 50; seq++) {
                    for (int port : ports) {
                        rtp.send(new java.net.DatagramPacket(rtpPacket(seq, port), 172, java.net.InetAddress.getLoopbackAddress(), port));
                    }
                    Thread.sleep(20); // a 20 ms packet clock, as a phone sends
                }
            }
            await().until(d2 -> d2.findElement(By.xpath("//tbody[@id='live-rows']/tr[td[6]='answered']/td[8]")).getText()
                    .matches("\\d+ pkts · loss 0\\.0% · jitter [0-9.]+ ms · MOS [1-5]\\.\\d\\d"));
            await().until(d2 -> d2.findElement(By.xpath("//tbody[@id='live-rows']/tr[td[6]='answered']/td[9]")).getText()
                    .contains("pkts"));
            browser.screenshot("live");
            // hang up from the console (the row is redrawn every second: find the button afresh until a click lands)
            await().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d2 -> {
                d2.findElement(By.xpath("//tbody[@id='live-rows']/tr[td[6]='answered']//button[contains(@class, 'danger')]"))
                        .click();
                return true;
            });
            assertThat(pbx.await().allCallsSucceeded()).as("the PBX got the console's BYE").isTrue();
            // the page reloads after the API answered, and then has no call left
            await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-rows"), "No calls in progress."));
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
        await().until(d2 -> daemon.provisioning().rows().count("calls", "trunk_sid = ?", List.of(trunkSid)) == 1);
        d.get(base + "/console/calls?number=4155550100");
        WebElement call = d.findElement(By.cssSelector("#calls tbody tr"));
        assertThat(call.getText()).contains("+14155550100", "browser-pbx", "console-carrier", "completed");
        browser.screenshot("calls");
        String callSid = (String) daemon.provisioning().rows().find("calls", "trunk_sid = ?", trunkSid).orElseThrow()
                .get("sid");
        // the attempts are written by their own thread once the call ended
        await().until(d2 -> io.softswitch.core.cdr.CallAttempts.of(daemon.provisioning().rows().jdbc(), callSid).size() == 1);
        call.findElement(By.cssSelector("a")).click();
        assertThat(d.findElement(By.id("legs")).getText()).contains("A: inbound", "+14155550100", "browser-pbx",
                "B: outbound", "console-carrier", "gw1");
        assertThat(d.findElement(By.cssSelector("#attempts tbody tr")).getText()).contains("1", "console-carrier", "gw1",
                "sip:127.0.0.1:" + carrierPort, "200 OK");
        assertThat(d.findElement(By.id("media")).getText()).contains("Packets caller to callee", "Packets lost");
        assertThat(Long.parseLong(d.findElement(By.xpath("//dl[@id='media']/dd[1]")).getText())).as("RTP from the caller")
                .isGreaterThan(0);
        // the recording: a player fed by the Recordings API through the console session
        await().until(d2 -> daemon.provisioning().rows().count("recordings", "call_sid = ? AND status = 'completed'",
                List.of(callSid)) == 1);
        Map<String, Object> rec = daemon.provisioning().rows().find("recordings", "call_sid = ?", callSid).orElseThrow();
        String recSid = (String) rec.get("sid");
        d.navigate().refresh();
        assertThat(d.findElement(By.cssSelector("#recordings tbody tr")).getText()).contains("1 (both mixed)", "Trunking",
                "completed", recSid);
        await().until(d2 -> Boolean.TRUE.equals(d.executeScript("var a = document.querySelector('#recordings audio');"
                + " return a.readyState >= 1 && a.duration > 0")));
        double seconds = ((Number) d.executeScript("return document.querySelector('#recordings audio').duration"))
                .doubleValue();
        assertThat(seconds).as("the browser decoded the WAV's length").isCloseTo(
                ((Number) rec.get("duration_ms")).longValue() / 1000.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(seconds).as("from the answer to the hang-up, with 50 packets of 20 ms (1 s) sent in between")
                .isBetween(0.95, 30.0);
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1350)); // down to the recordings
        browser.screenshot("call-detail");
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        String main = daemon.provisioning().mainAccountSid();
        HttpResponse<byte[]> audio = getBytes(browserSession(), "/2010-04-01/Accounts/" + main + "/Recordings/" + recSid
                + ".wav");
        assertThat(audio.statusCode()).isEqualTo(200);
        assertThat(new String(audio.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        // another tenant's console user gets neither the audio (under either account's path) nor the call
        ConsoleUsers.Session other = subaccountUser("dave");
        String otherAccount = other.user().accountSid();
        for (String path : List.of("/2010-04-01/Accounts/" + main + "/Recordings/" + recSid + ".wav",
                "/2010-04-01/Accounts/" + otherAccount + "/Recordings/" + recSid + ".wav",
                "/2010-04-01/Accounts/" + otherAccount + "/Recordings/" + recSid + ".json")) {
            HttpResponse<byte[]> refused = getBytes(other.id(), path);
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("RIFF");
        }
        assertThat(getBytes(other.id(), "/console/calls/" + callSid).statusCode()).isEqualTo(404);
        assertThat(send(other, "DELETE", "/2010-04-01/Accounts/" + otherAccount + "/Recordings/" + recSid + ".json", "")
                .statusCode()).isEqualTo(404);
        // delete, after the browser's confirmation
        d.findElement(By.cssSelector("#recordings button.danger")).click();
        org.openqa.selenium.Alert confirm = await().until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Delete recording " + recSid);
        confirm.accept();
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("recordings"), "Not recorded."));
        assertThat(daemon.provisioning().rows().count("recordings", "sid = ?", List.of(recSid))).isZero();
        assertThat(daemon.recordings().file(recSid)).doesNotExist();

        d.get(base + "/console/dashboard");
        await().until(d2 -> "drawn".equals(d2.findElement(By.tagName("body")).getAttribute("data-dashboard")));
        assertThat(d.findElement(By.id("trunk-cps")).getText()).as("the trunk's line in the legend").contains("browser-pbx");
        assertThat(d.findElement(By.id("carrier-asr")).getText()).contains("console-carrier");
        // relay latency p99 per trunk and per carrier: the call's sampled packets, merged
        assertThat(d.findElement(By.id("trunk-relay")).getText()).contains("browser-pbx");
        assertThat(d.findElement(By.id("carrier-relay")).getText()).contains("console-carrier");
        Map<?, ?> keyed = (Map<?, ?>) new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                new String(getBytes(browserSession(), "/console/dashboard.json").body(),
                        java.nio.charset.StandardCharsets.UTF_8), Map.class).get("keyed");
        for (String[] k : new String[][] {{"trunks", "browser-pbx"}, {"carriers", "console-carrier"}}) {
            List<?> p99 = (List<?>) ((Map<?, ?>) ((Map<?, ?>) keyed.get(k[0])).get("relay_p99_us")).get(k[1]);
            assertThat(p99.stream().filter(java.util.Objects::nonNull).map(v -> ((Number) v).doubleValue()).toList())
                    .as(k[1] + ": a p99 in the last hour").isNotEmpty().allMatch(v -> v >= 1 && v <= 1_048_576);
        }
        assertThat(d.findElement(By.id("gateways")).getText()).contains("console-carrier", "up");
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2500)); // the whole dashboard in one picture
        browser.screenshot("dashboard");
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        String gwSid = (String) daemon.provisioning().rows().find("gateways", "1 = 1").orElseThrow().get("sid");
        daemon.metrics().gatewayHealth("console-carrier", gwSid, false); // as the prober reports a dead gateway
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#gateways .down"), "down"));
        daemon.metrics().gatewayHealth("console-carrier", gwSid, true);
        d.get(base + "/console/routing");
        new Select(d.findElement(By.id("trunk"))).selectByVisibleText("browser-pbx");
        d.findElement(By.id("number")).sendKeys("+14155550123");
        d.findElement(By.cssSelector("#dry-run button")).click();
        assertThat(await().until(ExpectedConditions.visibilityOfElementLocated(By.id("decision"))).getText())
                .contains("console-carrier", "+14155550123");
        browser.screenshot("routing");
        for (String page : List.of("carriers", "numbers", "acls", "credential-lists", "audit")) {
            d.get(base + "/console/" + page);
            browser.screenshot(page);
        }
        assertThat(d.findElement(By.id("audit")).getText()).contains("POST /v1/Trunks", "POST /v1/Routes",
                "POST /2010-04-01/Accounts/" + main + "/Calls/" + callSid + ".json", "POST /v1/Trunks/" + trunkSid,
                "DELETE /2010-04-01/Accounts/" + main + "/Recordings/" + recSid + ".json");
        // detach the ACL from the trunk in place
        d.get(base + "/console/trunks");
        d.findElement(By.cssSelector("#trunks button[aria-label='Remove ACL loopback pbx']")).click();
        await().until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.id("trunks"),
                "ACL loopback pbx")));
        assertThat(daemon.provisioning().rows().count("trunk_ip_access_control_lists", "trunk_sid = ?", List.of(trunkSid)))
                .isZero();
        d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844)); // a phone's width
        d.get(base + "/console/calls");
        browser.screenshot("calls-phone");
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    @Test
    void aViewerSeesNoFormAndAForgedPostIsRefused() throws Exception {
        signIn("vic", code("vic"));
        await().until(ExpectedConditions.urlContains("/console/live"));
        browser.driver.get(base + "/console/trunks");
        assertThat(browser.driver.findElements(By.id("create-trunks"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("#trunks button"))).isEmpty();
        browser.screenshot("trunks-viewer");
        String csrf = browser.driver.findElement(By.cssSelector("meta[name=csrf-token]")).getAttribute("content");
        HttpResponse<String> forged = post("/v1/Trunks", csrf, "FriendlyName=forged");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(daemon.provisioning().rows().count("trunks", "friendly_name = ?", List.of("forged"))).isZero();
    }

    @Test
    void aWriteWithoutTheCsrfTokenIsRefused() throws Exception {
        signIn("ada", code("ada"));
        await().until(ExpectedConditions.urlContains("/console/live"));
        assertThat(post("/v1/Trunks", null, "FriendlyName=no-csrf").statusCode()).isEqualTo(403);
        assertThat(post("/v1/Trunks", "0".repeat(64), "FriendlyName=no-csrf").statusCode()).isEqualTo(403);
        String hangUp = "/2010-04-01/Accounts/" + daemon.provisioning().mainAccountSid() + "/Calls/CA" + "0".repeat(32)
                + ".json";
        assertThat(post(hangUp, null, "Status=completed").statusCode()).isEqualTo(403);
        assertThat(daemon.provisioning().rows().count("trunks", "friendly_name = ?", List.of("no-csrf"))).isZero();
    }

    @Test
    void aSubaccountUserSeesOnlyItsAccount() throws Exception {
        java.util.Properties creds = new java.util.Properties();
        try (var in = Files.newInputStream(dataDir.resolve("credentials"))) {
            creds.load(in);
        }
        var main = new io.softswitch.core.testing.ApiClient(daemon.httpPort(), creds.getProperty("SOFTSWITCH_ACCOUNT_SID"),
                creds.getProperty("SOFTSWITCH_AUTH_TOKEN"));
        assertThat(main.post("/v1/Trunks", "FriendlyName", "operators-own").status()).isEqualTo(201);
        var sub = main.post("/2010-04-01/Accounts.json", "FriendlyName", "customer");
        String subSid = sub.text("sid");
        var customer = main.as(subSid, sub.text("auth_token"));
        assertThat(customer.post("/v1/Trunks", "FriendlyName", "customers-own").status()).isEqualTo(201);
        ConsoleUsers db = new ConsoleUsers(daemon.provisioning().rows().jdbc());
        db.add("carol", PASSWORD, ConsoleUser.Role.ADMIN, subSid);
        ConsoleUsers.Session carol = db.open(db.find("carol").orElseThrow());

        HttpResponse<String> page = send(carol, "GET", "/console/trunks", null);
        assertThat(page.body()).contains("customers-own").doesNotContain("operators-own");
        assertThat(send(carol, "GET", "/v1/Trunks", null).body()).contains("customers-own").doesNotContain("operators-own");
        assertThat(send(carol, "GET", "/console/carriers", null).body()).contains("managed by the operator")
                .doesNotContain("console-carrier");
        assertThat(send(carol, "POST", "/v1/Carriers", "FriendlyName=mine").statusCode()).isEqualTo(404);
        // the dashboard: only the customer's trunks, no switch-wide or carrier series, no gateways
        String charts = send(carol, "GET", "/console/dashboard.json", null).body();
        assertThat(charts).contains("\"trunks\"").doesNotContain("console-carrier", "operators-own");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(charts, Map.class).keySet())
                .as("no switch-wide series").containsExactly("keyed");
        assertThat(send(carol, "GET", "/console/dashboard/gateways", null).body()).isEmpty();
        assertThat(send(carol, "GET", "/console/dashboard", null).body()).doesNotContain("Per carrier", "Gateways");
        // the customer's call record: carol and the operator see it, the operator among its subaccounts' calls
        String callSid = io.softswitch.core.store.Sids.next("CA");
        Instant t = Instant.now().minusSeconds(60);
        daemon.cdrs().submit(io.softswitch.core.cdr.CallRecord.builder(callSid, subSid).to("+14155550177")
                .from("+14155550166").status("completed").direction("trunking-terminating").startTime(t)
                .answerTime(t).endTime(t.plusSeconds(30)).durationSeconds(30).sipCallId("sub@pbx").sipResponseCode(200)
                .hangupBy("caller").build());
        await().until(d -> daemon.provisioning().rows().count("calls", "sid = ?", List.of(callSid)) == 1);
        ConsoleUsers.Session ada = db.open(db.find("ada").orElseThrow());
        for (ConsoleUsers.Session who : List.of(carol, ada)) {
            assertThat(send(who, "GET", "/console/calls", null).body()).contains(callSid, "+14155550177");
            assertThat(send(who, "GET", "/console/calls/" + callSid, null).statusCode()).isEqualTo(200);
        }
        ConsoleUsers.Session other = subaccountUser("erin");
        assertThat(send(other, "GET", "/console/calls", null).body()).doesNotContain(callSid);
        assertThat(send(other, "GET", "/console/calls/" + callSid, null).statusCode()).isEqualTo(404);
        // deleted by its tenant through the API: gone from the console too, as from the API
        assertThat(customer.delete("/2010-04-01/Accounts/" + subSid + "/Calls/" + callSid + ".json").status())
                .isEqualTo(204);
        for (ConsoleUsers.Session who : List.of(carol, ada)) {
            assertThat(send(who, "GET", "/console/calls", null).body()).doesNotContain(callSid);
            assertThat(send(who, "GET", "/console/calls/" + callSid, null).statusCode()).isEqualTo(404);
        }
        assertThat(send(carol, "POST", "/v1/Trunks", "FriendlyName=made-by-carol").statusCode()).isEqualTo(201);
        assertThat(daemon.provisioning().rows().find("trunks", "friendly_name = ?", "made-by-carol").orElseThrow()
                .get("account_sid")).isEqualTo(subSid);
    }

    private static Map<String, Object> trunk(String sid) {
        return daemon.provisioning().rows().find("trunks", "sid = ?", sid).orElseThrow();
    }

    /** The browser's console session cookie. */
    private static String browserSession() {
        return browser.driver.manage().getCookieNamed(Console.SESSION_COOKIE).getValue();
    }

    private static HttpResponse<byte[]> getBytes(String session, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", Console.SESSION_COOKIE + "=" + session).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A signed-in admin of a new subaccount (made with the main account's API credentials). */
    private static ConsoleUsers.Session subaccountUser(String name) throws Exception {
        java.util.Properties creds = new java.util.Properties();
        try (var in = Files.newInputStream(dataDir.resolve("credentials"))) {
            creds.load(in);
        }
        var main = new io.softswitch.core.testing.ApiClient(daemon.httpPort(), creds.getProperty("SOFTSWITCH_ACCOUNT_SID"),
                creds.getProperty("SOFTSWITCH_AUTH_TOKEN"));
        String sub = main.post("/2010-04-01/Accounts.json", "FriendlyName", name + "-tenant").text("sid");
        ConsoleUsers db = new ConsoleUsers(daemon.provisioning().rows().jdbc());
        db.add(name, PASSWORD, ConsoleUser.Role.ADMIN, sub);
        return db.open(db.find(name).orElseThrow());
    }

    /** The even ports of the test's relay range that something holds: the call's RTP ports (nothing else runs here). */
    private static List<Integer> relayPortsInUse() {
        List<Integer> held = new java.util.ArrayList<>();
        for (int port = mediaMin + (mediaMin % 2); port < mediaMax; port += 2) {
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", port))) {
                // free: not the relay's
            } catch (java.net.SocketException e) {
                held.add(port);
            }
        }
        return held;
    }

    /** RTP (RFC 3550) PCMU, 20 ms of silence, one SSRC per destination port. */
    private static byte[] rtpPacket(int seq, int ssrc) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(172);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(ssrc);
        while (b.hasRemaining()) {
            b.put((byte) 0xFF);
        }
        return b.array();
    }

    private static HttpResponse<String> send(ConsoleUsers.Session s, String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", Console.SESSION_COOKIE + "=" + s.id());
        if (body == null) {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            r.header("Content-Type", "application/x-www-form-urlencoded").header(Console.CSRF_HEADER, s.csrf())
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST outside the browser carrying the browser's session cookie, as a forging page would. */
    private static HttpResponse<String> post(String path, String csrf, String body) throws Exception {
        String session = browser.driver.manage().getCookieNamed(Console.SESSION_COOKIE).getValue();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", Console.SESSION_COOKIE + "=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            r.header(Console.CSRF_HEADER, csrf);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
