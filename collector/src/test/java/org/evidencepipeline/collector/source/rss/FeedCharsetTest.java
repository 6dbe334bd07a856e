package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.PayloadCharset;
import org.evidencepipeline.collector.source.PayloadCharset.Basis;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real-world feeds get their charset wrong in every way: Russian feeds in KOI8-R or windows-1251 that declare
 * nothing, blank lines before {@code <?xml}, a BOM, a server header that contradicts the declaration. Each is
 * served by a local server through the real adapter, and the Russian titles must come out exactly.
 */
class FeedCharsetTest {
    static final Charset KOI8_R = Charset.forName("KOI8-R");
    static final Charset CP1251 = Charset.forName("windows-1251");
    static final String FIRST = "Обстрел пригородов Белгорода продолжался всю ночь";
    static final String SECOND = "Жители просят эвакуировать детей из приграничных сёл";

    private final FeedReplayServer server = FeedReplayServer.start();
    private final RssAdapter adapter = new RssAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()));

    @AfterEach
    void stop() {
        server.close();
    }

    /** A feed with two long Russian items; {@code declaration} is the XML declaration (or "" for none). */
    static String feed(String declaration) {
        return declaration + """
                <rss version="2.0">
                  <channel>
                    <title>Новости Белгородской области</title>
                    <link>https://belgorod.example.ru/</link>
                    <description>Главные новости региона за сутки: происшествия, власть, общество и экономика.</description>
                    <item>
                      <title>%s</title>
                      <link>https://belgorod.example.ru/news/1001</link>
                      <guid isPermaLink="false">belgorod-1001</guid>
                      <pubDate>Mon, 30 Nov 2026 05:10:00 +0000</pubDate>
                      <description>По словам губернатора, в результате обстрела повреждены несколько жилых домов и линия
                      электропередачи. Пострадавших нет, аварийные службы работают на месте. Жителей просят не
                      приближаться к обломкам и сообщать о находках в единую дежурную службу.</description>
                    </item>
                    <item>
                      <title>%s</title>
                      <link>https://belgorod.example.ru/news/1002</link>
                      <guid isPermaLink="false">belgorod-1002</guid>
                      <pubDate>Mon, 30 Nov 2026 07:40:00 +0000</pubDate>
                      <description>Родители из нескольких сёл обратились к администрации района с просьбой организовать
                      временное размещение детей в областном центре. В администрации обещали рассмотреть обращение
                      до конца недели и подготовить список мест в пансионатах и школах-интернатах.</description>
                    </item>
                  </channel>
                </rss>
                """.formatted(FIRST, SECOND);
    }

    private SourceBatch poll(byte[] body, String contentType) throws Exception {
        server.serve("/feed.xml", body, contentType);
        return adapter.poll(new SourceSpec("belgorod", "rss", server.url("/feed.xml"), null, Map.of()), SourceCursor.empty("belgorod"));
    }

    private static void assertRussianTitles(SourceBatch batch) {
        assertThat(batch.posts()).extracting(FoundPost::title).containsExactly(FIRST, SECOND);
        assertThat(batch.posts().get(0).text()).startsWith("По словам губернатора, в результате обстрела");
        assertThat(batch.rejected()).isEmpty();
    }

    @Test
    void koi8rFeedDeclaringNoCharsetAnywhereIsReadByDetection() throws Exception {
        SourceBatch batch = poll(feed("").getBytes(KOI8_R), "application/rss+xml");

        assertRussianTitles(batch);
        assertThat(batch.charset()).isEqualTo(new PayloadCharset("KOI8-R", Basis.DETECTED));
    }

    @Test
    void windows1251FeedDeclaringNoCharsetAnywhereIsReadByDetection() throws Exception {
        SourceBatch batch = poll(feed("<?xml version=\"1.0\"?>\n").getBytes(CP1251), "text/xml");

        assertRussianTitles(batch);
        assertThat(batch.charset()).isEqualTo(new PayloadCharset("windows-1251", Basis.DETECTED));
    }

    @Test
    void blankLinesBeforeTheXmlDeclarationAreTolerated() throws Exception {
        SourceBatch batch = poll(("\n\n  \r\n\t" + feed("<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n")).getBytes(CP1251),
                "application/rss+xml");

        assertRussianTitles(batch);
        assertThat(batch.charset()).isEqualTo(new PayloadCharset("windows-1251", Basis.XML_DECLARATION));
    }

    @Test
    void utf8ByteOrderMarkIsToleratedAndNamesTheCharset() throws Exception {
        byte[] text = feed("<?xml version=\"1.0\"?>\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        SourceBatch batch = poll(withBom, "application/rss+xml");

        assertRussianTitles(batch);
        assertThat(batch.charset()).isEqualTo(new PayloadCharset("UTF-8", Basis.BOM));
    }

    @Test
    void headerCharsetWinsOverAContradictingXmlDeclaration() throws Exception {
        byte[] body = feed("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").getBytes(KOI8_R);

        SourceBatch batch = poll(body, "application/rss+xml; charset=\"koi8-r\"");

        assertRussianTitles(batch);
        assertThat(batch.charset()).isEqualTo(new PayloadCharset("KOI8-R", Basis.HTTP_HEADER));
    }

    @Test
    void utf8FeedWithoutDeclarationIsReadAsTheXmlDefault() throws Exception {
        SourceBatch batch = poll(feed("").getBytes(StandardCharsets.UTF_8), "application/rss+xml");

        assertRussianTitles(batch);
        assertThat(batch.charset()).isEqualTo(new PayloadCharset("UTF-8", Basis.VALID_UTF8));
    }

    @Test
    void doctypeBehindABomAndBlankLinesIsStillRefused() {
        String xxe = "\uFEFF\n\n<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + feed("").replace("<title>" + FIRST, "<title>&x;" + FIRST);

        assertThatThrownBy(() -> poll(xxe.getBytes(StandardCharsets.UTF_8), "application/rss+xml"))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }
}
