package org.evidencepipeline.local;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo posts' own pages: for each item of the demo feed, the HTML page at its {@code <link>}, as a platform would
 * serve a post (title, text, an image, and a small script that changes the DOM, so the rendered DOM differs from the
 * source). The capturer loads them in Chromium through its recording proxy.
 */
final class DemoPages {
    /** The element the page's script fills in: present in the rendered DOM, empty in the HTML source. */
    static final String RENDERED_ID = "rendered-by-script";
    /** Put into a single-quoted script string as is: no quotes or backslashes in it. */
    static final String RENDERED_TEXT = "Shown by the page script";

    private DemoPages() {
    }

    /**
     * The pages of the items whose link is on {@code baseUrl}, by path ({@code /posts/1001}), each as the bytes served.
     *
     * @param mediaNames the media the demo server serves; an item's own enclosure is shown when it is one of them, else
     *                   the demo banner
     */
    static Map<String, byte[]> render(String feedXml, String baseUrl, List<String> mediaNames) {
        Map<String, byte[]> pages = new LinkedHashMap<>();
        NodeList items = parse(feedXml).getElementsByTagName("item");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            String link = text(item, "link");
            if (!link.startsWith(baseUrl + "/")) {
                continue;
            }
            String image = "banner.png";
            for (String tag : List.of("enclosure", "media:content")) {
                NodeList media = item.getElementsByTagName(tag);
                for (int m = 0; m < media.getLength(); m++) {
                    String url = ((Element) media.item(m)).getAttribute("url");
                    String name = url.substring(url.lastIndexOf('/') + 1);
                    if (url.startsWith(baseUrl + "/media/") && mediaNames.contains(name) && image.equals("banner.png")) {
                        image = name;
                    }
                }
            }
            String path = link.substring(baseUrl.length());
            pages.put(path, page(text(item, "title"), stripTags(text(item, "description")), text(item, "pubDate"), image)
                    .getBytes(StandardCharsets.UTF_8));
        }
        return pages;
    }

    private static String page(String title, String body, String published, String image) {
        return """
                <!DOCTYPE html>
                <html>
                <head>
                <meta charset="utf-8">
                <title>%1$s</title>
                <style>
                body { font-family: sans-serif; max-width: 40em; margin: 2em auto; color: #222; }
                img { max-width: 100%%; height: auto; border: 1px solid #ccc; }
                #%4$s { color: #0a5; font-weight: bold; }
                </style>
                </head>
                <body>
                <article>
                <h1>%1$s</h1>
                <p class="published">%3$s</p>
                <p>%2$s</p>
                <img src="/media/%5$s" alt="">
                <p id="%4$s"></p>
                </article>
                <script>
                document.getElementById('%4$s').textContent = '%6$s (' + navigator.userAgent.split(' ')[0] + ')';
                </script>
                </body>
                </html>
                """.formatted(escape(title), escape(body), escape(published), RENDERED_ID, image, RENDERED_TEXT);
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("the bundled demo feed does not parse", e);
        }
    }

    private static String text(Element item, String tag) {
        NodeList n = item.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }

    private static String stripTags(String html) {
        return html.replaceAll("<[^>]*>", "").strip();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
