package dev.kiln.core.transform;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain, {@code MurmurHash3_x86_32} in
 * smhasher). Written here so the hash of a token is fixed by this code alone: the same bucket on
 * every JVM and in every version, and the same value as scikit-learn's {@code murmurhash3_32}.
 */
final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /** The hash of the string's UTF-8 bytes. */
  static int hash(String s, int seed) {
    return hash(s.getBytes(StandardCharsets.UTF_8), seed);
  }

  static int hash(byte[] data, int seed) {
    int h = seed;
    int blocks = data.length / 4;
    for (int i = 0; i < blocks; i++) {
      int o = i * 4;
      int k =
          (data[o] & 0xff)
              | (data[o + 1] & 0xff) << 8
              | (data[o + 2] & 0xff) << 16
              | (data[o + 3] & 0xff) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = blocks * 4;
    int k = 0;
    switch (data.length & 3) {
      case 3:
        k ^= (data[tail + 2] & 0xff) << 16;
      // fall through
      case 2:
        k ^= (data[tail + 1] & 0xff) << 8;
      // fall through
      case 1:
        k ^= data[tail] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }
}
