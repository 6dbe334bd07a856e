package org.evidencepipeline.enricher.language;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AlphabetsTest {
    private static final Set<String> KNOWN = Set.of("uk", "ru", "be", "bg", "mk", "sr", "kk", "mn", "en");

    @Test
    void lettersALanguageDoesNotHaveRuleItOut() {
        assertThat(Alphabets.allows("ru", Alphabets.cyrillicLetters("Київ їде"))).as("ї is not Russian").isFalse();
        assertThat(Alphabets.allows("be", Alphabets.cyrillicLetters("що ми"))).as("и and щ are not Belarusian").isFalse();
        assertThat(Alphabets.allows("uk", Alphabets.cyrillicLetters("ўсё бывае"))).as("ў, ё and ы are not Ukrainian").isFalse();
        assertThat(Alphabets.allows("ru", Alphabets.cyrillicLetters("Ҳамаи кӯдаконе"))).as("Tajik ҳ and ӯ").isFalse();
        assertThat(Alphabets.allows("bg", Alphabets.cyrillicLetters("Свако има право, љубав"))).as("Serbian љ").isFalse();
        assertThat(Alphabets.allows("ru", Alphabets.cyrillicLetters("Каждый человек имеет право"))).isTrue();
        assertThat(Alphabets.allows("uk", Alphabets.cyrillicLetters("ПОВІТРЯНА ТРИВОГА, Ґанок"))).as("upper case").isTrue();
    }

    @Test
    void kazakhNeedsOneOfTheLettersRussianAndKyrgyzLack() {
        assertThat(Alphabets.allows("kk", Alphabets.cyrillicLetters("Кәмелеттік жасқа толған"))).isTrue();
        assertThat(Alphabets.allows("kk", Alphabets.cyrillicLetters("Максимальна кількість пунктів, що показано")))
                .as("Ukrainian і and щ: Lingua 1.2.2 calls this Kazakh").isFalse();
        assertThat(Alphabets.allows("kk", Alphabets.cyrillicLetters("Эч ким кыйноолорго түшүрүүчү"))).as("Kyrgyz ү only").isFalse();
        assertThat(Alphabets.allows("kk", Alphabets.cyrillicLetters(""))).as("a Latin text is not Kazakh").isFalse();
    }

    @Test
    void latinTextAndLanguagesWithoutAListedAlphabetAreLingusBusiness() {
        assertThat(Alphabets.allows("ru", Alphabets.cyrillicLetters("Residents reported explosions"))).isTrue();
        assertThat(Alphabets.allows("en", Alphabets.cyrillicLetters("Київ"))).isTrue();
    }

    @Test
    void onlyOneFittingAlphabetIsNamed() {
        assertThat(Alphabets.onlyAlphabetFor(Alphabets.cyrillicLetters("Максимальна кількість пунктів, що показано"), KNOWN))
                .contains("uk");
        assertThat(Alphabets.onlyAlphabetFor(Alphabets.cyrillicLetters("Каждый человек"), KNOWN))
                .as("ы fits Russian, Belarusian, Kazakh's superset and Mongolian").isEmpty();
        assertThat(Alphabets.onlyAlphabetFor(Alphabets.cyrillicLetters("Residents"), KNOWN)).isEmpty();
    }
}
