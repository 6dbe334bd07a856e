package org.evidencepipeline.storer.verify;

import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads a yt-dlp capture's WARC part back (the recording proxy's record of everything yt-dlp fetched): it must parse
 * to its end, and every record's declared {@code WARC-Block-Digest} must match its block; how many records and
 * responses it holds is reported. What yt-dlp wrote is not compared with a WARC payload: yt-dlp may join or remux what it fetched.
 */
final class VideoWarcCheck {
    private VideoWarcCheck() {
    }

    /**
     * Scans the WARC stream to its end, adding what it found to {@code f}.
     *
     * @throws IOException when the stream itself fails or the WARC cannot be parsed (the caller tells which)
     */
    static void check(InputStream warc, String name, Findings f) throws IOException {
        int records = 0;
        int responses = 0;
        int badDigests = 0;
        try (WarcReader reader = new WarcReader(warc)) {
            reader.calculateBlockDigest();
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                records++;
                if (r instanceof WarcResponse) {
                    responses++;
                }
                r.body().consume();
                Optional<WarcDigest> declared = r.blockDigest();
                Optional<WarcDigest> actual = r.calculatedBlockDigest();
                if (declared.isPresent() && actual.isPresent() && !Arrays.equals(declared.get().bytes(), actual.get().bytes())) {
                    badDigests++;
                    f.mismatch(name + ": WARC-Block-Digest " + declared.get().raw() + " of " + r.id() + " does not match its block");
                }
            }
        }
        // No response is no forgery: a run whose every request the address policy refused records only refusals.
        if (badDigests == 0) {
            f.pass(name + " reads back as a WARC of " + records + " record(s), " + responses + " response(s), block digests matching");
        }
    }
}
