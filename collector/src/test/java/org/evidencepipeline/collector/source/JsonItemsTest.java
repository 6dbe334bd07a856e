package org.evidencepipeline.collector.source;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each array element's range is exactly its bytes in the body, whatever the encoding, escapes and layout around it. */
class JsonItemsTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> slices(byte[] body, String... path) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonItems.Range r : JsonItems.ranges(body, path)) {
            out.add(new String(Arrays.copyOfRange(body, r.offset(), r.offset() + r.length()), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void rangesAreByteOffsetsSoMultiByteTextBeforeAnItemDoesNotShiftIt() throws Exception {
        String a = "{\"id\":\"1\",\"content\":\"Вибухи у Харкові 🚨🇺🇦\"}";
        String b = "{\"id\":\"2\",\"content\":\"صفارات الإنذار 👩‍👩‍👧\"}";
        String c = "{\"id\":\"3\",\"content\":\"plain\"}";
        byte[] body = utf8("[" + a + "," + b + "," + c + "]");

        assertThat(slices(body)).containsExactly(a, b, c);
    }

    @Test
    void quotesBracesAndBracketsInsideStringsDoNotEndAnItem() throws Exception {
        String a = "{\"id\":\"1\",\"content\":\"he said \\\"}]\\\" then {\\\\\",\"k\\\"}\":\"[\"}";
        String b = "{\"id\":\"2\",\"content\":\"\\u007d\\u005d \\/ \\\\\\\"\"}";
        byte[] body = utf8("[" + a + "," + b + "]");

        assertThat(slices(body)).containsExactly(a, b);
        JsonNode tree = Json.read(body, "test", "t");
        assertThat(Json.read(utf8(slices(body).get(0)), "test", "t")).isEqualTo(tree.get(0));
    }

    @Test
    void whitespaceAndNewlinesBetweenItemsAreNotPartOfThem() throws Exception {
        String a = "{\n    \"id\" : \"1\",\n    \"tags\" : [ { \"name\" : \"Харків\" } ]\n  }";
        String b = "{\"id\":\"2\"}";
        byte[] body = utf8("\r\n[\n  " + a + " ,\r\n\t\t" + b + "\n\n]\n");

        assertThat(slices(body)).containsExactly(a, b);
    }

    @Test
    void aUtf8ByteOrderMarkIsCountedInTheOffsets() throws Exception {
        String a = "{\"id\":\"1\",\"content\":\"Київ\"}";
        byte[] json = utf8("[" + a + "]");
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);

        assertThat(JsonItems.ranges(body)).containsExactly(new JsonItems.Range(4, utf8(a).length));
        assertThat(slices(body)).containsExactly(a);
        assertThat(Json.read(body, "test", "t").size()).as("Json.read accepts the BOM too").isEqualTo(1);
    }

    @Test
    void aNestedPathFindsOnlyThatArrayNotLookalikesElsewhere() throws Exception {
        String child1 = "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_a\",\"children\":[{\"decoy\":1}]}}";
        String child2 = "{\"kind\":\"t3\",\"data\":{\"name\":\"t3_b\",\"title\":\"Запоріжжя\"}}";
        byte[] body = utf8("{\"children\":[{\"top\":1}],\"kind\":\"Listing\",\"data\":{\"after\":null,\"dist\":2,"
                + "\"children\":[" + child1 + ", " + child2 + "],\"before\":null}}");

        assertThat(slices(body, "data", "children")).containsExactly(child1, child2);
    }

    @Test
    void aRepeatedFieldCountsByItsLastOccurrenceAsTheTreeReaderDoes() throws Exception {
        byte[] body = utf8("{\"feed\":[{\"post\":\"old\"}],\"cursor\":\"x\",\"feed\":[{\"post\":\"new1\"},{\"post\":\"new2\"}]}");

        JsonNode tree = Json.read(body, "test", "t");
        assertThat(tree.get("feed").size()).isEqualTo(2);
        assertThat(slices(body, "feed")).containsExactly("{\"post\":\"new1\"}", "{\"post\":\"new2\"}");
    }

    @Test
    void scalarElementsGetTheirOwnRangesSoPositionsStayAligned() throws Exception {
        byte[] body = utf8("[\"a \\\"q\\\" ]\", 12.5e3, null, true, {\"id\":\"1\"}, [1,[2]], \"Ї\"]");

        assertThat(slices(body)).containsExactly("\"a \\\"q\\\" ]\"", "12.5e3", "null", "true", "{\"id\":\"1\"}", "[1,[2]]", "\"Ї\"");
    }

    @Test
    void aPathThatIsNotAnArrayHasNoItems() throws Exception {
        assertThat(JsonItems.ranges(utf8("{\"feed\":{\"post\":1}}"), "feed")).isEmpty();
        assertThat(JsonItems.ranges(utf8("{\"data\":[1]}"), "data", "children")).isEmpty();
        assertThat(JsonItems.ranges(utf8("{\"posts\":[]}"), "posts")).isEmpty();
        assertThat(JsonItems.ranges(utf8("[{\"id\":1}]"), "feed")).isEmpty();
    }

    @Test
    void jsonThatIsNotUtf8IsRefusedRatherThanGivenGuessedRanges() throws Exception {
        byte[] utf16 = "[{\"id\":\"1\",\"content\":\"Київ\"}]".getBytes(StandardCharsets.UTF_16BE);
        assertThat(Json.read(utf16, "test", "t").size()).as("the tree reader decodes it").isEqualTo(1);

        assertThatThrownBy(() -> JsonItems.ranges(utf16)).hasMessageContaining("not UTF-8");
    }

    @Test
    void theReadersLimitsApplyToo() {
        byte[] deep = utf8("[" + "[".repeat(100) + "]".repeat(100) + "]");

        assertThatThrownBy(() -> JsonItems.ranges(deep)).hasMessageContaining("nesting depth");
    }
}
