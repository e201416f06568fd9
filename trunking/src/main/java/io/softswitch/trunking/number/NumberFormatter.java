package io.softswitch.trunking.number;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.softswitch.config.provisioning.NumberFormat;

/** Writes an E.164 number the way a carrier wants it. */
public final class NumberFormatter {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private NumberFormatter() {
    }

    /**
     * {@code E164}: {@code +14155550100}; {@code E164_WITHOUT_PLUS}: {@code 14155550100};
     * {@code NATIONAL}: the digits of the national dialing form of the number's own region,
     * national prefix included where the region uses one ({@code 4155550100},
     * {@code 02079460000}).
     */
    public static String format(E164Number number, NumberFormat format) {
        switch (format) {
            case E164 -> {
                return number.value();
            }
            case E164_WITHOUT_PLUS -> {
                return number.digits();
            }
            case NATIONAL -> {
                try {
                    String national = UTIL.format(UTIL.parse(number.value(), "ZZ"), PhoneNumberFormat.NATIONAL);
                    return PhoneNumberUtil.normalizeDigitsOnly(national);
                } catch (NumberParseException e) {
                    return number.digits(); // unreachable for a validated number; keep the digits
                }
            }
            default -> throw new AssertionError(format);
        }
    }
}
