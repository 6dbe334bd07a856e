package org.evidencepipeline.enricher.metadata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextFeaturesTest {
    @Test
    void hashtagsInCyrillicArabicAndLatinAreFoundLowerCased() {
        String text = "Вибухи у місті #Харків #ХарківНовини, #غزة and #Breaking_News; not an anchor: a#b, &#1234;";
        assertThat(TextFeatures.hashtags(text)).containsExactly("харків", "харківновини", "غزة", "breaking_news");
    }

    @Test
    void mentionsIncludeFediverseHandlesButNotEmails() {
        String text = "Дякуємо @kharkiv_news та @reporter@mastodon.social, пишіть на info@example.org";
        assertThat(TextFeatures.mentions(text)).containsExactly("kharkiv_news", "reporter@mastodon.social");
    }

    @Test
    void linksAreNormalisedAndTrackingParametersDropped() {
        String text = "Деталі: HTTPS://News.Example.org:443/a/b?id=7&utm_source=tg&fbclid=xyz#top. Також http://x.example.";
        assertThat(TextFeatures.links(text)).containsExactly("https://news.example.org/a/b?id=7", "http://x.example/");
    }

    @Test
    void shaIsOfNfcTextSoComposedAndDecomposedFormsAgree() {
        String composed = "Україна й Київ";          // й and ї precomposed
        String decomposed = "Укра\u0456\u0308на \u0438\u0306 Ки\u0456\u0308в";
        assertThat(TextFeatures.sha256(composed)).isEqualTo(TextFeatures.sha256(decomposed));
        assertThat(TextFeatures.sha256(composed)).hasSize(64);
        assertThat(TextFeatures.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void simhashPutsARepostWithSmallChangesNearAndAnUnrelatedTextFar() {
        String original = "Вранці у Харкові пролунали вибухи, повідомляє міська влада. Подробиці уточнюються, рятувальники працюють на місці.";
        String repost = "ТЕРМІНОВО: Вранці у Харкові пролунали вибухи, повідомляє міська влада. Подробиці уточнюються, рятувальники працюють на місці. https://t.me/x";
        String unrelated = "Енергетики відновили живлення у трьох районах міста після нічної атаки на підстанцію.";
        int near = TextFeatures.distance(TextFeatures.simhash(original), TextFeatures.simhash(repost));
        int far = TextFeatures.distance(TextFeatures.simhash(original), TextFeatures.simhash(unrelated));
        assertThat(near).isLessThan(12);
        assertThat(far).isGreaterThan(20);
        assertThat(TextFeatures.simhash(original)).matches("[0-9a-f]{16}");
        assertThat(TextFeatures.simhash("")).isEqualTo("0000000000000000");
    }
}
