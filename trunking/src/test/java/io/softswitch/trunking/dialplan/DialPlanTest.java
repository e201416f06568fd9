package io.softswitch.trunking.dialplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.TimeWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DialPlanTest {
    private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    private static RouteEntry to(String carrier) {
        return new RouteEntry(null, carrier, 0, 1, null, RouteAction.ROUTE, List.of());
    }

    @Test
    void longestPrefixWins() {
        DialPlan plan = DialPlan.builder()
                .add("", to("default"))
                .add("1", to("nanp"))
                .add("1415", to("bay-area"))
                .add("1415555", to("fiction"))
                .add("44", to("uk"))
                .build();
        assertThat(plan.longestMatch("14155550100")).containsExactly(to("fiction"));
        assertThat(plan.longestMatch("14155560100")).containsExactly(to("bay-area"));
        assertThat(plan.longestMatch("12125550100")).containsExactly(to("nanp"));
        assertThat(plan.longestMatch("442079460000")).containsExactly(to("uk"));
        assertThat(plan.longestMatch("33142685300")).containsExactly(to("default"));
        assertThat(plan.prefixCount()).isEqualTo(5);
    }

    @Test
    void withoutADefaultRouteAnUnmatchedNumberHasNoEntries() {
        DialPlan plan = DialPlan.builder().add("44", to("uk")).build();
        assertThat(plan.longestMatch("14155550100")).isEmpty();
        assertThat(plan.select("14155550100", e -> true)).isNull();
        assertThat(DialPlan.EMPTY.longestMatch("14155550100")).isEmpty();
    }

    @Test
    void allEntriesOfOnePrefixAreKept() {
        DialPlan plan = DialPlan.builder().add("1", to("a")).add("1", to("b")).add("1", to("c")).build();
        assertThat(plan.longestMatch("14155550100")).containsExactly(to("a"), to("b"), to("c"));
        assertThat(plan.prefixCount()).isEqualTo(1);
    }

    @Test
    void selectFallsBackToAShorterPrefixWhenTheLongerHasNothingUsable() {
        RouteEntry night = new RouteEntry(null, "night", 0, 1, null, RouteAction.ROUTE, List.of());
        DialPlan plan = DialPlan.builder().add("1", to("day")).add("1415", night).build();
        DialPlan.Match m = plan.select("14155550100", e -> !e.carrier().equals("night"));
        assertThat(m.prefix()).isEqualTo("1");
        assertThat(m.entries()).containsExactly(to("day"));
        assertThat(plan.select("14155550100", e -> true).prefix()).isEqualTo("1415");
    }

    @Test
    void badPrefixesAreRefused() {
        assertThatThrownBy(() -> DialPlan.builder().add("1a", to("x")))
                .hasMessage("prefix: '1a' (expected: 0-15 digits)");
        assertThatThrownBy(() -> DialPlan.builder().add("1234567890123456", to("x")))
                .hasMessage("prefix: '1234567890123456' (expected: 0-15 digits)");
    }

    @Test
    void nonDigitInTheNumberEndsTheWalk() {
        DialPlan plan = DialPlan.builder().add("", to("default")).add("12", to("x")).build();
        assertThat(plan.longestMatch("1*2")).containsExactly(to("default"));
    }

    @Test
    void timeWindowHoldsOnItsDaysBetweenStartAndEnd() {
        TimeWindow office = new TimeWindow(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
                LocalTime.of(17, 0), LA);
        RouteEntry e = new RouteEntry(null, "c", 0, 1, null, RouteAction.ROUTE, List.of(office));
        // 2024-01-05 is a Friday; 17:00 UTC = 09:00 PST
        assertThat(e.activeAt(Instant.parse("2024-01-05T17:00:00Z"))).isTrue();
        assertThat(e.activeAt(Instant.parse("2024-01-06T00:59:59Z"))).isTrue();  // Fri 16:59:59
        assertThat(e.activeAt(Instant.parse("2024-01-06T01:00:00Z"))).isFalse(); // Fri 17:00 end is exclusive
        assertThat(e.activeAt(Instant.parse("2024-01-04T18:00:00Z"))).isFalse(); // Thursday
    }

    @Test
    void windowEndingBeforeItStartsSpansMidnightAndBelongsToItsStartDay() {
        TimeWindow fridayNight = new TimeWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0),
                ZoneId.of("UTC"));
        RouteEntry e = new RouteEntry(null, "c", 0, 1, null, RouteAction.ROUTE, List.of(fridayNight));
        assertThat(e.activeAt(Instant.parse("2024-01-05T23:00:00Z"))).isTrue();  // Fri 23:00
        assertThat(e.activeAt(Instant.parse("2024-01-06T05:00:00Z"))).isTrue();  // Sat 05:00
        assertThat(e.activeAt(Instant.parse("2024-01-06T06:00:00Z"))).isFalse(); // Sat 06:00
        assertThat(e.activeAt(Instant.parse("2024-01-05T05:00:00Z"))).isFalse(); // Fri 05:00 belongs to Thursday
        assertThat(e.activeAt(Instant.parse("2024-01-06T23:00:00Z"))).isFalse(); // Sat 23:00
    }

    @Test
    void windowWithoutDaysHoldsEveryDay() {
        TimeWindow daily = new TimeWindow(Set.of(), LocalTime.of(8, 0), LocalTime.of(20, 0), ZoneId.of("UTC"));
        RouteEntry e = new RouteEntry(null, "c", 0, 1, null, RouteAction.ROUTE, List.of(daily));
        assertThat(e.activeAt(Instant.parse("2024-01-07T12:00:00Z"))).isTrue();
        assertThat(e.activeAt(Instant.parse("2024-01-07T21:00:00Z"))).isFalse();
    }

    @Test
    void trunkScopedEntryAppliesOnlyToItsTrunk() {
        RouteEntry e = new RouteEntry(null, "c", 0, 1, "acme", RouteAction.ROUTE, List.of());
        assertThat(e.appliesTo("acme")).isTrue();
        assertThat(e.appliesTo("globex")).isFalse();
        assertThat(to("c").appliesTo("globex")).isTrue();
    }
}
