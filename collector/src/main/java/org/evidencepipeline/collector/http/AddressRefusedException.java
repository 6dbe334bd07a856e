package org.evidencepipeline.collector.http;

import java.time.Duration;

/**
 * A fetch the address policy refused: the host (or a redirect hop) resolves to an address inside a network
 * the collector must not reach. Its status and metric outcome say so, distinct from an ordinary error.
 */
public final class AddressRefusedException extends FetchException {
    public static final String OUTCOME = "refused-by-address-policy";

    public AddressRefusedException(String reason) {
        super("refused by address policy: " + reason, (Duration) null);
    }

    @Override
    public String outcome() {
        return OUTCOME;
    }
}
