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
        WebElement attach = d.findElement(By.cssSelector("#trunks form.attach"));
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
            row = d.findElement(By.xpath("//tbody[@id='live-rows']/tr[td[6]='answered']"));
            browser.screenshot("live");
            row.findElement(By.cssSelector("button.danger")).click(); // hang up from the console
            assertThat(pbx.await().allCallsSucceeded()).as("the PBX got the console's BYE").isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
        await().until(d2 -> daemon.provisioning().rows().count("calls", "1 = 1", List.of()) == 1);
        d.get(base + "/console/calls?number=4155550100");
        WebElement call = d.findElement(By.cssSelector("#calls tbody tr"));
        assertThat(call.getText()).contains("+14155550100", "browser-pbx", "console-carrier", "completed");
        browser.screenshot("calls");
        String callSid = (String) daemon.provisioning().rows().find("calls", "1 = 1").orElseThrow().get("sid");
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
        browser.screenshot("call-detail");

        d.get(base + "/console/dashboard");
        await().until(d2 -> "drawn".equals(d2.findElement(By.tagName("body")).getAttribute("data-dashboard")));
        assertThat(d.findElement(By.id("trunk-cps")).getText()).as("the trunk's line in the legend").contains("browser-pbx");
        assertThat(d.findElement(By.id("carrier-asr")).getText()).contains("console-carrier");
        assertThat(d.findElement(By.id("gateways")).getText()).contains("console-carrier", "up");
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2000)); // the whole dashboard in one picture
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
        assertThat(d.findElement(By.id("audit")).getText()).contains("POST /v1/Trunks", "POST /v1/Routes", "hang up",
                "POST /v1/Trunks/" + trunkSid);
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
        assertThat(post("/console/live/CA00/hangup", null, "").statusCode()).isEqualTo(403);
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
        assertThat(charts).contains("\"trunks\"").doesNotContain("relay_p99_us", "console-carrier", "operators-own");
        assertThat(send(carol, "GET", "/console/dashboard/gateways", null).body()).isEmpty();
        assertThat(send(carol, "GET", "/console/dashboard", null).body()).doesNotContain("Per carrier", "Gateways");
        assertThat(send(carol, "POST", "/v1/Trunks", "FriendlyName=made-by-carol").statusCode()).isEqualTo(201);
        assertThat(daemon.provisioning().rows().find("trunks", "friendly_name = ?", "made-by-carol").orElseThrow()
                .get("account_sid")).isEqualTo(subSid);
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
