package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.collector.evidence.HttpExchange;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner names only the elements ROME makes entries of, and gives up (so posts carry no raw item) rather than
 * guess when the text is not what it can follow or its elements do not pair one to one with ROME's entries.
 */
class FeedElementScannerTest {
    private final FeedElementScanner scanner = new FeedElementScanner();

    @Test
    void nestedOrForeignItemsAreNotEntries() {
        String text = "<rss><channel><item><x:item xmlns:x=\"urn:x\"/><title>a</title></item><items/><item/></channel>"
                + "<item>outside channel</item></rss>";

        FeedElementScanner.Result result = scanner.scan(text);

        assertThat(result.why()).isNull();
        assertThat(result.entries()).extracting(r -> text.substring(r.start(), r.end()))
                .containsExactly("<item><x:item xmlns:x=\"urn:x\"/><title>a</title></item>", "<item/>");
    }

    @Test
    void atomEntriesMustBeInTheFeedsNamespace() {
        String text = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry/><o:entry xmlns:o=\"urn:other\"/>"
                + "<entry xmlns=\"urn:other\"/><entry>2</entry></feed>";

        assertThat(scanner.scan(text).entries()).extracting(r -> text.substring(r.start(), r.end()))
                .containsExactly("<entry/>", "<entry>2</entry>");
    }

    @Test
    void textItCannotFollowGivesNoRangesAndSaysWhy() {
        assertThat(scanner.scan("<rss><channel><item></channel></rss>").why()).contains("does not close <item>");
        assertThat(scanner.scan("<feed xmlns=\"http://www.w3.org/2005/Atom\"><p:entry/></feed>").why()).contains("prefix 'p'");
        assertThat(scanner.scan("<rss><channel><item title=\"open></channel></rss>").why()).contains("not closed");
        assertThat(scanner.scan("<rss><channel><item>").entries()).isEmpty();
    }

    @Test
    void whenTheElementsDoNotPairWithRomesEntriesNoPostGetsARawItem() {
        String text = "<rss><channel><item><guid>1</guid></item><item><guid>2</guid></item></channel></rss>";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        HttpExchange exchange = new HttpExchange(URI.create("http://127.0.0.1/feed.xml"), List.of(), null, "HTTP/1.1", 200, null,
                body, Instant.now(), Instant.now(), List.of(), List.of());
        FeedDecoder.Decoded decoded = new FeedDecoder().decode(body, "application/rss+xml; charset=utf-8");

        assertThat(new FeedItems().of(exchange, decoded, 3, "http://127.0.0.1/feed.xml")).hasSize(3).containsOnlyNulls();
        assertThat(new FeedItems().of(exchange, decoded, 2, "http://127.0.0.1/feed.xml")).doesNotContainNull();
    }
}
