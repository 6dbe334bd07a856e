package org.evidencepipeline.collector.source.telegram;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Telegram post's url is its own page, t.me/&lt;channel&gt;/&lt;id&gt;: the page the capturer opens. The date link
 * is used when it is that page; a link to another message or another site is not believed.
 */
class TelegramPostUrlIsTheMessagesOwnPageTest {
    private final TelegramMessageMapper mapper = new TelegramMessageMapper();

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
            "https://t.me/kharkiv_live_ua/4810, https://t.me, https://t.me/kharkiv_live_ua/4810",
            "https://t.me/kharkiv_live_ua/4810?single, https://t.me, https://t.me/kharkiv_live_ua/4810",
            "https://t.me/other_channel/1, https://t.me, https://t.me/kharkiv_live_ua/4810",
            "https://t.me/kharkiv_live_ua/4811, https://t.me, https://t.me/kharkiv_live_ua/4810",
            "https://evil.example/kharkiv_live_ua/4810, https://t.me, https://t.me/kharkiv_live_ua/4810",
            "javascript:alert(1), https://t.me, https://t.me/kharkiv_live_ua/4810",
            // a mirror of t.me (tests, the demo): its own links are the page on the mirror
            "http://127.0.0.1:8099/kharkiv_live_ua/4810, http://127.0.0.1:8099, http://127.0.0.1:8099/kharkiv_live_ua/4810",
    })
    void theDateLinkIsTakenOnlyWhenItIsTheMessagesOwnPage(String href, String base, String expected) {
        assertThat(mapper.map(message(href, base), base, null).url()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"https://t.me", "http://127.0.0.1:8099"})
    void withoutADateLinkThePageIsBuiltFromTheMessageId(String base) {
        Element message = Jsoup.parse("<div class=\"tgme_widget_message\" data-post=\"kharkiv_live_ua/4810\">"
                + "<div class=\"tgme_widget_message_text\">Текст</div></div>", base + "/s/kharkiv_live_ua").selectFirst("div");
        assertThat(mapper.map(message, base, null).url()).isEqualTo(base + "/kharkiv_live_ua/4810");
    }

    private static Element message(String href, String base) {
        return Jsoup.parse("<div class=\"tgme_widget_message\" data-post=\"kharkiv_live_ua/4810\">"
                + "<div class=\"tgme_widget_message_text\">Текст</div>"
                + "<a class=\"tgme_widget_message_date\" href=\"" + href + "\"><time datetime=\"2026-11-20T05:58:41+00:00\">05:58</time></a>"
                + "</div>", base + "/s/kharkiv_live_ua").selectFirst("div");
    }
}
