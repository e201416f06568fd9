package io.softswitch.core.api.internal;

import io.softswitch.core.store.Rows;
import java.util.Map;

/**
 * Who may hold a phone number (issue 22, finding 4). Numbers enter through the operator: the main
 * account (or the provisioning file) creates them, and a main-account number assigned to no trunk
 * is in the <em>inventory</em>. A subaccount's {@code IncomingPhoneNumbers} create takes a number
 * from the inventory (Twilio's "buy"); any other number, whether it exists elsewhere or not, is
 * refused with the same answer, so the refusal does not tell who owns it. The main account moves a
 * number between itself and its subaccounts with {@code AccountSid} on update (Twilio's transfer);
 * a subaccount's delete of a number gives it back to the inventory.
 */
final class NumberInventory {
    private final Rows rows;

    NumberInventory(Rows rows) {
        this.rows = rows;
    }

    /** The last word on a create ({@code existing} null) or update of an incoming phone number. */
    void beforeWrite(Scope scope, Map<String, Object> values, Map<String, Object> existing) {
        Object target = values.remove("account_sid");
        if (existing == null) {
            if (target != null && !target.equals(scope.accountSid())) {
                throw ApiException.invalid("AccountSid", target.toString(), scope.accountSid()
                        + " (the account the URL names), or none");
            }
            if (!scope.accountSid().equals(mainOf(scope))) {
                take(scope, (String) values.get("phone_number"));
            }
            return;
        }
        if (target != null && !target.equals(existing.get("account_sid"))) {
            move(scope, values, target.toString());
        }
    }

    /** A subaccount takes {@code number} from its operator's inventory, or is refused. */
    private void take(Scope scope, String number) {
        String main = mainOf(scope);
        int taken = rows.delete("phone_numbers", "phone_number = ? AND account_sid = ? AND trunk_sid IS NULL",
                number, main);
        if (taken != 1 && !scope.callerIsMain()) {
            throw new ApiException(ApiError.NUMBER_NOT_AVAILABLE, "PhoneNumber: " + number
                    + " is not available (expected: a number in the operator's inventory)");
        }
    }

    /** The main account moves the number to {@code target}: itself or one of its active subaccounts. */
    private void move(Scope scope, Map<String, Object> values, String target) {
        if (!scope.callerIsMain()) {
            throw new ApiException(ApiError.FORBIDDEN, "AccountSid: only the main account can move a number");
        }
        boolean allowed = target.equals(scope.callerSid()) || rows.find("accounts",
                "sid = ? AND owner_account_sid = ? AND status <> 'closed'", target, scope.callerSid()).isPresent();
        if (!allowed) {
            throw ApiException.invalid("AccountSid", target, "the main account or one of its subaccounts");
        }
        values.put("account_sid", target);
        values.put("trunk_sid", null); // the old owner's trunk is not the new owner's
    }

    /** What a delete does: a subaccount's number goes back to the inventory; the operator's is deleted. */
    boolean release(Scope scope, Map<String, Object> existing) {
        String main = mainOf(scope);
        if (main.equals(existing.get("account_sid"))) {
            return false;
        }
        Map<String, Object> back = new java.util.LinkedHashMap<>();
        back.put("account_sid", main);
        back.put("friendly_name", existing.get("phone_number"));
        back.put("trunk_sid", null);
        rows.update("phone_numbers", (String) existing.get("sid"), back);
        return true;
    }

    private String mainOf(Scope scope) {
        if (scope.callerIsMain()) {
            return scope.callerSid();
        }
        return rows.find("accounts", "sid = ?", scope.callerSid())
                .map(a -> (String) a.get("owner_account_sid"))
                .orElseThrow(() -> new IllegalStateException("no account " + scope.callerSid()));
    }
}
