package dev.kiln.learn.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UbjsonTest {
  /**
   * {"name": "gbtree", "n": -2, "big": 300, "x": [$d#i2 0.5 -1.25], "ok": true, "list": [256,
   * 2^32], "ids": [$I#U3 7 -1 300], "z": null}
   */
  private static byte[] sample() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('{');
    key(out, "name");
    out.write('S');
    out.write('U');
    out.write(6);
    out.writeBytes("gbtree".getBytes(StandardCharsets.UTF_8));
    key(out, "n");
    out.write('i');
    out.write(-2);
    key(out, "big");
    out.write('I');
    out.writeBytes(ByteBuffer.allocate(2).putShort((short) 300).array());
    key(out, "x");
    out.writeBytes(new byte[] {'[', '$', 'd', '#', 'i', 2});
    out.writeBytes(ByteBuffer.allocate(8).putFloat(0.5f).putFloat(-1.25f).array());
    out.write('N'); // a no-op between members
    key(out, "ok");
    out.write('T');
    key(out, "list");
    out.writeBytes(new byte[] {'[', 'l', 0, 0, 1, 0, 'L', 0, 0, 0, 1, 0, 0, 0, 0, ']'});
    key(out, "ids");
    out.writeBytes(new byte[] {'[', '$', 'I', '#', 'U', 3, 0, 7, (byte) 0xFF, (byte) 0xFF, 1, 44});
    key(out, "z");
    out.write('Z');
    out.write('}');
    return out.toByteArray();
  }

  private static void key(ByteArrayOutputStream out, String key) {
    out.write('U');
    out.write(key.length());
    out.writeBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsObjectsStringsIntegersTypedFloatArraysAndNoOps() throws Exception {
    JsonNode root = Ubjson.read(sample());

    assertThat(root.get("name").asText()).isEqualTo("gbtree");
    assertThat(root.get("n").intValue()).isEqualTo(-2);
    assertThat(root.get("big").intValue()).isEqualTo(300);
    // typed, counted arrays are kept packed: float[] for float32, int[] for the integer types
    assertThat(((POJONode) root.get("x")).getPojo()).isEqualTo(new float[] {0.5f, -1.25f});
    assertThat(((POJONode) root.get("ids")).getPojo()).isEqualTo(new int[] {7, -1, 300});
    assertThat(root.get("ok").booleanValue()).isTrue();
    assertThat(root.get("list").get(0).intValue()).isEqualTo(256);
    assertThat(root.get("list").get(1).longValue()).isEqualTo(1L << 32);
    assertThat(root.get("z").isNull()).isTrue();
  }

  @Test
  void aTruncatedFileOrAnUnknownMarkerIsUnsupportedNotACrash() {
    byte[] whole = sample();
    for (int cut = 1; cut < whole.length; cut++) {
      byte[] part = Arrays.copyOf(whole, cut);
      assertThatThrownBy(() -> Ubjson.read(part)).isInstanceOf(Unsupported.class);
    }
    byte[] unknown = whole.clone();
    unknown[unknown.length - 2] = 'Q'; // the null of "z"
    assertThatThrownBy(() -> Ubjson.read(unknown))
        .isInstanceOf(Unsupported.class)
        .hasMessageContaining("unknown marker 'Q'");
    byte[] extra = Arrays.copyOf(whole, whole.length + 1);
    extra[whole.length] = 'T';
    assertThatThrownBy(() -> Ubjson.read(extra))
        .isInstanceOf(Unsupported.class)
        .hasMessageContaining("1 bytes too many");
  }
}
