package org.evidencepipeline.enricher.language;

import org.evidencepipeline.contracts.LanguageTag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sentences from the public sets (UDHR articles, Debian catalogue strings; {@code language-sets/SOURCES.md}) for the
 * pairs that the tagger before #18 got wrong: Bulgarian as Russian, Kazakh as Belarusian, Macedonian and Serbian as
 * Russian, and languages no model covers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfusablePairsTest {
    private LanguageTagger tagger;

    @BeforeAll
    void load() {
        tagger = Taggers.shipped();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bg | Всеки човек има право да участва в управлението на своята държава пряко или чрез свободно избрани представители.",
            "kk | Әр адамның құндылығы тең еңбегі үшін, нендей бір кемсітусіз, тең еңбек ақы алуына құқығы бар.",
            "mk | Образованието ќе биде бесплатно, барем на ниво на основно образование.",
            "sr | Свако има право да на равноправној основи ступа у јавну службу у својој земљи.",
            "mn | Тэд гэрлэхдээ, гэрлэснийхээ дараа болон гэрлэлтээ цуцлуулах үед тэгш эрх эдэлнэ.",
            "ru | Каждый человек имеет право владеть имуществом как единолично, так и совместно с другими.",
            "uk | Материнство і дитинство дають право на особливе піклування і допомогу.",
            "be | Ніхто не павінен прымушацца ўступаць у якую‐небудзь асацыяцыю."
    })
    void eachNeighbourGetsItsOwnTag(String expected, String text) {
        assertThat(tagger.tag(text, null).code()).as(text).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tg | Таҳсили олӣ бояд мувофиқи қобилияти ҳар кас ба ҳама як хел дастрас бошад.",
            "tt | Беркемгә дә җинаять эшләгән өчен тиешле җәзалан да катырак җәза бирелергә тиеш түгел.",
            "ky | Эч ким кыйноолорго же ырайымсыз, адамкерчиликсиз же анын беделин түшүрүүчү мамилеге жана жазалоого дуушар болбоого тийиш."
    })
    void aLanguageNoModelCoversIsNotTaggedUkRuOrBe(String language, String text) {
        assertThat(tagger.tag(text, null).code()).as(language + ": " + text).isNotIn("uk", "ru", "be");
    }

    @Test
    void linguasShchDefectDoesNotTurnUkrainianIntoKazakh() {
        // Lingua 1.2.2 maps щ to bg/kk/mn/ru only, so і together with щ leaves it Kazakh alone (gtk30-properties.mo).
        LanguageTag tag = tagger.tag("Максимальна кількість пунктів, що показано", null);
        assertThat(tag.code()).isEqualTo("uk");
        assertThat(tag.detector()).isEqualTo(LanguageTagger.ALPHABET);
    }

    @Test
    void aCloseCyrillicCallIsDecidedByThePreciseModels() {
        // The wide pass (trigrams only) puts ru and uk close on this UDHR sentence; the high-accuracy models decide.
        LanguageTag tag = tagger.tag("Материнство і дитинство дають право на особливе піклування і допомогу.", null);
        assertThat(tag.code()).isEqualTo("uk");
        assertThat(tag.detector()).isEqualTo(LanguageTagger.PRECISE);
        LanguageTag english = tagger.tag("Everyone has the right to rest and leisure, including reasonable limitation of working hours.", null);
        assertThat(english.code()).isEqualTo("en");
        assertThat(english.detector()).as("no precise models for en").isEqualTo(LanguageTagger.WIDE);
    }
}
