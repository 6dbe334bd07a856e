package org.evidencepipeline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A recorded-shape corpus made from a seed: posts in Ukrainian, Russian, English and Arabic with hashtags,
 * mentions and links (some with tracking parameters), about one in five carrying one JPEG of 50 to 500 KB.
 * Each post is pre-rendered as an RSS 2.0 {@code <item>} (UTF-8 bytes), so feeds are cheap to re-serve as
 * they grow.
 */
final class Corpus {
    record Post(int number, String language, int imageBase, int imageBytes, byte[] itemXml) {
        boolean hasImage() {
            return imageBase >= 0;
        }
    }

    private static final String[] UK = ("сьогодні вранці у місті пролунали вибухи рятувальники працюють на місці "
            + "мешканці району залишаються в укриттях енергетики відновили живлення після атаки на підстанцію "
            + "волонтери привезли воду та хліб до школи де живуть переселенці лікарі кажуть що поранених "
            + "стало більше влада просить не поширювати фото наслідків обстрілу бо це допомагає ворогу").split(" ");
    private static final String[] RU = ("сегодня утром в городе прогремели взрывы спасатели работают на месте "
            + "жители района остаются в укрытиях энергетики восстановили питание после атаки на подстанцию "
            + "волонтёры привезли воду и хлеб в школу где живут переселенцы врачи говорят что раненых "
            + "стало больше власти просят не распространять фото последствий обстрела потому что это опасно").split(" ");
    private static final String[] EN = ("this morning several explosions were heard across the city rescue teams "
            + "are working at the site residents of the district remain in shelters engineers restored power "
            + "after the attack on the substation volunteers brought water and bread to the school where "
            + "displaced families live doctors say the number of injured has grown officials ask people "
            + "not to share photos of the damage").split(" ");
    private static final String[] AR = ("سمع سكان المدينة صباح اليوم عدة انفجارات وتعمل فرق الإنقاذ في الموقع "
            + "ولا يزال سكان الحي في الملاجئ وأعاد المهندسون التيار الكهربائي بعد الهجوم على المحطة "
            + "وأحضر المتطوعون الماء والخبز إلى المدرسة التي تسكنها العائلات النازحة ويقول الأطباء إن "
            + "عدد الجرحى ارتفع وتطلب السلطات من الناس عدم نشر صور الأضرار").split(" ");
    private static final String[] TAGS_UK = {"#Харків", "#Україна", "#обстріл", "#новини", "#Київ"};
    private static final String[] TAGS_RU = {"#Харьков", "#новости", "#обстрел", "#Донецк"};
    private static final String[] TAGS_EN = {"#Ukraine", "#Kharkiv", "#breaking", "#OSINT"};
    private static final String[] TAGS_AR = {"#حلب", "#سوريا", "#عاجل", "#غزة"};
    private static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    final long seed;
    final List<Post> posts;
    final int imagePosts;
    final long imageBytes;

    private Corpus(long seed, List<Post> posts) {
        this.seed = seed;
        this.posts = posts;
        this.imagePosts = (int) posts.stream().filter(Post::hasImage).count();
        this.imageBytes = posts.stream().mapToLong(Post::imageBytes).sum();
    }

    /**
     * @param imageShare share of posts with one image (0.2 in the standard corpus; 0 for a text-only corpus)
     * @param media      where image URLs point, or null when imageShare is 0
     */
    static Corpus generate(int count, long seed, double imageShare, JpegPool jpegs, MediaServer media) {
        Random r = new Random(seed);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        List<Post> posts = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            double l = r.nextDouble();
            String lang = l < 0.35 ? "uk" : l < 0.60 ? "ru" : l < 0.85 ? "en" : "ar";
            String[] words = switch (lang) {
                case "uk" -> UK;
                case "ru" -> RU;
                case "en" -> EN;
                default -> AR;
            };
            String[] tags = switch (lang) {
                case "uk" -> TAGS_UK;
                case "ru" -> TAGS_RU;
                case "en" -> TAGS_EN;
                default -> TAGS_AR;
            };
            int length = 12 + r.nextInt(29);
            StringBuilder text = new StringBuilder();
            int offset = r.nextInt(words.length);
            for (int i = 0; i < length; i++) {
                String w = words[(offset + i + (r.nextInt(5) == 0 ? r.nextInt(words.length) : 0)) % words.length];
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(w);
                if (i > 0 && i % 9 == 8) {
                    text.append('.');
                }
            }
            text.append('.');
            int tagCount = r.nextInt(4);
            for (int i = 0; i < tagCount; i++) {
                text.append(' ').append(tags[r.nextInt(tags.length)]);
            }
            if (r.nextInt(3) == 0) {
                text.append(" @reporter_").append(r.nextInt(500));
            }
            if (r.nextInt(2) == 0) {
                text.append(" https://news").append(r.nextInt(20)).append(".example.org/a/").append(n);
                if (r.nextBoolean()) {
                    text.append("?utm_source=telegram&utm_medium=social&id=").append(r.nextInt(1000));
                }
            }
            String title = String.join(" ", text.toString().split(" ", 7)).lines().findFirst().orElse("");
            title = title.length() > 80 ? title.substring(0, 80) : title;
            int base = -1;
            int size = 0;
            String enclosure = "";
            if (imageShare > 0 && r.nextDouble() < imageShare) {
                base = r.nextInt(jpegs.baseCount());
                size = jpegs.variantSize(base, MediaServer.uniqueText(seed, n));
                enclosure = "<enclosure url=\"" + media.url(seed, n, base) + "\" length=\"" + size + "\" type=\"image/jpeg\"/>";
            }
            String item = "<item><title>" + xml(title) + "</title>"
                    + "<link>https://wire.example.org/posts/" + seed + "/" + n + "</link>"
                    + "<guid isPermaLink=\"false\">" + guid(seed, n) + "</guid>"
                    + "<pubDate>" + RFC822.format(start.plusSeconds(n)) + "</pubDate>"
                    + "<description><![CDATA[<p>" + text + "</p>]]></description>"
                    + enclosure + "</item>\n";
            posts.add(new Post(n, lang, base, size, item.getBytes(StandardCharsets.UTF_8)));
        }
        return new Corpus(seed, posts);
    }

    /** The guid of post {@code number}; its post id is {@code PostIds.rss(feedUrl, guid)} for the feed serving it. */
    static String guid(long seed, int number) {
        return guidPrefix(seed) + number;
    }

    /** What every guid of the corpus with this seed starts with (ids are feed-scoped, guids are not). */
    static String guidPrefix(long seed) {
        return "bench-" + seed + "-";
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
