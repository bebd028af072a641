package dev.kiln.serve.model;

import static dev.kiln.serve.model.JsonScalars.invalid;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Open Inference Protocol's binary tensor data extension (KServe's and Triton's "Binary Tensor
 * Data Extension"): a request body is a JSON header of {@code Inference-Header-Content-Length}
 * bytes followed by the data of every input whose {@code parameters} say {@code binary_data_size},
 * in the order of the inputs; an answer carries the outputs asked for as binary ({@code
 * binary_data_output} in the request's parameters, {@code binary_data} in an output's) after its
 * JSON the same way. Values are little-endian, row-major, without padding: BOOL one byte (0 or 1),
 * BYTES a 4-byte length then the bytes, numbers in their datatype's size.
 *
 * <p>What a binary input holds is turned into the values its JSON {@code data} would have given
 * (Long, Double, Boolean, String), so the same checks and binding follow and the answer is the
 * same.
 */
final class BinaryTensors {
  /** The request header naming the JSON part's length. */
  static final String HEADER = "Inference-Header-Content-Length";

  private BinaryTensors() {}

  /** The binary part of a request body: {@code body[from, to)}. */
  record Part(byte[] body, int from, int to) {}

  /**
   * Fills the {@code data} of every tensor that has a {@code binary_data_size} from {@code part},
   * in order; every byte of the part must be taken.
   */
  static void fill(List<InferRequest.Tensor> tensors, Part part) {
    int at = part == null ? 0 : part.from();
    for (int index = 0; index < tensors.size(); index++) {
      InferRequest.Tensor t = tensors.get(index);
      if (t.binarySize < 0) {
        continue;
      }
      String where = "inputs[" + index + "] ('" + t.name + "')";
      if (part == null) {
        throw invalid(
            where
                + " has parameters.binary_data_size but the request has no binary data: send the"
                + " JSON's length in the "
                + HEADER
                + " header and the tensors' bytes after it");
      }
      if (t.data != null) {
        throw invalid(where + " has both data and parameters.binary_data_size; give one");
      }
      if (t.binarySize > part.to() - at) {
        throw invalid(
            where
                + " has binary_data_size "
                + t.binarySize
                + " but only "
                + (part.to() - at)
                + " bytes of binary data are left after the inputs before it");
      }
      int size = (int) t.binarySize;
      t.data = values(t, where, ByteBuffer.wrap(part.body(), at, size).slice());
      at += size;
    }
    if (part != null && at != part.to()) {
      throw invalid(
          "The request has "
              + (part.to() - at)
              + " bytes of binary data that no input's binary_data_size accounts for");
    }
  }

  private static ArrayList<Object> values(InferRequest.Tensor t, String where, ByteBuffer b) {
    b.order(ByteOrder.LITTLE_ENDIAN);
    String type = t.datatype;
    long count = count(t.shape);
    if (type.equals("BYTES")) {
      return strings(b, where, count);
    }
    int width = width(type);
    if (width <= 0) {
      throw invalid(where + " has datatype '" + type + "', which has no binary form");
    }
    if (count > Integer.MAX_VALUE || (long) b.remaining() != count * width) {
      throw invalid(
          where
              + " has shape "
              + InferRequest.shapeText(t.shape)
              + " of "
              + type
              + ": "
              + count
              + " values of "
              + width
              + " bytes, but binary_data_size is "
              + b.remaining());
    }
    ArrayList<Object> out = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      out.add(value(type, b, where, i));
    }
    return out;
  }

  private static Object value(String type, ByteBuffer b, String where, int i) {
    switch (type) {
      case "BOOL":
        byte v = b.get();
        if (v != 0 && v != 1) {
          throw invalid(where + " value " + i + " is the byte " + v + "; a BOOL is 0 or 1");
        }
        return v == 1;
      case "INT8":
        return (long) b.get();
      case "UINT8":
        return (long) (b.get() & 0xFF);
      case "INT16":
        return (long) b.getShort();
      case "UINT16":
        return (long) (b.getShort() & 0xFFFF);
      case "INT32":
        return (long) b.getInt();
      case "UINT32":
        return b.getInt() & 0xFFFFFFFFL;
      case "INT64":
        return b.getLong();
      case "UINT64":
        long u = b.getLong();
        if (u < 0) {
          throw invalid(where + " value " + i + " is beyond the range of a 64-bit integer");
        }
        return u;
      case "FP16":
        return (double) half(b.getShort());
      case "BF16":
        return (double) Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
      case "FP32":
        return (double) b.getFloat();
      default: // FP64
        return b.getDouble();
    }
  }

  /** The number of values a shape holds, Long.MAX_VALUE when more than a long counts. */
  static long count(long[] shape) {
    long count = 1;
    for (long d : shape) {
      if (d == 0) {
        return 0;
      }
      count = count > Long.MAX_VALUE / d ? Long.MAX_VALUE : count * d;
    }
    return count;
  }

  /** Bytes per value of a fixed-size datatype; 0 for BYTES or an unknown one. */
  static int width(String type) {
    switch (type) {
      case "BOOL", "INT8", "UINT8":
        return 1;
      case "INT16", "UINT16", "FP16", "BF16":
        return 2;
      case "INT32", "UINT32", "FP32":
        return 4;
      case "INT64", "UINT64", "FP64":
        return 8;
      default:
        return 0;
    }
  }

  private static ArrayList<Object> strings(ByteBuffer b, String where, long count) {
    ArrayList<Object> out = new ArrayList<>((int) Math.min(count, 1 << 16));
    for (long i = 0; b.hasRemaining(); i++) {
      if (b.remaining() < 4) {
        throw invalid(where + " BYTES value " + i + " is cut short in its 4-byte length");
      }
      long n = b.getInt() & 0xFFFFFFFFL;
      if (n > b.remaining()) {
        throw invalid(
            where
                + " BYTES value "
                + i
                + " says "
                + n
                + " bytes but "
                + b.remaining()
                + " are left");
      }
      byte[] s = new byte[(int) n];
      b.get(s);
      out.add(new String(s, StandardCharsets.UTF_8));
    }
    if (out.size() != count) {
      throw invalid(where + " holds " + out.size() + " BYTES values but its shape needs " + count);
    }
    return out;
  }

  /** An IEEE 754 half-precision float's bits as a float (exact: every half is a float). */
  static float half(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | mant << 13); // infinity or NaN
    }
    if (exp == 0) {
      float m = mant * 0x1p-24f; // subnormal (or zero): mant * 2^-24
      return sign == 0 ? m : -m;
    }
    return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
  }
}
