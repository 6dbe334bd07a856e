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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Assigns a language to a post in two stages, and prefers {@code und} to a confident wrong answer.
 * <ol>
 *   <li>A wide pass: Lingua in low-accuracy mode (trigram models only, about 1 MB of heap a language) over every
 *       language the tagger knows, including the region's languages that no feed routes on (kk, bg, sr, mk, ...),
 *       so that a Bulgarian post is tagged {@code bg} instead of being forced onto {@code ru}.</li>
 *   <li>A precise pass: when the wide pass's two best are both in the precise set (the confusable Cyrillic
 *       languages) and close, and the text is shorter than {@value #PRECISE_MAX_CHARS} characters, Lingua in
 *       high-accuracy mode among the precise set decides (about 25 MB a language, so only these get it).</li>
 * </ol>
 * Then the text's own letters veto languages whose alphabet it contradicts ({@link Alphabets}), and the best
 * language must lead the runner-up by the margin of that pair ({@link Margins}). The recorded confidence is that
 * lead in Lingua's relative scores (0 = a tie, 1 = no rival); {@link LanguageTag#detector()} says which stage
 * decided. Thread-safe.
 */
public final class LanguageTagger {
    public static final String DETECTOR = "lingua-1.2.2";
    /** The wide low-accuracy pass decided. */
    public static final String WIDE = DETECTOR + "/wide";
    /** The high-accuracy pass among the precise languages decided. */
    public static final String PRECISE = DETECTOR + "/precise";
    /** Lingua's answer was ruled out by the letters, which fit the Ukrainian alphabet and no other known one. */
    public static final String ALPHABET = "alphabet";
    private static final String UKRAINIAN = "uk";
    /** Suffix when the platform's own language tag decided between close candidates. */
    public static final String HINT = "+hint";

    /**
     * The thresholds of the decision; see EnricherConfig for their meaning.
     *
     * @param preciseWindow the wide pass's lead below which the precise pass is asked
     * @param maxChars      the detectors read at most this many characters of the cleaned text (cut at a word)
     */
    public record Rules(int minWords, Margins margins, double hintWindow, double preciseWindow, int maxChars) {
        public Rules {
            if (maxChars < PRECISE_MAX_CHARS) {
                throw new IllegalArgumentException("enricher.language.max-chars must be at least " + PRECISE_MAX_CHARS + " but was " + maxChars);
            }
        }
    }

    /**
     * From this length on Lingua scores with trigrams only even in high-accuracy mode (its
     * HIGH_ACCURACY_MODE_MAX_TEXT_LENGTH), the very models of the wide pass, so the precise pass could only re-rank
     * the same scores: on the 18,290 texts of the language sets skipping it there changed no tag.
     */
    static final int PRECISE_MAX_CHARS = 120;

    private record Candidate(String code, double score) {
    }

    private final LanguageDetector wide;
    private final LanguageDetector precise;
    private final Set<String> known;
    private final Set<String> preciseCodes;
    private final Rules rules;

    public LanguageTagger(List<String> isoCodes, List<String> preciseIsoCodes, Rules rules) {
        Set<Language> languages = languages(isoCodes, "enricher.language.codes");
        Set<Language> preciseLanguages = preciseIsoCodes.isEmpty() ? EnumSet.noneOf(Language.class)
                : languages(preciseIsoCodes, "enricher.language.precise");
        if (!languages.containsAll(preciseLanguages)) {
            throw new IllegalArgumentException("enricher.language.precise must be a subset of enricher.language.codes");
        }
        this.known = codes(languages);
        this.preciseCodes = codes(preciseLanguages);
        this.rules = rules;
        this.wide = LanguageDetectorBuilder.fromLanguages(languages.toArray(Language[]::new))
                .withPreloadedLanguageModels().withLowAccuracyMode().build();
        this.precise = preciseLanguages.isEmpty() ? null
                : LanguageDetectorBuilder.fromLanguages(preciseLanguages.toArray(Language[]::new))
                .withPreloadedLanguageModels().build();
    }

    static Set<Language> languages(List<String> isoCodes, String setting) {
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
            throw new IllegalArgumentException(setting + " must name at least two ISO 639-1 codes Lingua knows; unknown: " + unknown);
        }
        return set;
    }

    private static Set<String> codes(Set<Language> languages) {
        Set<String> codes = new TreeSet<>();
        languages.forEach(l -> codes.add(iso(l)));
        return Set.copyOf(codes);
    }

    public Set<String> codes() {
        return new TreeSet<>(known);
    }

    public Set<String> preciseCodes() {
        return new TreeSet<>(preciseCodes);
    }

    public LanguageTag tag(String text, String platformHint) {
        String hint = platformHint == null || platformHint.isBlank() ? null : normaliseHint(platformHint);
        String cleaned = DetectionText.of(text);
        if (DetectionText.words(cleaned) < rules.minWords()) {
            return undetermined(null, platformHint, WIDE);
        }
        cleaned = head(cleaned, rules.maxChars());
        List<Candidate> ranked = rank(wide, cleaned);
        String stage = WIDE;
        if (precise != null && cleaned.length() < PRECISE_MAX_CHARS && ranked.size() > 1 && preciseCodes.contains(ranked.get(0).code())
                && preciseCodes.contains(ranked.get(1).code())
                && ranked.get(0).score() - ranked.get(1).score() < rules.preciseWindow()) {
            ranked = rank(precise, cleaned);
            stage = PRECISE;
        }
        Set<Integer> letters = Alphabets.cyrillicLetters(cleaned);
        // When the letters rule out Lingua's best, the runner-up does not inherit the tag (a Kyrgyz text written
        // in Russian letters would become Russian). One exception, for Lingua's щ defect (see Alphabets): letters
        // that fit Ukrainian and no other known alphabet. Measured: every such fallback on the public sets was
        // right for Ukrainian, while the same fallback for other alphabets was mostly wrong (Kyrgyz as mn, Tajik
        // and Tatar as kk, Kazakh as be), so it is not taken for them.
        if (ranked.isEmpty() || !Alphabets.allows(ranked.get(0).code(), letters)) {
            Optional<String> only = Alphabets.onlyAlphabetFor(letters, known);
            return only.filter(UKRAINIAN::equals).isPresent() ? new LanguageTag(UKRAINIAN, 1, null, platformHint, ALPHABET)
                    : undetermined(null, platformHint, stage);
        }
        ranked.removeIf(c -> !Alphabets.allows(c.code(), letters));
        Candidate best = ranked.get(0);
        Candidate second = ranked.size() > 1 ? ranked.get(1) : null;
        if (hint != null) {
            for (int i = 0; i < ranked.size(); i++) {
                Candidate c = ranked.get(i);
                if (c.code().equals(hint) && c.score() >= best.score() - rules.hintWindow()) {
                    // The author's own client says so and the text does not contradict it. Its confidence is its
                    // margin over the strongest other language, clamped to 0 when it was not first.
                    Candidate rival = i == 0 ? second : best;
                    double margin = c.score() - (rival == null ? 0 : rival.score());
                    return new LanguageTag(hint, clamp(margin), rival == null ? null : rival.code(), platformHint, stage + HINT);
                }
            }
        }
        // Lingua 1.2 scores every language relative to the best one, which always scores 1.0, so that value
        // says nothing; how far the best is ahead of the runner-up is what separates a call from a coin toss.
        double margin = best.score() - (second == null ? 0 : second.score());
        String runnerUp = second == null ? null : second.code();
        if (margin < rules.margins().required(best.code(), runnerUp)) {
            return undetermined(best.code(), platformHint, stage);
        }
        return new LanguageTag(best.code(), clamp(margin), runnerUp, platformHint, stage);
    }

    /** At most {@code max} characters, cut at the last space before it: a detector's cost grows with the length. */
    static String head(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int space = text.lastIndexOf(' ', max);
        return text.substring(0, space > 0 ? space : max);
    }

    private static LanguageTag undetermined(String closest, String platformHint, String stage) {
        return new LanguageTag(LanguageTag.UNDETERMINED, 0, closest, platformHint, stage);
    }

    private static List<Candidate> rank(LanguageDetector detector, String text) {
        List<Candidate> ranked = new ArrayList<>();
        for (Map.Entry<Language, Double> e : detector.computeLanguageConfidenceValues(text).entrySet()) {
            if (e.getKey() != Language.UNKNOWN && e.getValue() > 0) {
                ranked.add(new Candidate(iso(e.getKey()), e.getValue()));
            }
        }
        ranked.sort((a, b) -> Double.compare(b.score(), a.score()));
        return ranked;
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
