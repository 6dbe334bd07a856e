package org.evidencepipeline.capturer.proxy;

import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.nio.file.Path;
import java.util.Optional;

/** Reads a recording's WARC in tests, checking records while the reader is open (jwarc bodies stream once). */
final class HttpTestWarc {
    interface Check<T> {
        void accept(T t) throws Exception;
    }

    private HttpTestWarc() {
    }

    static void firstResponse(Path warc, Check<WarcResponse> check) throws Exception {
        try (WarcReader reader = new WarcReader(warc)) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (next.get() instanceof WarcResponse r) {
                    check.accept(r);
                    return;
                }
            }
        }
        throw new AssertionError("no response record in " + warc);
    }
}
