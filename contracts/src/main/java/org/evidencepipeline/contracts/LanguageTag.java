package org.evidencepipeline.contracts;

import java.util.Objects;

/**
 * The language the enricher assigned to a post.
 *
 * @param code         ISO 639-1 code, or {@value #UNDETERMINED} when the text is too short or the
 *                     top candidates are too close to call
 * @param confidence   how far {@code code} is ahead of the runner-up in the detector's relative scores, in [0,1]
 *                     (0 = a tie, 1 = no rival); 0 for {@code und}
 * @param runnerUp     second-best ISO 639-1 code, if any, so a reader can see how close it was
 * @param platformHint the language the platform itself declared, recorded as found (may be null)
 * @param detector     what decided: {@code lingua-1.2.2/wide} (low-accuracy pass), {@code lingua-1.2.2/precise}
 *                     (high-accuracy models), {@code alphabet}, each with {@code +hint} when the platform hint decided
 */
public record LanguageTag(String code, double confidence, String runnerUp, String platformHint, String detector) {
    public static final String UNDETERMINED = "und";

    public LanguageTag {
        Objects.requireNonNull(code, "code");
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            throw new IllegalArgumentException("confidence must be in [0,1] but was " + confidence);
        }
    }

    public boolean determined() {
        return !UNDETERMINED.equals(code);
    }
}
