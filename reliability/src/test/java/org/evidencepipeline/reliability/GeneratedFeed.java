package org.evidencepipeline.reliability;

import org.evidencepipeline.contracts.PostIds;
import org.evidencepipeline.embedded.FeedReplayServer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live RSS feed for one scenario: {@code count} generated posts in Ukrainian and Russian, each with one or two
 * small real images (JPEG/PNG drawn with ImageIO, distinct per post except every 7th post, which reuses an
 * earlier post's picture, so the archive sees shared content). The feed starts empty and grows while the
 * pipeline runs ({@link #grow}), as a real feed does, so that a fault lands mid-stream.
 */
public final class GeneratedFeed implements AutoCloseable {
    private static final String[] UK = {
            "Вночі над Харковом працювала ППО, у Салтівському районі пошкоджено житловий будинок",
            "Рятувальники розбирають завали після обстрілу, на місці працюють медики",
            "У кількох районах міста зникло світло, енергетики вже працюють над відновленням",
            "Жителі прифронтових сіл розповідають про нічні вибухи та пошкоджені дахи",
            "Волонтери привезли генератори та воду до пунктів незламності",
            "Обласна адміністрація повідомила про нових постраждалих серед цивільних"};
    private static final String[] RU = {
            "Ночью в Харькове работала ПВО, в Салтовском районе повреждён жилой дом",
            "Спасатели разбирают завалы после обстрела, на месте работают медики",
            "В нескольких районах города пропал свет, энергетики уже восстанавливают линии",
            "Жители прифронтовых сёл рассказывают о ночных взрывах и повреждённых крышах",
            "Волонтёры привезли генераторы и воду в пункты обогрева",
            "Областная администрация сообщила о новых пострадавших среди мирных жителей"};
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * One generated post: its post id (feed-scoped, as the collector mints it: {@link PostIds}), guid, text and the
     * media it links (URL path to bytes).
     */
    public record Item(String postId, String guid, String title, String text, Instant published, Map<String, byte[]> media) {
    }

    private final FeedReplayServer server;
    private final String scenario;
    private final List<Item> items = new ArrayList<>();
    private final AtomicInteger released = new AtomicInteger();
    private final ScheduledExecutorService grower;

    public GeneratedFeed(FeedReplayServer server, String scenario, int count, long seed) {
        this.server = server;
        this.scenario = scenario;
        this.grower = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-" + scenario);
            t.setDaemon(true);
            return t;
        });
        Random random = new Random(seed);
        Instant base = Instant.parse("2026-11-20T05:00:00Z");
        for (int i = 0; i < count; i++) {
            String guid = scenario + "-" + String.format("%04d", i);
            boolean ukrainian = i % 2 == 0;
            String[] texts = ukrainian ? UK : RU;
            String text = texts[i % texts.length] + (ukrainian ? ". Допис " : ". Публикация ") + (i + 1) + " з " + count + ".";
            String title = (ukrainian ? "Харків: новини " : "Харьков: новости ") + (i + 1);
            Map<String, byte[]> media = new LinkedHashMap<>();
            if (i % 7 == 6) {
                // The same picture as an earlier post, under its own URL: one object, two captures.
                Item earlier = items.get(i - 3);
                media.put("/media/" + scenario + "/" + i + "-repost.jpg", earlier.media().values().iterator().next());
            } else {
                media.put("/media/" + scenario + "/" + i + ".jpg", image(random, "jpg"));
            }
            if (i % 11 == 5) {
                media.put("/media/" + scenario + "/" + i + "-b.png", image(random, "png"));
            }
            items.add(new Item(postId(guid), guid, title, text, base.plusSeconds(60L * i), media));
            media.forEach((path, bytes) -> server.serve(path, bytes, contentType(path)));
        }
        publish(0);
    }

    /** The post id the collector gives the entry with this guid in this feed. */
    public String postId(String guid) {
        return PostIds.rss(url(), guid).toString();
    }

    /**
     * Makes post {@code index} link {@code bytes} (under a name ending {@code .jpg}, {@code .png} or {@code .gif},
     * which sets the declared type) instead of its generated picture. Call before the post is released.
     */
    public synchronized void replaceMedia(int index, String name, byte[] bytes) {
        Item item = items.get(index);
        String path = "/media/" + scenario + "/" + name;
        server.serve(path, bytes, contentType(path));
        items.set(index, new Item(item.postId(), item.guid(), item.title(), item.text(), item.published(), Map.of(path, bytes)));
    }

    public String path() {
        return "/feeds/" + scenario + ".xml";
    }

    public String url() {
        return server.url(path());
    }

    public String scenario() {
        return scenario;
    }

    public List<Item> items() {
        return List.copyOf(items);
    }

    public List<String> postIds() {
        return items.stream().map(Item::postId).toList();
    }

    /** The bytes served for each media URL. */
    public Map<String, byte[]> media() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        items.forEach(i -> i.media().forEach((path, bytes) -> out.put(server.url(path), bytes)));
        return out;
    }

    public int released() {
        return released.get();
    }

    public boolean fullyReleased() {
        return released.get() >= items.size();
    }

    /** Adds {@code step} posts to the feed every {@code everyMillis} until all are in it. */
    public void grow(int step, long everyMillis) {
        grower.scheduleAtFixedRate(() -> {
            int next = Math.min(items.size(), released.get() + step);
            publish(next);
            if (next >= items.size()) {
                throw new IllegalStateException("done"); // ends the schedule
            }
        }, 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Serves the feed with its first {@code n} posts, newest first, as feeds list them. */
    public synchronized void publish(int n) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
                  <channel>
                    <title>Харків онлайн (%s)</title>
                    <link>https://kharkiv.example.org/</link>
                    <description>Generated reliability feed</description>
                    <language>uk</language>
                """.formatted(scenario));
        for (int i = n - 1; i >= 0; i--) {
            Item item = items.get(i);
            xml.append("    <item>\n")
                    .append("      <title>").append(escape(item.title())).append("</title>\n")
                    .append("      <link>https://kharkiv.example.org/news/").append(item.guid()).append("</link>\n")
                    .append("      <guid isPermaLink=\"false\">").append(item.guid()).append("</guid>\n")
                    .append("      <pubDate>").append(RFC_1123.format(item.published())).append("</pubDate>\n")
                    .append("      <description>").append(escape(item.text())).append("</description>\n");
            for (String path : item.media().keySet()) {
                xml.append("      <media:content url=\"").append(server.url(path)).append("\" type=\"")
                        .append(contentType(path)).append("\" medium=\"image\"/>\n");
            }
            xml.append("    </item>\n");
        }
        xml.append("  </channel>\n</rss>\n");
        server.serve(path(), xml.toString().getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8");
        released.set(Math.max(released.get(), n));
    }

    /** A small picture: a few coloured shapes, different for every call. */
    static byte[] image(Random random, String format) {
        BufferedImage img = new BufferedImage(64 + random.nextInt(32), 48 + random.nextInt(24), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int k = 0; k < 6; k++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillOval(random.nextInt(img.getWidth()), random.nextInt(img.getHeight()), 8 + random.nextInt(24), 8 + random.nextInt(24));
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(String path) {
        return path.endsWith(".png") ? "image/png" : path.endsWith(".gif") ? "image/gif" : "image/jpeg";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        grower.shutdownNow();
    }
}
