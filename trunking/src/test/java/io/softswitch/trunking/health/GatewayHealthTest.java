package io.softswitch.trunking.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayHealthTest {
    private static final Instant T0 = Instant.parse("2024-01-05T12:00:00Z");
    private static final HealthPolicy POLICY = new HealthPolicy(3, 2, 600_000);
    private static final ProbeResult OK = new ProbeResult.Reply(200, Duration.ofMillis(12));
    private static final ProbeResult TIMEOUT = new ProbeResult.Timeout();

    @Test
    void neverProbedGatewayIsUp() {
        assertThat(GatewayHealth.initial(T0).isDown(T0)).isFalse();
    }

    @Test
    void goesDownAfterTheFailureThresholdAndUpAfterTheSuccessThreshold() {
        GatewayHealth h = GatewayHealth.initial(T0);
        h = h.next(TIMEOUT, T0, POLICY);
        h = h.next(new ProbeResult.TransportError("connection refused"), T0, POLICY);
        assertThat(h.up()).isTrue();
        h = h.next(TIMEOUT, T0.plusSeconds(30), POLICY);
        assertThat(h.up()).isFalse();
        assertThat(h.since()).isEqualTo(T0.plusSeconds(30));
        h = h.next(OK, T0.plusSeconds(60), POLICY);
        assertThat(h.up()).isFalse();
        h = h.next(OK, T0.plusSeconds(90), POLICY);
        assertThat(h.up()).isTrue();
        assertThat(h.lastLatency()).isEqualTo(Duration.ofMillis(12));
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        GatewayHealth h = GatewayHealth.initial(T0);
        for (int i = 0; i < 10; i++) {
            h = h.next(TIMEOUT, T0, POLICY).next(TIMEOUT, T0, POLICY).next(OK, T0, POLICY);
        }
        assertThat(h.up()).isTrue();
    }

    @Test
    void status503CountsAsAFailureButOtherRepliesProveLife() {
        GatewayHealth h = GatewayHealth.initial(T0);
        ProbeResult unavailable = new ProbeResult.Reply(503, Duration.ofMillis(5));
        h = h.next(unavailable, T0, POLICY).next(unavailable, T0, POLICY).next(unavailable, T0, POLICY);
        assertThat(h.up()).isFalse();
        GatewayHealth g = GatewayHealth.initial(T0);
        ProbeResult notAllowed = new ProbeResult.Reply(405, Duration.ofMillis(5));
        for (int i = 0; i < 5; i++) {
            g = g.next(notAllowed, T0, POLICY);
        }
        assertThat(g.up()).isTrue();
    }

    @Test
    void retryAfterHoldsTheGatewayDownForThatLong() {
        GatewayHealth h = GatewayHealth.initial(T0)
                .next(new ProbeResult.Reply(503, Duration.ofMillis(5), Duration.ofSeconds(120)), T0, POLICY);
        assertThat(h.isDown(T0)).isTrue();
        h = h.next(OK, T0.plusSeconds(30), POLICY).next(OK, T0.plusSeconds(60), POLICY);
        assertThat(h.isDown(T0.plusSeconds(60))).as("successes during the hold do not count").isTrue();
        h = h.next(OK, T0.plusSeconds(121), POLICY);
        assertThat(h.up()).isFalse();
        h = h.next(OK, T0.plusSeconds(151), POLICY);
        assertThat(h.isDown(T0.plusSeconds(151))).isFalse();
    }

    @Test
    void retryAfterIsCapped() {
        GatewayHealth h = GatewayHealth.initial(T0)
                .next(new ProbeResult.Reply(503, Duration.ZERO, Duration.ofDays(7)), T0, POLICY);
        assertThat(h.heldUntil()).isEqualTo(T0.plusMillis(600_000));
    }

    @Test
    void boardReportsTransitionsAndAnswersTheRouter() {
        List<String> changes = new ArrayList<>();
        var board = new GatewayHealthBoard(new HealthPolicy(1, 1, 1000), Clock.fixed(T0, ZoneOffset.UTC),
                (id, health) -> changes.add(id + (health.up() ? " up" : " down")));
        GatewayId id = new GatewayId("acme", "gw1");
        assertThat(board.isDown(id)).isFalse();
        board.record(id, TIMEOUT);
        assertThat(board.isDown(id)).isTrue();
        board.record(id, TIMEOUT);
        board.record(id, OK);
        assertThat(board.isDown(id)).isFalse();
        assertThat(changes).containsExactly("acme/gw1 down", "acme/gw1 up");
        assertThat(board.snapshot()).containsKey(id);
    }
}
