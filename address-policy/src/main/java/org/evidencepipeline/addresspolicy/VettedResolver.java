package org.evidencepipeline.addresspolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a host and returns its addresses only if every one of them passes the {@link AddressPolicy}; the
 * one place every stage resolves-then-vets. {@link #lookup} has the shape of OkHttp's {@code Dns}, so an OkHttp
 * client takes {@code resolver::lookup}; clients without a DNS hook (the JDK's) call it before connecting, and
 * the JVM's address cache then hands the client the same answers that were vetted.
 */
public final class VettedResolver {

    /** Resolves a host name; the system resolver in production, a fixed answer in tests of hostile DNS. */
    @FunctionalInterface
    public interface Lookup {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Lookup SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    private final AddressPolicy policy;
    private final Lookup lookup;

    public VettedResolver(AddressPolicy policy, Lookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    public VettedResolver(AddressPolicy policy) {
        this(policy, Lookup.SYSTEM);
    }

    public AddressPolicy policy() {
        return policy;
    }

    /**
     * The host's addresses, all vetted. IP literals (with or without IPv6 brackets) are vetted as themselves.
     *
     * @throws RefusedAddressException if any answer is refused: a name that points inside is hostile, whatever
     *                                 else it says
     * @throws UnknownHostException    if the name does not resolve
     */
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        if (host == null || host.isBlank()) {
            throw new UnknownHostException("no host");
        }
        List<InetAddress> answers = lookup.resolve(host);
        if (answers.isEmpty()) {
            throw new UnknownHostException("no address for " + host);
        }
        for (InetAddress a : answers) {
            Optional<String> why = policy.refusal(a);
            if (why.isPresent()) {
                throw new RefusedAddressException("host " + host + " resolves to " + a.getHostAddress() + " which " + why.get());
            }
        }
        return answers;
    }

    /** Re-checks the address a client actually connected to (pooled connections, literals, a changed answer). */
    public void checkConnected(InetAddress address) throws RefusedAddressException {
        Optional<String> why = policy.refusal(address);
        if (why.isPresent()) {
            throw new RefusedAddressException("connected address " + address.getHostAddress() + " " + why.get());
        }
    }
}
