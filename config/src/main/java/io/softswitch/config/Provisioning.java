package io.softswitch.config;

/**
 * The declarative {@code provisioning:} block: accounts, trunks, carriers, numbers and routes that
 * are applied idempotently at start and on reload. Filled in by the provisioning issue; an empty
 * block is valid.
 */
public record Provisioning() {
    public static final Provisioning EMPTY = new Provisioning();
}
