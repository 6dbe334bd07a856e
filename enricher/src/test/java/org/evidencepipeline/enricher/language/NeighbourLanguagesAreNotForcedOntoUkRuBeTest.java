package org.evidencepipeline.enricher.language;

import org.evidencepipeline.contracts.LanguageTag;
import org.evidencepipeline.enricher.bench.LanguageSets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts nobody here wrote (the UDHR and Debian's translation catalogues, {@code language-sets/SOURCES.md}), both
 * halves, texts of at least 5 words: the region's other languages must not come out as uk, ru or be, and uk, ru and
 * be must keep their recall. The bounds are the measured figures (BENCHMARKS.md) with a little room.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeighbourLanguagesAreNotForcedOntoUkRuBeTest {
    private static final Set<String> TRIO = Set.of("uk", "ru", "be");
    private LanguageTagger tagger;
    private List<LanguageSets.Text> texts;

    @BeforeAll
    void load() throws IOException {
        tagger = Taggers.shipped();
        texts = new ArrayList<>(LanguageSets.publicSet(LanguageSets.UDHR));
        texts.addAll(LanguageSets.publicSet(LanguageSets.CATALOGUES));
        texts.removeIf(t -> DetectionText.words(DetectionText.of(t.text())) < 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bg", "kk", "mk", "sr-Cyrl", "sr-Latn", "mn", "ro", "hu", "lt", "lv", "et", "ka", "hy", "az", "he",
            "hr", "bs", "pl"})
    void aKnownNeighbourLanguageIsNeverTaggedUkRuOrBe(String label) {
        List<LanguageSets.Text> of = of(label);
        assertThat(of).as("texts of " + label).hasSizeGreaterThan(50);
        for (LanguageSets.Text t : of) {
            assertThat(tagger.tag(t.text(), null).code()).as(t.origin() + ": " + t.text()).isNotIn(TRIO);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tt", "ky", "tg", "uz"})
    void aLanguageTheTaggerDoesNotKnowIsRarelyTaggedUkRuOrBe(String label) {
        List<LanguageSets.Text> of = of(label);
        long intoTrio = of.stream().filter(t -> TRIO.contains(tagger.tag(t.text(), null).code())).count();
        assertThat(of).hasSizeGreaterThan(50);
        assertThat(intoTrio).as(label + " tagged uk/ru/be, of " + of.size()).isLessThanOrEqualTo(Math.round(of.size() * 0.015));
    }

    @ParameterizedTest
    @CsvSource({"uk, 0.96", "ru, 0.94", "be, 0.96"})
    void ukRuAndBeKeepTheirRecallAndAreAlmostNeverWrong(String label, double minRight) {
        List<LanguageSets.Text> of = of(label);
        long right = 0;
        long wrong = 0;
        for (LanguageSets.Text t : of) {
            LanguageTag tag = tagger.tag(t.text(), null);
            if (tag.code().equals(label)) {
                right++;
            } else if (tag.determined()) {
                wrong++;
            }
        }
        assertThat((double) right / of.size()).as(label + " right, of " + of.size()).isGreaterThanOrEqualTo(minRight);
        assertThat(wrong).as(label + " tagged another language, of " + of.size()).isLessThanOrEqualTo(Math.round(of.size() * 0.005));
    }

    private List<LanguageSets.Text> of(String label) {
        return texts.stream().filter(t -> t.label().equals(label)).toList();
    }
}
