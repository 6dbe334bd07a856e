package org.evidencepipeline.enricher.language;

import org.evidencepipeline.contracts.LanguageTag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguageTaggerTest {
    private LanguageTagger tagger;

    @BeforeAll
    void loadModelsOnce() {
        tagger = Taggers.shipped();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "uk | Вранці у Харкові пролунали вибухи, повідомляє міська влада",
            "uk | Енергетики відновили живлення у трьох районах міста після нічної атаки",
            "uk | Ворожий дрон влучив у багатоповерхівку, рятувальники шукають людей під завалами",
            "ru | Администрация города сообщила о повреждении нескольких жилых домов",
            "ru | Сегодня утром в центре города прогремели взрывы, есть пострадавшие",
            "be | Сёння ўвечары ў Мінску адбыўся мітынг каля будынка парламента",
            "ar | أفاد سكان المدينة بسماع دوي انفجارات قوية في الأحياء الشرقية صباح اليوم",
            "en | Residents reported loud explosions in the eastern districts this morning",
            "pl | Mieszkańcy zgłosili silne eksplozje we wschodnich dzielnicach miasta",
            "tr | Sakinler bu sabah şehrin doğu bölgelerinde güçlü patlamalar duyduklarını bildirdi",
            "fa | ساکنان شهر از شنیدن صدای انفجارهای شدید در محله‌های شرقی خبر دادند"
    })
    void tagsSentencesInTheRightLanguage(String expected, String text) {
        LanguageTag tag = tagger.tag(text, null);
        assertThat(tag.code()).as(text).isEqualTo(expected);
        assertThat(tag.confidence()).as("margin over the runner-up").isBetween(0.1, 1.0);
        assertThat(tag.runnerUp()).as("null when the script leaves no rival").isNotEqualTo(expected);
        assertThat(tag.detector()).isIn(LanguageTagger.WIDE, LanguageTagger.PRECISE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Харків", "Слава Україні", "вибухи!!!", "Kharkiv", "ok"})
    void aWordOrTwoIsUndeterminedNotGuessed(String text) {
        LanguageTag tag = tagger.tag(text, null);
        assertThat(tag.code()).isEqualTo("und");
        assertThat(tag.confidence()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "🔥🔥🔥 💥💥", "12:45 15.11.2026 +380", "https://t.me/s/channel #Харків @someone"})
    void emptyEmojiNumbersAndLinksOnlyAreUndetermined(String text) {
        assertThat(tagger.tag(text, null).code()).isEqualTo("und");
    }

    @Test
    void nullTextIsUndetermined() {
        assertThat(tagger.tag(null, "uk").code()).isEqualTo("und");
        assertThat(tagger.tag(null, "uk").platformHint()).as("the hint is still recorded").isEqualTo("uk");
    }

    @Test
    void linksMentionsAndHashtagsDoNotSwayTheAnswer() {
        String text = "#Kharkiv #news @reuters https://example.com/english-article Вранці у Харкові пролунали вибухи, повідомляє влада";
        assertThat(tagger.tag(text, null).code()).isEqualTo("uk");
    }

    @Test
    void mixedScriptPostGoesToTheDominantLanguage() {
        String text = "BREAKING: Вранці у Харкові пролунали потужні вибухи, у кількох районах зникло світло";
        assertThat(tagger.tag(text, null).code()).isEqualTo("uk");
    }

    @Test
    void platformHintIsRecordedBesideTheDetection() {
        LanguageTag tag = tagger.tag("Сегодня утром в центре города прогремели взрывы, есть пострадавшие", "uk");
        assertThat(tag.code()).as("the text clearly contradicts the hint").isEqualTo("ru");
        assertThat(tag.platformHint()).isEqualTo("uk");
    }

    @Test
    void platformHintDecidesWhenTheTextIsAmbiguousBetweenItAndTheBest() {
        // Short text in words shared by Ukrainian and Russian; region subtags are normalised.
        LanguageTag withoutHint = tagger.tag("Харків Київ Одеса Дніпро Львів", null);
        LanguageTag withHint = tagger.tag("Харків Київ Одеса Дніпро Львів", "uk-UA");
        assertThat(withHint.code()).isEqualTo("uk");
        assertThat(withHint.platformHint()).isEqualTo("uk-UA");
        assertThat(withHint.detector()).endsWith(LanguageTagger.HINT);
        assertThat(withoutHint.detector()).doesNotEndWith(LanguageTagger.HINT);
    }

    @Test
    void unknownLanguageCodeInConfigurationIsRefusedClearly() {
        assertThatThrownBy(() -> new LanguageTagger(List.of("uk", "xx"), List.of(), Taggers.rules()))
                .hasMessageContaining("unknown: [xx]");
    }

    @Test
    void preciseLanguagesOutsideTheKnownOnesAreRefusedClearly() {
        assertThatThrownBy(() -> new LanguageTagger(List.of("uk", "ru"), List.of("uk", "bg"), Taggers.rules()))
                .hasMessageContaining("subset of enricher.language.codes");
    }

    @Test
    void aLongPostIsReadUpToMaxCharsCutAtAWord() {
        assertThat(LanguageTagger.head("один два три", 8)).isEqualTo("один два");
        assertThat(LanguageTagger.head("один два три", 7)).isEqualTo("один");
        assertThat(LanguageTagger.head("коротко", 400)).isEqualTo("коротко");
        String post = "Сьогодні вранці у Харкові пролунали вибухи, повідомляє міська влада. ".repeat(80);
        assertThat(post.length()).isGreaterThan(5000);
        assertThat(tagger.tag(post, null).code()).isEqualTo("uk");
    }

    @Test
    void aMaxCharsBelowLinguasOwnThresholdIsRefused() {
        assertThatThrownBy(() -> new LanguageTagger.Rules(3, Margins.of(0.1), 0.2, 0.6, 100))
                .hasMessageContaining("enricher.language.max-chars must be at least 120");
    }
}
