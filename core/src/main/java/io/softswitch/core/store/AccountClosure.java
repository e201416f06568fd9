package io.softswitch.core.store;

import java.time.Instant;

/**
 * What closing a subaccount does to what it provisioned (issue 22, finding 3). A closed account
 * cannot be reopened, so its resources stop being routable at once: its numbers go back to the
 * operator's inventory (the main account, no trunk), and its trunks lose what identifies them
 * (domain name, IP ACL and credential list associations, origination URLs), so neither its PBXs
 * nor carriers can reach them and another tenant may use the domain. The rows themselves (trunks,
 * lists, call records) stay for the operator.
 */
public final class AccountClosure {
    private AccountClosure() {
    }

    /** Applies the closure of {@code accountSid} in one transaction; the caller then tells the store. */
    public static void close(Rows rows, String accountSid, String mainAccountSid) {
        Instant now = Rows.now();
        String trunksOf = "(SELECT sid FROM trunks WHERE account_sid = ?)";
        rows.jdbc().inTransaction(c -> {
            Jdbc.update(c, "UPDATE phone_numbers SET account_sid = ?, trunk_sid = NULL, date_updated = ?"
                    + " WHERE account_sid = ?", mainAccountSid, now, accountSid);
            Jdbc.update(c, "DELETE FROM trunk_ip_access_control_lists WHERE trunk_sid IN " + trunksOf, accountSid);
            Jdbc.update(c, "DELETE FROM trunk_credential_lists WHERE trunk_sid IN " + trunksOf, accountSid);
            Jdbc.update(c, "DELETE FROM origination_urls WHERE account_sid = ?", accountSid);
            Jdbc.update(c, "UPDATE trunks SET domain_name = NULL, date_updated = ? WHERE account_sid = ?", now,
                    accountSid);
            return null;
        });
    }
}
