package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.ArchivedFetches;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each RSS post's raw item is the exact bytes of its {@code <item>} in the feed as served, whatever the charset and
 * whatever the feed holds between and inside items (comments, CDATA with {@code </item>} in it, processing
 * instructions, {@code >} in attribute values): served by a local server, polled by the real adapter, preserved as a
 * fetch WARC in a real S3 server, and cut back out of the archived WARC.
 */
class RssItemIsTheExactSliceOfTheServedFeedTest {
    static final Charset CP1251 = Charset.forName("windows-1251");

    static final String ITEM_1 = """
            <item>
                  <title>Вибухи у Харкові 💥</title>
                  <link>https://news.example.org/a/1</link>
                  <guid isPermaLink="false">kh-1</guid>
                  <pubDate>Mon, 30 Nov 2026 05:10:00 +0000</pubDate>
                  <description><![CDATA[<p>Подробиці уточнюються; а ось </item> усередині CDATA 🚨</p>]]></description>
                  <media:content url="https://news.example.org/m/1.jpg?a=1&amp;b=2" type="image/jpeg" medium="image" title="a > b"/>
                </item>""";
    static final String ITEM_2 = """
            <item xml:lang="uk">
                  <title>Друга новина 🙏 — «лапки»</title>
                  <link>https://news.example.org/a/2</link>
                  <guid isPermaLink="false">kh-2</guid>
                  <pubDate>Mon, 30 Nov 2026 06:10:00 +0000</pubDate>
                  <description>Текст &lt;b&gt;з сутностями&lt;/b&gt; і 👩‍👩‍👧 емодзі з ZWJ.</description>
                </item>""";
    static final String ITEM_3 = """
            <item><title>Третя</title><guid isPermaLink="false">kh-3</guid><pubDate>Mon, 30 Nov 2026 07:10:00 +0000</pubDate><description>Коротко.</description></item>""";

