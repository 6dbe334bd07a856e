package org.evidencepipeline.storer.download;

import java.net.UnknownHostException;

/**
 * Raised from name resolution or the connection check when a target is not allowed. An
 * UnknownHostException so that OkHttp passes it through its DNS hook unchanged.
 */
final class RefusedAddressException extends UnknownHostException {
    RefusedAddressException(String reason) {
        super(reason);
    }
}
