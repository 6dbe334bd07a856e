package org.evidencepipeline.collector.source.rss;

import org.evidencepipeline.contracts.Hashes;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.Text;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.GeoPoint;
import org.evidencepipeline.contracts.MediaRef;
import org.jdom2.Element;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one feed entry into a {@link FoundPost}: stable id, text without markup, media and geo as declared. */
final class RssEntryMapper {
    static final String MEDIA_NS = "http://search.yahoo.com/mrss/";
    static final String GEORSS_NS = "http://www.georss.org/georss";
    static final String W3C_GEO_NS = "http://www.w3.org/2003/01/geo/wgs84_pos#";
    static final String YOUTUBE_NS = "http://www.youtube.com/xml/schemas/2015";
    static final String YOUTUBE_WATCH = "https://www.youtube.com/watch?v=";

    FoundPost map(SyndFeed feed, SyndEntry entry, String feedUrl) {
        List<Element> markup = entry.getForeignMarkup();
        String videoId = child(markup, YOUTUBE_NS, "videoId");
        String link = absolute(feedUrl, entry.getLink());
        String platform;
        String platformId;
        if (videoId != null && RssIds.isYoutubeFeed(feedUrl)) {
            platform = "youtube"; // youtube.com's own feed: the video id is global and trustworthy
            platformId = videoId;
            // The video's own page, whatever the entry links to (a Shorts URL, nothing): the page the capturer opens.
            if (videoId.matches("[A-Za-z0-9_-]{6,32}")) {
                link = YOUTUBE_WATCH + videoId;
            }
        } else {
            // Any other feed: a guid is only unique within its feed, and a <yt:videoId> elsewhere is only a claim.
            platform = "rss";
            String guid = firstNonBlank(entry.getUri(), link);
            if (guid == null) {
                guid = "sha256-" + sha256(feedUrl + "\n" + entry.getTitle() + "\n" + entry.getPublishedDate());
            }
            platformId = RssIds.platformId(feedUrl, guid);
        }
        Instant published = entry.getPublishedDate() != null ? entry.getPublishedDate().toInstant()
                : entry.getUpdatedDate() != null ? entry.getUpdatedDate().toInstant() : null;
        return new FoundPost(platform, platformId, link, author(entry), Text.fromHtml(entry.getTitle()), text(entry, markup),
                blankToNull(feed.getLanguage()), published, media(entry, markup, feedUrl), geo(markup));
    }

    private static String text(SyndEntry entry, List<Element> markup) {
        StringBuilder html = new StringBuilder();
        for (SyndContent c : entry.getContents()) {
            if (c.getValue() != null) {
                html.append(c.getValue()).append('\n');
            }
        }
        if (html.length() == 0 && entry.getDescription() != null && entry.getDescription().getValue() != null) {
            html.append(entry.getDescription().getValue());
        }
        if (html.length() == 0) {
            Element group = element(markup, MEDIA_NS, "group");
            String mediaDescription = group != null ? group.getChildText("description", group.getNamespace())
                    : child(markup, MEDIA_NS, "description");
            if (mediaDescription != null) {
                return mediaDescription.strip();
            }
        }
        return Text.fromHtml(html.toString());
    }

    private static Author author(SyndEntry entry) {
        if (!entry.getAuthors().isEmpty()) {
            SyndPerson p = entry.getAuthors().get(0);
            return new Author(null, blankToNull(p.getName()), blankToNull(p.getUri()));
        }
        String name = blankToNull(entry.getAuthor());
        return name == null ? null : new Author(null, name, null);
    }

    private static List<MediaRef> media(SyndEntry entry, List<Element> markup, String feedUrl) {
        Map<String, MediaRef> byUrl = new LinkedHashMap<>();
        for (SyndEnclosure e : entry.getEnclosures()) {
            if (e.getUrl() != null && !e.getUrl().isBlank()) {
                String url = absolute(feedUrl, e.getUrl());
                byUrl.putIfAbsent(url, new MediaRef(url, blankToNull(e.getType()), null));
            }
        }
        List<Element> mediaElements = new ArrayList<>();
        for (Element el : markup) {
            if (MEDIA_NS.equals(el.getNamespaceURI())) {
                if ("group".equals(el.getName())) {
                    mediaElements.addAll(el.getChildren());
                } else {
                    mediaElements.add(el);
                }
            }
        }
        for (Element el : mediaElements) {
            String url = el.getAttributeValue("url");
            if (url == null || url.isBlank()) {
                continue;
            }
            String type = el.getAttributeValue("type");
            if ("content".equals(el.getName())) {
                if ("application/x-shockwave-flash".equals(type)) {
                    continue; // YouTube's legacy player URL, not media
                }
                String medium = el.getAttributeValue("medium");
                String declared = type != null ? type : medium;
                byUrl.putIfAbsent(absolute(feedUrl, url), new MediaRef(absolute(feedUrl, url), declared, null));
            } else if ("thumbnail".equals(el.getName())) {
                byUrl.putIfAbsent(absolute(feedUrl, url), new MediaRef(absolute(feedUrl, url), "image", "thumbnail"));
            }
        }
        return List.copyOf(byUrl.values());
    }

    private static GeoPoint geo(List<Element> markup) {
        String point = child(markup, GEORSS_NS, "point");
        try {
            if (point != null) {
                String[] parts = point.trim().split("[\\s,]+");
                if (parts.length == 2) {
                    return new GeoPoint(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                }
            }
            String lat = child(markup, W3C_GEO_NS, "lat");
            String lon = child(markup, W3C_GEO_NS, "long");
            if (lat != null && lon != null) {
                return new GeoPoint(Double.parseDouble(lat.trim()), Double.parseDouble(lon.trim()));
            }
        } catch (IllegalArgumentException notAPoint) {
            return null; // a malformed point is not a location; the post is still worth keeping
        }
        return null;
    }

    private static Element element(List<Element> markup, String ns, String name) {
        for (Element el : markup) {
            if (ns.equals(el.getNamespaceURI()) && name.equals(el.getName())) {
                return el;
            }
        }
        return null;
    }

    private static String child(List<Element> markup, String ns, String name) {
        Element el = element(markup, ns, name);
        return el == null ? null : blankToNull(el.getTextTrim());
    }

    private static String absolute(String base, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            return URI.create(base).resolve(url.trim()).toString();
        } catch (IllegalArgumentException e) {
            return url.trim();
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String sha256(String s) {
        return Hashes.sha256Hex(s);
    }
}
