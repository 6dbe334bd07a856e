package org.evidencepipeline.capturer.video.stream;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BestVariantUnderTheHeightCapIsChosenTest {
    private static HlsMasterPlaylist.Variant v(String uri, long bandwidth, Integer w, Integer h) {
        return new HlsMasterPlaylist.Variant(uri, bandwidth, w, h, null, null, null);
    }

    @Test
    void theHighestBandwidthUnderTheCapWins() {
        List<HlsMasterPlaylist.Variant> variants = List.of(v("240", 300_000, 426, 240), v("1080", 6_000_000, 1920, 1080),
                v("720", 3_000_000, 1280, 720), v("2160", 16_000_000, 3840, 2160));
        assertThat(new VariantRule(1080).chooseVariant(variants).uri()).isEqualTo("1080");
        assertThat(new VariantRule(720).chooseVariant(variants).uri()).isEqualTo("720");
        assertThat(new VariantRule(0).chooseVariant(variants).uri()).isEqualTo("2160");
    }

    @Test
    void whenNoneFitsTheLowestBandwidthIsTaken() {
        List<HlsMasterPlaylist.Variant> variants = List.of(v("1080", 6_000_000, 1920, 1080), v("720", 3_000_000, 1280, 720));
        assertThat(new VariantRule(360).chooseVariant(variants).uri()).isEqualTo("720");
    }

    @Test
    void anUnknownHeightCountsAsFitting() {
        List<HlsMasterPlaylist.Variant> variants = List.of(v("720", 3_000_000, 1280, 720), v("unknown", 9_000_000, null, null));
        assertThat(new VariantRule(480).chooseVariant(variants).uri()).isEqualTo("unknown");
    }

    @Test
    void equalBandwidthsAreBrokenByResolutionThenOrder() {
        assertThat(new VariantRule(1080).chooseVariant(List.of(v("small", 2_000_000, 640, 360),
                v("large", 2_000_000, 1280, 720))).uri()).isEqualTo("large");
        assertThat(new VariantRule(1080).chooseVariant(List.of(v("first", 2_000_000, 1280, 720),
                v("second", 2_000_000, 1280, 720))).uri()).isEqualTo("first");
    }

    @Test
    void dashRepresentationsFollowTheSameRule() {
        List<DashManifest.Representation> reps = List.of(
                new DashManifest.Representation("1080", 5_000_000, 1920, 1080, "avc1", "video/mp4", null, List.of()),
                new DashManifest.Representation("720", 2_500_000, 1280, 720, "avc1", "video/mp4", null, List.of()),
                new DashManifest.Representation("480", 1_200_000, 854, 480, "avc1", "video/mp4", null, List.of()));
        assertThat(new VariantRule(720).chooseRepresentation(reps).id()).isEqualTo("720");
        assertThat(new VariantRule(100).chooseRepresentation(reps).id()).isEqualTo("480");
    }

    @Test
    void aNegativeHeightCapIsNotARule() {
        assertThatThrownBy(() -> new VariantRule(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new VariantRule(0).describe()).isEqualTo("highest-bandwidth");
    }
}
