package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.Times;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.MediaRef;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one {@code div.tgme_widget_message} of a t.me/s page into a {@link FoundPost}.
 *
 * <p>A forwarded message stays the channel's post (the channel chose to publish it) and its text starts
 * with a line naming where it was forwarded from, so the origin is kept, searchable and part of the hash.
 * Parts quoted from other messages (the reply preview) are not this message's text or media.
 */
final class TelegramMessageMapper {
    private static final Pattern BACKGROUND_URL = Pattern.compile("background-image:\\s*url\\((['\"]?)(.+?)\\1\\)");
    private static final Pattern MESSAGE_LINK = Pattern.compile("^(?:https?://[^/]+)?/([A-Za-z0-9_]+/\\d+)(?:\\?.*)?$");
    private static final String QUOTED = ".tgme_widget_message_reply";

    /** The message id from {@code data-post="channel/123"}, or null when it is not of that form. */
    static Long id(Element message) {
        String post = message.attr("data-post");
        int slash = post.lastIndexOf('/');
        if (slash <= 0 || slash == post.length() - 1) {
            return null;
        }
        try {
            return Long.parseLong(post.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isService(Element message) {
        return message.hasClass("service_message");
    }

    /** @param language the source's configured channel language, recorded as the post's language hint (may be null) */
    FoundPost map(Element message, String base, String language) {
        Long id = id(message);
        if (id == null) {
            throw new IllegalArgumentException("message without a data-post of the form channel/id");
        }
        String post = message.attr("data-post");
        Element date = own(message, "a.tgme_widget_message_date");
        String url = ownPage(date == null ? "" : date.absUrl("href"), post, base);
        Element time = date == null ? null : date.selectFirst("time[datetime]");
        return new FoundPost("telegram", post, url, author(message, post), null, text(message), language,
                time == null ? null : Times.iso(time.attr("datetime")), media(message, base), null);
    }

    private static Author author(Element message, String post) {
        Element owner = own(message, ".tgme_widget_message_owner_name");
        String channel = post.substring(0, post.lastIndexOf('/'));
        return new Author(channel, owner == null ? channel : owner.text().strip(),
                owner == null || owner.absUrl("href").isEmpty() ? null : owner.absUrl("href"));
    }

    private static String text(Element message) {
        Element body = own(message, ".tgme_widget_message_text");
        String text = body == null ? "" : body.text().strip();
        Element forwarded = own(message, ".tgme_widget_message_forwarded_from");
        if (forwarded == null) {
            return text;
        }
        Element from = forwarded.selectFirst(".tgme_widget_message_forwarded_from_name");
        String name = from != null ? from.text().strip() : forwarded.text().replaceFirst("^Forwarded from\\s*", "").strip();
        String link = from != null && !from.absUrl("href").isEmpty() ? " (" + from.absUrl("href") + ")" : "";
        return "Forwarded from " + name + link + (text.isEmpty() ? "" : "\n" + text);
    }

    /**
     * Photos, videos (and their thumbnails) and voice notes in page order, so an album keeps its order. The
     * platform reference is the message that holds the item ({@code channel/124}): album items are messages.
     */
    private static List<MediaRef> media(Element message, String base) {
        Map<String, MediaRef> byUrl = new LinkedHashMap<>();
        for (Element item : message.select("a.tgme_widget_message_photo_wrap, a.tgme_widget_message_video_player, audio.tgme_widget_message_voice")) {
            if (item.closest(QUOTED) != null) {
                continue;
            }
            String ref = messageRef(item.attr("href"));
            if (item.hasClass("tgme_widget_message_photo_wrap")) {
                put(byUrl, background(item, base), "image", ref);
            } else if (item.hasClass("tgme_widget_message_video_player")) {
                Element video = item.selectFirst("video.tgme_widget_message_video[src]");
                if (video != null) { // absent for "Media is too big": only the thumbnail is public
                    put(byUrl, video.absUrl("src").isEmpty() ? video.attr("src") : video.absUrl("src"), "video", ref);
                }
                put(byUrl, background(item.selectFirst(".tgme_widget_message_video_thumb"), base), "image", "thumbnail");
            } else {
                put(byUrl, item.absUrl("src").isEmpty() ? item.attr("src") : item.absUrl("src"), "audio", null);
            }
        }
        return List.copyOf(byUrl.values());
    }

    private static void put(Map<String, MediaRef> byUrl, String url, String type, String ref) {
        if (url != null && !url.isBlank()) {
            byUrl.putIfAbsent(url, new MediaRef(url, type, ref));
        }
    }

    /** The URL in {@code style="background-image:url('…')"}, resolved against the page. */
    static String background(Element el, String base) {
        if (el == null) {
            return null;
        }
        Matcher m = BACKGROUND_URL.matcher(el.attr("style"));
        if (!m.find()) {
            return null;
        }
        try {
            return URI.create(base + "/").resolve(m.group(2).strip()).toString();
        } catch (IllegalArgumentException e) {
            return m.group(2).strip();
        }
    }

    /** {@code https://t.me/channel/124?single} → {@code channel/124}; null when the link is not a message. */
    private static String messageRef(String href) {
        Matcher m = MESSAGE_LINK.matcher(href);
        return m.matches() ? m.group(1) : null;
    }

    /** The first match that belongs to this message itself, not to a quoted reply. */
    /**
     * The message's own page, {@code t.me/<channel>/<id>}: the date link when it is that page (query dropped, e.g.
     * {@code ?single}), else built from {@code data-post}. The URL is what the capturer opens in a browser, so a date
     * link to another message or another site is not taken on the page's word.
     */
    static String ownPage(String dateHref, String post, String base) {
        try {
            URI href = new URI(dateHref);
            String scheme = href.getScheme() == null ? "" : href.getScheme().toLowerCase(java.util.Locale.ROOT);
            String host = href.getHost();
            String baseHost = URI.create(base).getHost();
            if ((scheme.equals("https") || scheme.equals("http")) && host != null
                    && (host.equalsIgnoreCase("t.me") || host.equalsIgnoreCase(baseHost))
                    && ("/" + post).equalsIgnoreCase(href.getRawPath())) {
                return scheme + "://" + href.getRawAuthority() + href.getRawPath();
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // not a usable link: built from the message id below
        }
        return base + "/" + post;
    }

    private static Element own(Element message, String selector) {
        for (Element el : message.select(selector)) {
            if (el.closest(QUOTED) == null) {
                return el;
            }
        }
        return null;
    }
}
