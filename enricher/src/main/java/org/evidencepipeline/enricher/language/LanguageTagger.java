package org.evidencepipeline.enricher.language;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import org.evidencepipeline.contracts.LanguageTag;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Assigns a language to a post with Lingua (high-accuracy mode, restricted language set, models loaded
 * once at construction). Prefers {@code und} to a confident wrong answer: too few words, or two languages
 * too close (typically uk and ru on short texts) give {@code und}. The recorded confidence is the margin of
 * the chosen language over the runner-up in Lingua's relative scores (0 = a tie, 1 = no rival at all).
 * Thread-safe.
 */
public final class LanguageTagger {
    public static final String DETECTOR = "lingua-1.2.2";

    /** The thresholds of the decision; see EnricherConfig for their meaning. */
    public record Rules(int minWords, double minMargin, double hintWindow) {
    }

    private final LanguageDetector detector;
    private final Set<Language> languages;
    private final Rules rules;

    public LanguageTagger(List<String> isoCodes, Rules rules) {
        this.languages = languages(isoCodes);
        this.rules = rules;
        this.detector = LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
                .withPreloadedLanguageModels()
                .build();
    }

    static Set<Language> languages(List<String> isoCodes) {
        Set<Language> set = EnumSet.noneOf(Language.class);
        List<String> unknown = new ArrayList<>();
        for (String code : isoCodes) {
            Language match = null;
            for (Language l : Language.values()) {
                if (l.getIsoCode639_1() != IsoCode639_1.NONE && l.getIsoCode639_1().name().equalsIgnoreCase(code.trim())) {
                    match = l;
                }
            }
            if (match == null) {
                unknown.add(code);
            } else {
                set.add(match);
            }
        }
        if (!unknown.isEmpty() || set.size() < 2) {
            throw new IllegalArgumentException("enricher.language.codes must name at least two ISO 639-1 codes Lingua knows; unknown: " + unknown);
        }
        return set;
    }

    public Set<String> codes() {
        Set<String> codes = new java.util.TreeSet<>();
        languages.forEach(l -> codes.add(iso(l)));
        return codes;
    }

    public LanguageTag tag(String text, String platformHint) {
        String hint = platformHint == null || platformHint.isBlank() ? null : normaliseHint(platformHint);
        String cleaned = DetectionText.of(text);
        if (DetectionText.words(cleaned) < rules.minWords()) {
            return new LanguageTag(LanguageTag.UNDETERMINED, 0, null, platformHint, DETECTOR);
        }
        List<Map.Entry<Language, Double>> ranked = new ArrayList<>(detector.computeLanguageConfidenceValues(cleaned).entrySet());
        ranked.sort(Map.Entry.<Language, Double>comparingByValue().reversed());
        if (ranked.isEmpty() || ranked.get(0).getKey() == Language.UNKNOWN) {
            return new LanguageTag(LanguageTag.UNDETERMINED, 0, null, platformHint, DETECTOR);
        }
        Map.Entry<Language, Double> best = ranked.get(0);
        double second = ranked.size() > 1 ? ranked.get(1).getValue() : 0;
        String runnerUp = ranked.size() > 1 ? iso(ranked.get(1).getKey()) : null;
        if (hint != null) {
            for (int i = 0; i < ranked.size(); i++) {
                Map.Entry<Language, Double> e = ranked.get(i);
                if (iso(e.getKey()).equals(hint) && e.getValue() >= best.getValue() - rules.hintWindow()) {
                    // The author's own client says so and the text does not contradict it. Its confidence is its
                    // margin over the strongest other language, which is negative-clamped to 0 when it was not first.
                    Map.Entry<Language, Double> rival = i == 0 ? (ranked.size() > 1 ? ranked.get(1) : null) : best;
                    double margin = e.getValue() - (rival == null ? 0 : rival.getValue());
                    return new LanguageTag(hint, clamp(margin), rival == null ? null : iso(rival.getKey()), platformHint, DETECTOR + "+hint");
                }
            }
        }
        // Lingua 1.2 scores every language relative to the best one, which always scores 1.0, so that value
        // says nothing; how far the best is ahead of the runner-up is what separates a call from a coin toss.
        double margin = best.getValue() - second;
        if (margin < rules.minMargin()) {
            return new LanguageTag(LanguageTag.UNDETERMINED, 0, iso(best.getKey()), platformHint, DETECTOR);
        }
        return new LanguageTag(iso(best.getKey()), clamp(margin), runnerUp, platformHint, DETECTOR);
    }

    private static String normaliseHint(String hint) {
        String h = hint.trim().toLowerCase(Locale.ROOT);
        int dash = h.indexOf('-');
        int underscore = h.indexOf('_');
        int cut = dash < 0 ? underscore : underscore < 0 ? dash : Math.min(dash, underscore);
        return cut > 0 ? h.substring(0, cut) : h;
    }

    private static String iso(Language l) {
        return l.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
