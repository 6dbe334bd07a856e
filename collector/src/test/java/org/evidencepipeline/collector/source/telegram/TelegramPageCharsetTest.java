package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A t.me/s page is decoded by jsoup: the HTTP header's charset first (handed to it by the adapter), then a BOM or a
 * {@code <meta charset>}, else UTF-8. t.me itself sends UTF-8 with {@code charset=utf-8}; mirrors and proxies may not.
 */
class TelegramPageCharsetTest {
    static final String TEXT = "Повітряна тривога в Харкові та області. Прямуйте до укриттів і не ігноруйте сигнали.";

    private final FeedReplayServer server = FeedReplayServer.start();
    private final TelegramAdapter adapter = new TelegramAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()));

    @AfterEach
    void stop() {
        server.close();
    }

    static String page(String meta) {
        return """
                <!DOCTYPE html>
                <html><head>%s<title>Харків Live – Telegram</title></head><body>
                <section class="tgme_channel_history js-message_history">
                  <div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="kharkiv_live_ua/5001">
                    <div class="tgme_widget_message_text">%s</div>
                    <a class="tgme_widget_message_date" href="https://t.me/kharkiv_live_ua/5001"><time datetime="2026-11-30T05:00:00+00:00">05:00</time></a>
                  </div></div>
                </section></body></html>
                """.formatted(meta, TEXT);
    }

    private FoundPost poll(byte[] body, String contentType) throws Exception {
        server.serve("/s/kharkiv_live_ua", body, contentType);
        SourceBatch batch = adapter.poll(new SourceSpec("kharkiv-live", "telegram", server.baseUrl(), null,
                Map.of("channel", "kharkiv_live_ua")), SourceCursor.empty("kharkiv-live"));
        assertThat(batch.posts()).hasSize(1);
        return batch.posts().get(0);
    }

    @Test
    void windows1251PageIsDecodedByTheHeaderCharset() throws Exception {
        FoundPost post = poll(page("").getBytes(Charset.forName("windows-1251")), "text/html; charset=windows-1251");

        assertThat(post.text()).isEqualTo(TEXT);
    }

    @Test
    void koi8uPageWithoutHeaderCharsetIsDecodedByItsMetaCharset() throws Exception {
        FoundPost post = poll(page("<meta charset=\"koi8-u\">").getBytes(Charset.forName("KOI8-U")), "text/html");

        assertThat(post.text()).isEqualTo(TEXT);
    }

    @Test
    void utf8PageWithABomIsRead() throws Exception {
        byte[] text = page("").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        FoundPost post = poll(withBom, "text/html");

        assertThat(post.text()).isEqualTo(TEXT);
        assertThat(post.platformId()).isEqualTo("kharkiv_live_ua/5001");
    }
}
