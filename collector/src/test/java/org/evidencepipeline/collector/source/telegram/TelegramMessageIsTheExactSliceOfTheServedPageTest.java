package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.ArchivedFetches;
import org.evidencepipeline.collector.evidence.HttpExchange;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Telegram post's raw item is the HTML of its message exactly as t.me/s served it: the bytes of its
 * {@code div.tgme_widget_message_wrap}, start tag to end tag, in the page it was read from (a poll may read several).
 */
class TelegramMessageIsTheExactSliceOfTheServedPageTest {
    static final String NEWEST = "/s/kharkiv_live_ua";
    static final String WRAP_START = "<div class=\"tgme_widget_message_wrap";

    @TempDir
    static Path s3Dir;
    static ArchivedFetches archived;

    private final FeedReplayServer server = FeedReplayServer.start();
    private final TelegramAdapter adapter = new TelegramAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()));

    @BeforeAll
    static void startArchive() throws Exception {
        archived = ArchivedFetches.start(s3Dir);
    }

    @AfterAll
    static void stopArchive() {
        archived.close();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<FoundPost> poll(SourceCursor cursor) throws Exception {
        SourceBatch batch = adapter.poll(new SourceSpec("kharkiv-live", "telegram", server.baseUrl(), null,
                Map.of("channel", "kharkiv_live_ua")), cursor);
        return batch.posts();
    }

    private String archivedItem(FoundPost post, byte[] served, Charset charset) throws Exception {
        SourceEvidence evidence = archived.preserve(post);
        assertThat(evidence.itemKind()).isEqualTo(SourceEvidence.HTML_FRAGMENT);
        return new String(archived.assertItemIsSliceOf(evidence, served), charset);
    }

    /** The wrap of the message {@code post} as written in {@code page}: from its start tag to the next wrap or section end. */
    static String wrapOf(String page, String post) {
        int at = page.indexOf("data-post=\"" + post + "\"");
        int start = page.lastIndexOf(WRAP_START, at);
        int next = page.indexOf(WRAP_START, at);
        int end = next < 0 ? page.indexOf("</section>", at) : next;
        return page.substring(start, end).stripTrailing();
    }

    @Test
    void everyMessageOnEveryPageIsItsExactWrapInThatPage() throws Exception {
        byte[] newest = TestFeeds.bytes("telegram/kharkiv_live_ua.html");
        byte[] older = TestFeeds.bytes("telegram/kharkiv_live_ua-before-4810.html");
        server.serve(NEWEST, newest, "text/html; charset=utf-8");
        server.serve(NEWEST + "?before=4810", older, "text/html; charset=utf-8");

        List<FoundPost> posts = poll(SourceCursor.empty("kharkiv-live").advance(null, null, "4806", new LinkedHashMap<>(), 10, Instant.now()));

        assertThat(posts).extracting(FoundPost::platformId).startsWith("kharkiv_live_ua/4807", "kharkiv_live_ua/4809", "kharkiv_live_ua/4810");
        for (FoundPost post : posts) {
            boolean fromOlder = ((HttpExchange) post.raw().capture()).url().toString().endsWith("?before=4810");
            byte[] served = fromOlder ? older : newest;
            String fragment = archivedItem(post, served, StandardCharsets.UTF_8);
            assertThat(fragment).as(post.platformId())
                    .startsWith(WRAP_START).endsWith("</div>")
                    .contains("data-post=\"" + post.platformId() + "\"")
                    .isEqualTo(wrapOf(new String(served, StandardCharsets.UTF_8), post.platformId()));
        }
        assertThat(posts.get(0).raw().capture()).as("4807 is cut from the older page").isNotSameAs(posts.get(2).raw().capture());
    }

    @Test
    void windows1251PageMessageIsItsExactSingleByteSlice() throws Exception {
        String page = TelegramPageCharsetTest.page("");
        byte[] served = page.getBytes(Charset.forName("windows-1251"));
        server.serve(NEWEST, served, "text/html; charset=windows-1251");

        FoundPost post = poll(SourceCursor.empty("kharkiv-live")).get(0);

        assertThat(archivedItem(post, served, Charset.forName("windows-1251")))
                .contains(TelegramPageCharsetTest.TEXT).isEqualTo(wrapOf(page, "kharkiv_live_ua/5001"));
    }

    @Test
    void koi8uPageReadByItsMetaCharsetMessageIsItsExactSlice() throws Exception {
        String page = TelegramPageCharsetTest.page("<meta charset=\"koi8-u\">");
        byte[] served = page.getBytes(Charset.forName("KOI8-U"));
        server.serve(NEWEST, served, "text/html");

        FoundPost post = poll(SourceCursor.empty("kharkiv-live")).get(0);

        assertThat(archivedItem(post, served, Charset.forName("KOI8-U"))).isEqualTo(wrapOf(page, "kharkiv_live_ua/5001"));
    }

    @Test
    void aBomAndCrlfLineEndsAreCountedInTheOffsets() throws Exception {
        String page = TelegramPageCharsetTest.page("").replace("\n", "\r\n");
        byte[] text = page.getBytes(StandardCharsets.UTF_8);
        byte[] served = new byte[text.length + 3];
        served[0] = (byte) 0xEF;
        served[1] = (byte) 0xBB;
        served[2] = (byte) 0xBF;
        System.arraycopy(text, 0, served, 3, text.length);
        server.serve(NEWEST, served, "text/html");

        FoundPost post = poll(SourceCursor.empty("kharkiv-live")).get(0);

        assertThat(archivedItem(post, served, StandardCharsets.UTF_8)).contains("\r\n").isEqualTo(wrapOf(page, "kharkiv_live_ua/5001"));
    }

    @Test
    void aMessageWhoseEndTagsTheParserHadToImplyCarriesNoRawItemRatherThanAWrongOne() throws Exception {
        String page = """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Харків Live – Telegram</title></head><body>
                <section class="tgme_channel_history js-message_history">
                  <div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="kharkiv_live_ua/5001">
                    <div class="tgme_widget_message_text">Перше, закрите як слід.</div>
                    <a class="tgme_widget_message_date" href="https://t.me/kharkiv_live_ua/5001"><time datetime="2026-11-30T05:00:00+00:00">05:00</time></a>
                  </div></div>
                  <div class="tgme_widget_message_wrap"><div class="tgme_widget_message" data-post="kharkiv_live_ua/5002">
                    <div class="tgme_widget_message_text">Друге, обрізане: без кінцевих тегів.</div>
                    <a class="tgme_widget_message_date" href="https://t.me/kharkiv_live_ua/5002"><time datetime="2026-11-30T05:01:00+00:00">05:01</time></a>
                </section></body></html>
                """;
        byte[] served = page.getBytes(StandardCharsets.UTF_8);
        server.serve(NEWEST, served, "text/html; charset=utf-8");

        List<FoundPost> posts = poll(SourceCursor.empty("kharkiv-live"));

        assertThat(posts).extracting(FoundPost::platformId).containsExactly("kharkiv_live_ua/5001", "kharkiv_live_ua/5002");
        assertThat(archivedItem(posts.get(0), served, StandardCharsets.UTF_8)).isEqualTo(wrapOf(page, "kharkiv_live_ua/5001"));
        assertThat(posts.get(1).raw()).as("the post is read, but its end is not in the page").isNull();
        assertThat(posts.get(1).text()).isEqualTo("Друге, обрізане: без кінцевих тегів.");
    }
}
