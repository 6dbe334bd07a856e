package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.TestFeeds;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Atom post's raw item, YouTube's included, is the exact bytes of its {@code <entry>} in the feed as served:
 * not a foreign element that happens to be called {@code entry}, not an {@code </entry>} inside CDATA or a comment.
 */
class AtomEntryIsTheExactSliceOfTheServedFeedTest {
    static final String ENTRY_1 = """
            <entry>
                <id>urn:uuid:1a7c0f0e-aaaa-4bbb-8ccc-000000000001</id>
                <title type="text">Обстріл Салтівки 🚨</title>
                <link rel="alternate" href="https://news.example.org/a/101"/>
                <updated>2026-11-30T05:10:00Z</updated>
                <author><name>Олена Коваль</name></author>
                <content type="html"><![CDATA[<p>Рятувальники на місці. </entry> тут лише текст.</p>]]></content>
              </entry>""";
    static final String ENTRY_2 = """
            <entry xmlns:georss="http://www.georss.org/georss">
                <id>urn:uuid:1a7c0f0e-aaaa-4bbb-8ccc-000000000002</id>
                <title>Друга 👩‍🚒</title>
                <link href="https://news.example.org/a/102" title="a &gt; b > c"/>
                <updated>2026-11-30T06:10:00Z</updated>
                <summary>Коротко &amp; ясно.</summary>
                <georss:point>49.99 36.23</georss:point>
              </entry>""";

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

    private List<FoundPost> poll(byte[] body) throws Exception {
        server.serve("/feed.atom", body, "application/atom+xml; charset=utf-8");
        SourceBatch batch = adapter.poll(new SourceSpec("src", "rss", server.url("/feed.atom"), null, Map.of()), SourceCursor.empty("src"));
        assertThat(batch.rejected()).isEmpty();
        return batch.posts();
    }

    private String archivedItem(FoundPost post, byte[] served) throws Exception {
        SourceEvidence evidence = archived.preserve(post);
        assertThat(evidence.itemKind()).isEqualTo(SourceEvidence.XML_ELEMENT);
        return new String(archived.assertItemIsSliceOf(evidence, served), StandardCharsets.UTF_8);
    }

    @Test
    void atomEntriesAreTheirExactBytesNotForeignEntriesOrCdata() throws Exception {
        String text = """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk">
                  <title>Харків 24 🇺🇦</title>
                  <id>urn:uuid:feed</id>
                  <updated>2026-11-30T06:10:00Z</updated>
                  <!-- </entry> <entry> in a comment -->
                  <x:entry xmlns:x="urn:example:not-atom"><x:id>not-a-post</x:id></x:entry>
                  %s
                  <?pi <entry>?>
                  %s
                </feed>
                """.formatted(ENTRY_1, ENTRY_2);
        byte[] served = text.getBytes(StandardCharsets.UTF_8);
        List<FoundPost> posts = poll(served);

        assertThat(posts).extracting(FoundPost::url).containsExactly("https://news.example.org/a/101", "https://news.example.org/a/102");
        assertThat(archivedItem(posts.get(0), served)).isEqualTo(ENTRY_1);
        assertThat(archivedItem(posts.get(1), served)).isEqualTo(ENTRY_2);
    }

    @Test
    void prefixedAtomEntriesAreTheirExactBytes() throws Exception {
        String entry = """
                <a:entry><a:id>urn:uuid:prefixed-1</a:id><a:title>Префікс</a:title><a:link href="https://news.example.org/a/201"/><a:updated>2026-11-30T05:10:00Z</a:updated></a:entry>""";
        String text = """
                <?xml version="1.0" encoding="utf-8"?>
                <a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Префікси</a:title><a:id>urn:uuid:p</a:id><a:updated>2026-11-30T05:10:00Z</a:updated>
                %s
                </a:feed>
                """.formatted(entry);
        byte[] served = text.getBytes(StandardCharsets.UTF_8);
        List<FoundPost> posts = poll(served);

        assertThat(posts).hasSize(1);
        assertThat(archivedItem(posts.get(0), served)).isEqualTo(entry);
    }

    @Test
    void youtubeEntryWithItsMediaGroupIsItsExactBytes() throws Exception {
        byte[] served = TestFeeds.bytes("youtube-channel.atom.xml");
        List<FoundPost> posts = poll(served);

        assertThat(posts).hasSize(1);
        String entry = archivedItem(posts.get(0), served);
        String feed = new String(served, StandardCharsets.UTF_8);
        assertThat(entry).startsWith("<entry>").endsWith("</entry>")
                .contains("<yt:videoId>Qm3vT9xLp2A</yt:videoId>", "<media:group>", "</media:group>", "تقرير ميداني من المدينة")
                .isEqualTo(feed.substring(feed.indexOf("<entry>"), feed.indexOf("</entry>") + "</entry>".length()));
    }
}
