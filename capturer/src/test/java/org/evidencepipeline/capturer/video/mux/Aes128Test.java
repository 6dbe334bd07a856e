package org.evidencepipeline.capturer.video.mux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Aes128Test {

    @Test
    void withoutAStatedIvTheSequenceNumberIsTheIvAsASixteenByteBigEndianInteger(@TempDir Path dir) throws Exception {
        byte[] key = new byte[16];
        byte[] clear = new byte[100_000];
        new Random(3).nextBytes(key);
        new Random(4).nextBytes(clear);
        long sequence = 0x1_0000_0001L;
        Path keyFile = Files.write(dir.resolve("k"), key);
        Path segment = Files.write(dir.resolve("s"), encrypt(key, ByteBuffer.allocate(16).putLong(8, sequence).array(), clear));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Aes128.decrypt(segment, keyFile, null, sequence, out);

        assertThat(out.toByteArray()).isEqualTo(clear);
        // CBC: another IV spoils exactly the first block, so the IV used was this one
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        Aes128.decrypt(segment, keyFile, null, sequence + 1, other);
        assertThat(java.util.Arrays.copyOf(other.toByteArray(), 16)).isNotEqualTo(java.util.Arrays.copyOf(clear, 16));
        assertThat(java.util.Arrays.copyOfRange(other.toByteArray(), 16, clear.length))
                .isEqualTo(java.util.Arrays.copyOfRange(clear, 16, clear.length));
    }

    @Test
    void aStatedIvIsHexRightAlignedInSixteenBytes() throws Exception {
        assertThat(Aes128.iv("0x0123456789abcdef0123456789ABCDEF", 9))
                .isEqualTo(java.util.HexFormat.of().parseHex("0123456789abcdef0123456789abcdef"));
        assertThat(Aes128.iv("0X1", 9)).isEqualTo(ByteBuffer.allocate(16).putLong(8, 1).array());
        assertThat(Aes128.iv(null, 258)).isEqualTo(ByteBuffer.allocate(16).putLong(8, 258).array());
    }

    @Test
    void anIvThatIsNotHexOrTooLongIsUndecryptable() {
        assertThatThrownBy(() -> Aes128.iv("0123", 0)).isInstanceOf(Aes128.Undecryptable.class).hasMessageContaining("0x");
        assertThatThrownBy(() -> Aes128.iv("0x" + "0".repeat(33), 0)).isInstanceOf(Aes128.Undecryptable.class);
        assertThatThrownBy(() -> Aes128.iv("0xzz", 0)).isInstanceOf(Aes128.Undecryptable.class);
        assertThatThrownBy(() -> Aes128.iv(null, -1)).isInstanceOf(Aes128.Undecryptable.class);
    }

    private static byte[] encrypt(byte[] key, byte[] iv, byte[] clear) throws Exception {
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return aes.doFinal(clear);
    }
}
