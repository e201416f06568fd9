package io.softswitch.config;

import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.Trunk;
import java.util.List;

/**
 * Trunks, carriers, numbers, routes and account limits, as one immutable value. The
 * {@code provisioning:} block of the YAML file is read into one (applied idempotently at start and
 * on reload); the store produces one from its tables; the trunking module builds its routing
 * snapshot from one.
 */
public record Provisioning(List<Trunk> trunks, List<Carrier> carriers, List<PhoneNumber> numbers, List<Route> routes,
        List<Account> accounts) {
    public static final Provisioning EMPTY = new Provisioning(List.of(), List.of(), List.of(), List.of());

    public Provisioning {
        trunks = List.copyOf(trunks);
        carriers = List.copyOf(carriers);
        numbers = List.copyOf(numbers);
        routes = List.copyOf(routes);
        accounts = List.copyOf(accounts);
    }

    /** Provisioning without account limits. */
    public Provisioning(List<Trunk> trunks, List<Carrier> carriers, List<PhoneNumber> numbers, List<Route> routes) {
        this(trunks, carriers, numbers, routes, List.of());
    }
}
