package io.softswitch.core.voice;

import io.softswitch.core.store.ProvisioningStore;
import java.util.Optional;

/** Signing keys from the store: the account's sealed auth token, opened with the switch's key. */
public final class StoredSigningKeys implements SigningKeys {
    private final ProvisioningStore store;

    public StoredSigningKeys(ProvisioningStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> authToken(String accountSid) {
        if (accountSid == null) {
            return Optional.empty();
        }
        return store.rows().find("accounts", "sid = ?", accountSid)
                .flatMap(row -> store.tokens().unseal(accountSid, (String) row.get("auth_token_sealed")));
    }
}
