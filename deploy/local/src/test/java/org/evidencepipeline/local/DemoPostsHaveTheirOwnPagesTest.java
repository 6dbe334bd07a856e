package org.evidencepipeline.local;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo server answers each post's link with that post's page, as a platform would: its title and text, an image the
 * server serves too, and a script that fills in an element, so a capture's rendered DOM differs from its HTML source.
 */
class DemoPostsHaveTheirOwnPagesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyItemLinkServesItsPageWithAnImageAndAScript() throws Exception {
        try (DemoFeed feed = DemoFeed.start()) {
            Map<String, byte[]> pages = feed.pages();
            Matcher links = Pattern.compile("<link>([^<]*/posts/[^<]*)</link>").matcher(feed.feedXml());
            int n = 0;
            while (links.find()) {
                n++;
                String url = links.group(1);
                assertThat(pages).containsKey(url);
                HttpResponse<byte[]> page = get(url);
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
                assertThat(page.body()).as("served as pages() says").isEqualTo(pages.get(url));
                String html = new String(page.body(), StandardCharsets.UTF_8);
                assertThat(html).startsWith("<!DOCTYPE html>").contains("<p id=\"" + DemoPages.RENDERED_ID + "\"></p>")
                        .contains("<script>").contains(DemoPages.RENDERED_TEXT);
                Matcher img = Pattern.compile("<img src=\"(/media/[^\"]+)\"").matcher(html);
                assertThat(img.find()).as("an image in " + url).isTrue();
                HttpResponse<byte[]> image = get(url.substring(0, url.indexOf("/posts/")) + img.group(1));
                assertThat(image.statusCode()).isEqualTo(200);
                assertThat(image.body()).isEqualTo(feed.media().get(img.group(1).substring("/media/".length())));
            }
            assertThat(n).isEqualTo(feed.postCount()).isEqualTo(pages.size());
            String first = new String(pages.values().iterator().next(), StandardCharsets.UTF_8);
            assertThat(first).contains("<title>Вибухи у Харкові вранці</title>").contains("Рятувальники працюють на місці")
                    .contains("<img src=\"/media/kharkiv-0615.jpg\"").as("the item's own markup is reduced to its text").doesNotContain("&lt;p&gt;");
        }
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