    static String feed(String channelDescription) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- a comment with an <item> in it, which is not one -->
                <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
                  <channel>
                    <title>Харків — новини 🇺🇦</title>
                    <link>https://news.example.org/</link>
                    <description>%s</description>
                    %s
                    <!-- <item><guid>not-a-post</guid></item> -->
                    %s
                    <?render <item> is not an item here ?>
                    %s
                  </channel>
                </rss>
                """.formatted(channelDescription, ITEM_1, ITEM_2, ITEM_3);
    }

    @TempDir
    static Path s3Dir;
    static ArchivedFetches archived;

    private final FeedReplayServer server = FeedReplayServer.start();
    private final RssAdapter adapter = new RssAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
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

    private List<FoundPost> poll(byte[] body, String contentType) throws Exception {
        server.serve("/feed.xml", body, contentType);
        SourceBatch batch = adapter.poll(new SourceSpec("src", "rss", server.url("/feed.xml"), null, Map.of()), SourceCursor.empty("src"));
        assertThat(batch.rejected()).isEmpty();
        return batch.posts();
    }

    /** Preserves the post's fetch, checks its item against the served bytes and returns it decoded. */
    private String archivedItem(FoundPost post, byte[] served, Charset charset) throws Exception {
        SourceEvidence evidence = archived.preserve(post);
        assertThat(evidence.itemKind()).isEqualTo(SourceEvidence.XML_ELEMENT);
        return new String(archived.assertItemIsSliceOf(evidence, served), charset);
    }

    @Test
    void utf8ItemsWithCyrillicEmojiCdataCommentsAndInstructionsAreTheirExactBytes() throws Exception {
        byte[] served = feed("Новини міста 24/7").getBytes(StandardCharsets.UTF_8);
        List<FoundPost> posts = poll(served, "application/rss+xml; charset=utf-8");

        assertThat(posts).hasSize(3);
        assertThat(archivedItem(posts.get(0), served, StandardCharsets.UTF_8)).as("kh-1, CDATA with </item> inside").isEqualTo(ITEM_1);
        assertThat(archivedItem(posts.get(1), served, StandardCharsets.UTF_8)).as("kh-2").isEqualTo(ITEM_2);
        assertThat(archivedItem(posts.get(2), served, StandardCharsets.UTF_8)).as("kh-3").isEqualTo(ITEM_3);
        assertThat(posts.get(0).text()).as("the post is the item's, CDATA and all").contains("усередині CDATA 🚨");
        assertThat(posts).extracting(p -> p.raw().capture()).as("one fetch, one capture").containsOnly(posts.get(0).raw().capture());
    }

    @Test
    void windows1251FeedItemsAreTheirExactSingleByteSlices() throws Exception {
        String text = FeedCharsetTest.feed("<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n");
        byte[] served = text.getBytes(CP1251);
        List<FoundPost> posts = poll(served, "application/rss+xml");

        assertThat(posts).hasSize(2);
        String first = archivedItem(posts.get(0), served, CP1251);
        String second = archivedItem(posts.get(1), served, CP1251);
        assertThat(first).startsWith("<item>").endsWith("</item>").contains("<guid isPermaLink=\"false\">belgorod-1001</guid>")
                .contains(FeedCharsetTest.FIRST).isEqualTo(itemOf(text, "belgorod-1001"));
        assertThat(second).startsWith("<item>").endsWith("</item>").contains(FeedCharsetTest.SECOND)
                .isEqualTo(itemOf(text, "belgorod-1002"));
    }

    @Test
    void undeclaredWindows1251FeedDetectedFromItsBytesStillNamesExactItems() throws Exception {
        String text = FeedCharsetTest.feed("");
        byte[] served = text.getBytes(CP1251);
        List<FoundPost> posts = poll(served, "text/xml");

        assertThat(posts).hasSize(2);
        assertThat(archivedItem(posts.get(0), served, CP1251)).isEqualTo(itemOf(text, "belgorod-1001"));
        assertThat(archivedItem(posts.get(1), served, CP1251)).isEqualTo(itemOf(text, "belgorod-1002"));
    }

    @Test
    void aBomAndBlankLinesBeforeTheDeclarationAreCountedInTheOffsets() throws Exception {
        byte[] text = ("\n\n  " + feed("З BOM")).getBytes(StandardCharsets.UTF_8);
        byte[] served = new byte[text.length + 3];
        served[0] = (byte) 0xEF;
        served[1] = (byte) 0xBB;
        served[2] = (byte) 0xBF;
        System.arraycopy(text, 0, served, 3, text.length);
        List<FoundPost> posts = poll(served, "application/rss+xml");

        assertThat(posts).hasSize(3);
        assertThat(archivedItem(posts.get(0), served, StandardCharsets.UTF_8)).isEqualTo(ITEM_1);
        assertThat(archivedItem(posts.get(2), served, StandardCharsets.UTF_8)).isEqualTo(ITEM_3);
    }

    @Test
    void aMalformedByteBeforeTheItemsDoesNotShiftThem() throws Exception {
        // 0xFF is no UTF-8; decoded it is U+FFFD, which re-encodes to three bytes: offsets must come from decoding.
        String text = feed("Bad byte here: \u0001");
        byte[] served = text.getBytes(StandardCharsets.UTF_8);
        served[text.substring(0, text.indexOf('\u0001')).getBytes(StandardCharsets.UTF_8).length] = (byte) 0xFF;
        List<FoundPost> posts = poll(served, "application/rss+xml; charset=utf-8");

        assertThat(posts).hasSize(3);
        assertThat(archivedItem(posts.get(0), served, StandardCharsets.UTF_8)).isEqualTo(ITEM_1);
        assertThat(archivedItem(posts.get(1), served, StandardCharsets.UTF_8)).isEqualTo(ITEM_2);
        assertThat(archivedItem(posts.get(2), served, StandardCharsets.UTF_8)).isEqualTo(ITEM_3);
    }

    @Test
    void rss10RdfItemsAreTheirExactBytes() throws Exception {
        String item1 = """
                <item rdf:about="https://news.example.org/a/10">
                    <title>Новина RDF 🛰</title>
                    <link>https://news.example.org/a/10</link>
                    <dc:date>2026-11-30T05:10:00Z</dc:date>
                    <description>Перша.</description>
                  </item>""";
        String item2 = """
                <item rdf:about="https://news.example.org/a/11"><title>Друга RDF</title><link>https://news.example.org/a/11</link><dc:date>2026-11-30T06:10:00Z</dc:date></item>""";
        String text = """
                <?xml version="1.0" encoding="utf-8"?>
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                         xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <channel rdf:about="https://news.example.org/">
                    <title>RDF-стрічка</title>
                    <link>https://news.example.org/</link>
                    <description>RSS 1.0</description>
                    <items><rdf:Seq><rdf:li rdf:resource="https://news.example.org/a/10"/><rdf:li rdf:resource="https://news.example.org/a/11"/></rdf:Seq></items>
                  </channel>
                  %s
                  %s
                </rdf:RDF>
                """.formatted(item1, item2);
        byte[] served = text.getBytes(StandardCharsets.UTF_8);
        List<FoundPost> posts = poll(served, "application/rdf+xml");

