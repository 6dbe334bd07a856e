package org.evidencepipeline.storer.verify;

import java.util.ArrayList;
import java.util.List;

/** What the checks of one page or video capture found: any failure makes a MISMATCH, any absent object a MISSING, else OK. */
final class Findings {
    private final List<String> mismatches = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();
    /**
     * What the html-source object (page) or the muxed file (video) hashes to now, for the item's {@code actualSha256}; null
     * when it could not be read.
     */
    String actualSha256;
    /** The objects the ledger must hold: the provenance record, each artifact or part, the muxed file, a token. */
    final List<EvidenceObject> objects = new ArrayList<>();

    void mismatch(String why) {
        mismatches.add(why);
    }

    void missing(String what) {
        missing.add(what);
    }

    void pass(String what) {
        passed.add(what);
    }

    VerifyStatus status() {
        return !mismatches.isEmpty() ? VerifyStatus.MISMATCH : !missing.isEmpty() ? VerifyStatus.MISSING : VerifyStatus.OK;
    }

    /** The failures when there are any (mismatches first), else everything that passed. */
    String detail() {
        if (status() == VerifyStatus.OK) {
            return String.join("; ", passed);
        }
        List<String> said = new ArrayList<>(mismatches);
        said.addAll(missing);
        return String.join("; ", said);
    }
}
