package io.softswitch.trunking.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.RewriteRule;
import io.softswitch.config.provisioning.RewriteRule.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewriterAndFormatterTest {

    @Test
    void rulesApplyInOrder() {
        Rewriter r = Rewriter.of(List.of(
                new RewriteRule(Kind.STRIP, null, "1"),          // outside-line 9
                new RewriteRule(Kind.REGEX, "^011", "+"),        // international access code
                new RewriteRule(Kind.PREFIX, null, "*")));
        assertThat(r.apply("9011442079460000")).isEqualTo("*+442079460000");
    }

    @Test
    void stripBeyondTheLengthLeavesNothing() {
        assertThat(Rewriter.of(List.of(new RewriteRule(Kind.STRIP, null, "5"))).apply("911")).isEmpty();
    }

    @Test
    void regexGroupsAreAvailable() {
        Rewriter r = Rewriter.of(List.of(new RewriteRule(Kind.REGEX, "^\\+1(\\d{10})$", "$1")));
        assertThat(r.apply("+14155550100")).isEqualTo("4155550100");
        assertThat(r.apply("+442079460000")).isEqualTo("+442079460000");
    }

    @Test
    void badRulesNameTheRule() {
        assertThatThrownBy(() -> Rewriter.of(List.of(new RewriteRule(Kind.PREFIX, null, "1"),
                new RewriteRule(Kind.REGEX, "(", "x"))))
                .hasMessage("rewrite[1].match: '(' (expected: a Java regular expression)");
        assertThatThrownBy(() -> Rewriter.of(List.of(new RewriteRule(Kind.STRIP, null, "two"))))
                .hasMessage("rewrite[0].strip: 'two' (expected: a number of leading characters to remove)");
    }

    @Test
    void carrierFormats() {
        E164Number us = new E164Number("+14155550100");
        E164Number gb = new E164Number("+442079460000");
        assertThat(NumberFormatter.format(us, NumberFormat.E164)).isEqualTo("+14155550100");
        assertThat(NumberFormatter.format(us, NumberFormat.E164_WITHOUT_PLUS)).isEqualTo("14155550100");
        assertThat(NumberFormatter.format(us, NumberFormat.NATIONAL)).isEqualTo("4155550100");
        assertThat(NumberFormatter.format(gb, NumberFormat.NATIONAL)).isEqualTo("02079460000");
    }

    @Test
    void e164SyntaxIsChecked() {
        assertThat(E164Number.isSyntax("+14155550100")).isTrue();
        assertThat(E164Number.isSyntax("+0155550100")).isFalse();
        assertThat(E164Number.isSyntax("+1234567890123456")).isFalse();
        assertThat(E164Number.isSyntax("14155550100")).isFalse();
        assertThatThrownBy(() -> new E164Number("4155550100"))
                .hasMessage("number: '4155550100' (expected: + and 1-15 digits, e.g. +14155550100)");
    }
}