        assertThat(posts).hasSize(2);
        assertThat(posts).extracting(FoundPost::url).containsExactly("https://news.example.org/a/10", "https://news.example.org/a/11");
        assertThat(archivedItem(posts.get(0), served, StandardCharsets.UTF_8)).isEqualTo(item1);
        assertThat(archivedItem(posts.get(1), served, StandardCharsets.UTF_8)).isEqualTo(item2);
    }

    @Test
    void rss2ItemsInsideTheUserlandNamespaceAreTheirExactBytes() throws Exception {
        String text = feed("У просторі імен").replace("<rss version=\"2.0\"", "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\"");
        byte[] served = text.getBytes(StandardCharsets.UTF_8);
        List<FoundPost> posts = poll(served, "application/rss+xml; charset=utf-8");

        assertThat(posts).hasSize(3);
        assertThat(archivedItem(posts.get(0), served, StandardCharsets.UTF_8)).isEqualTo(ITEM_1);
        assertThat(archivedItem(posts.get(1), served, StandardCharsets.UTF_8)).isEqualTo(ITEM_2);
    }

    @Test
    void utf16FeedWhoseHeaderLeavesTheByteOrderToTheBomNamesExactTwoByteSlices() throws Exception {
        // "UTF-16" reads the body by its BOM (here little-endian); a slice has no BOM, so it is named in UTF-16LE.
        String text = feed("UTF-16LE").replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
        byte[] le = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] served = new byte[le.length + 2];
        served[0] = (byte) 0xFF;
        served[1] = (byte) 0xFE;
        System.arraycopy(le, 0, served, 2, le.length);
        List<FoundPost> posts = poll(served, "application/rss+xml; charset=utf-16");

        assertThat(posts).hasSize(3);
        assertThat(archivedItem(posts.get(0), served, StandardCharsets.UTF_16LE)).isEqualTo(ITEM_1);
        assertThat(archivedItem(posts.get(2), served, StandardCharsets.UTF_16LE)).isEqualTo(ITEM_3);
        assertThat(posts.get(0).raw().offset() % 2).as("two bytes a code unit, after a two-byte BOM").isZero();
    }

    /** The item with this guid, as written in {@code feed}: from its {@code <item>} to its {@code </item>}. */
    static String itemOf(String feed, String guid) {
        int at = feed.indexOf(">" + guid + "</guid>");
        int start = feed.lastIndexOf("<item", at);
        int end = feed.indexOf("</item>", at) + "</item>".length();
        return feed.substring(start, end);
    }
}
