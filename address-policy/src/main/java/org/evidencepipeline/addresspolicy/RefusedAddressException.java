package org.evidencepipeline.addresspolicy;

import java.net.UnknownHostException;

/**
 * Raised from name resolution or the connection check when a target is not allowed. An
 * UnknownHostException so that OkHttp passes it through its DNS hook unchanged.
 */
public final class RefusedAddressException extends UnknownHostException {
    public RefusedAddressException(String reason) {
        super(reason);
    }
}
